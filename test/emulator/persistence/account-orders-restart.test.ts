// Each account's index of its orders (src/emulator/engine/account-orders.ts) across restarts of a data dir whose
// chunks are tiny (4 ids): the final snapshot refers to its spilled chunks and holds the one being filled, and
// after a start from it, then after a crash (the journal replayed on top of it), two accounts' allOrders (newest,
// from an orderId, a time window) and order.status by client id answer as before.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { WebsocketAPIConnection } from '../../../src/client/index.js'
import { setHistoryChunkBits } from '../../../src/emulator/engine/history-chunks.js'
import { startExchange, type TestExchange, type TestExchangeOptions } from '../../support/exchange.js'
import { snapshotLines } from './snapshot-field.js'
import { limit } from './varied-trading.js'

let dirs: string[] = []
let kit: TestExchange | undefined
beforeEach(() => {
  dirs = [mkdtempSync(join(tmpdir(), 'bsw-account-orders-data-'))]
  setHistoryChunkBits(2)
})
afterEach(async () => {
  setHistoryChunkBits(12)
  await kit?.close()
  kit = undefined
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

const options = (dataDir: string): TestExchangeOptions => ({
  accounts: [{ apiKey: 'a' }, { apiKey: 'b', key: 'hmac' }],
  dataDir,
  snapshotEvery: 1_000_000,
})

/** The exchange on `dataDir` (the one running closed first), and a connection of each account. */
async function start(
  dataDir: string,
): Promise<{ k: TestExchange; conns: readonly WebsocketAPIConnection[] }> {
  await kit?.close()
  const k = await startExchange(options(dataDir))
  kit = k
  return { k, conns: await k.connectAll(['a', 'b']) }
}

/** Orders of both accounts a minute apart, client ids `<round>-<n>`: most canceled, some open, some filled. */
async function orders(
  k: TestExchange,
  conns: readonly WebsocketAPIConnection[],
  round: number,
): Promise<void> {
  for (let n = 0; n < 14; n++) {
    const conn = conns[n % 2] as WebsocketAPIConnection
    k.ex.clock.advance(60_000)
    const placed = await conn.orderPlace({
      ...limit('BUY', String(50_000 + n)),
      newClientOrderId: `${round}-${n}`,
    })
    if (n % 5 === 3) await conns[(n + 1) % 2]?.orderPlace({ ...limit('SELL', String(50_000 + n)) })
    else if (n % 7 !== 6) await conn.orderCancel({ symbol: 'BTCUSDT', orderId: placed.data.orderId })
  }
}

type Listed = { orderId: number; clientOrderId: string; updateTime: number }

/** Each account's allOrders (newest 5, from its median orderId, a window of its middle update times, all) and status by client id. */
async function queries(conns: readonly WebsocketAPIConnection[]): Promise<unknown[]> {
  const out: unknown[] = []
  for (const conn of conns) {
    const ask = async (params: Record<string, unknown>) =>
      (await conn.sendSignedMessage<Listed[]>('allOrders', { symbol: 'BTCUSDT', ...params })).data
    const all = await ask({})
    const times = all.map((o) => o.updateTime).sort((x, y) => x - y)
    const middle = (k: number) => times[Math.floor((times.length * k) / 4)] as number
    out.push(all, await ask({ limit: 5 }), await ask({ orderId: all[all.length >> 1]?.orderId, limit: 4 }))
    out.push(await ask({ startTime: middle(1), endTime: middle(3) }))
    for (const { clientOrderId } of [...all, { clientOrderId: 'no-such-id' }]) {
      const status = await conn
        .sendSignedMessage('order.status', { symbol: 'BTCUSDT', origClientOrderId: clientOrderId })
        .then(
          (r) => r.data,
          (e: { code: number }) => e.code,
        )
      out.push(status)
    }
  }
  return out
}

/** What the snapshot in `dir` holds of each account's order ids: references to history.bin, chunks in full. */
function idChunks(dir: string): { spilled: number; inFull: number }[] {
  const snapshot = readdirSync(dir).find((n) => n.endsWith('.snap')) as string
  const parsed = snapshotLines(readFileSync(join(dir, snapshot), 'utf8')).map((l) => JSON.parse(l) as unknown)
  const shapes = new Map<number, { class: string; keys: string[] }>()
  for (const p of parsed)
    if ((p as { class?: string }).class) shapes.set((p as { id: number }).id, p as never)
  const objects = parsed.filter((p): p is unknown[] => Array.isArray(p))
  const field = (o: unknown[], key: string) => {
    const ref = String(o[1 + (shapes.get(o[0] as number)?.keys.indexOf(key) ?? -1)])
    return objects[Number(ref.slice(1, ref.indexOf(':')))] as unknown[]
  }
  return objects
    .filter((o) => shapes.get(o[0] as number)?.class === 'AccountOrders')
    .map((o) => {
      const chunks = field(field(o, 'ids'), 'chunks').slice(1)
      const spilled = chunks.filter((chunk) => /^!c\d/.test(String(chunk))).length
      return { spilled, inFull: chunks.length - spilled }
    })
}

describe("an account's order index in a data dir", () => {
  it('comes back from the final snapshot (spilled chunks by reference) and from the journal after it', async () => {
    const [dir] = dirs as [string]
    const first = await start(dir)
    await orders(first.k, first.conns, 0)
    const before = await queries(first.conns)
    await first.k.close()
    kit = undefined
    // Both accounts' index: full chunks (4 ids) by reference, the one being filled (and any full since the last spill pass) in full.
    const held = idChunks(dir)
    expect(held).toHaveLength(2)
    for (const { spilled, inFull } of held) {
      expect(spilled).toBeGreaterThan(0)
      expect(inFull).toBeGreaterThan(0)
    }

    const second = await start(dir)
    expect(await queries(second.conns)).toEqual(before)
    await orders(second.k, second.conns, 1)
    const more = await queries(second.conns)
    const crashed = mkdtempSync(join(tmpdir(), 'bsw-account-orders-crash-'))
    dirs.push(crashed)
    cpSync(dir, crashed, { recursive: true })
    const third = await start(crashed)
    expect(await queries(third.conns)).toEqual(more)
  })
})
