// A data dir whose history went to history.bin (tiny chunks, so a few orders spill): a restart from a worker's
// snapshot and the journal after it (as a crash leaves the data dir), and from the final snapshot after a clean
// close, gives back the same history; a book whose order index chunks were spilled finds every order by id and by
// client id after a restart, from its final snapshot and from the journal after it; a referenced chunk that is damaged, or a history.bin cut short, stops the
// start with a DataDirError naming history.bin and the byte offset; a reset's snapshot empties it.
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { setHistoryChunkBits } from '../../../src/emulator/engine/history-chunks.js'
import { DataDirError } from '../../../src/emulator/index.js'
import { startExchange, T0, type TestExchange, type TestExchangeOptions } from '../../support/exchange.js'
import { observed } from './observed.js'
import { snapshotField, snapshotLines } from './snapshot-field.js'
import { limit, trade } from './varied-trading.js'
import { bundleSnapshotWorker, type WorkerBundle } from './worker-bundle.js'

let bundle: WorkerBundle
let dir: string
let kit: TestExchange | undefined
let copies: string[] = []
beforeAll(async () => {
  bundle = await bundleSnapshotWorker()
})
afterAll(() => bundle.remove())
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bsw-history-data-'))
  setHistoryChunkBits(2)
})
afterEach(async () => {
  setHistoryChunkBits(12)
  await kit?.close()
  kit = undefined
  for (const d of [dir, ...copies]) rmSync(d, { recursive: true, force: true })
  copies = []
})

const options = (dataDir: string): TestExchangeOptions => ({
  // A clock that moves only when told: what is compared (the 10-second ORDERS count among it) stays put.
  clock: T0,
  accounts: [{ apiKey: 'a' }, { apiKey: 'b', key: 'hmac' }],
  liquidity: true,
  legacyListenKey: true,
  dataDir,
  snapshotWorker: bundle.entry,
  snapshotInlineMs: 0,
  snapshotEvery: 1_000_000,
})

async function start(dataDir = dir) {
  kit = await startExchange(options(dataDir))
  return { kit, conns: await kit.connectAll(['a', 'b']) }
}

async function restartOn(dataDir: string) {
  await kit?.close()
  kit = undefined
  return start(dataDir)
}

/** The data dir as a crash at this moment leaves it. */
function crashCopy(): string {
  const copy = mkdtempSync(join(tmpdir(), 'bsw-history-crash-'))
  cpSync(dir, copy, { recursive: true })
  copies.push(copy)
  return copy
}

/** Varied trading, then orders placed and cancelled: closed orders, trades and client ids enough to spill. */
async function history(
  k: TestExchange,
  conns: Awaited<ReturnType<typeof start>>['conns'],
  round = 0,
): Promise<void> {
  await trade(k, conns)
  const [a] = conns
  for (let n = 0; n < 12; n++) {
    const placed = await a?.orderPlace({
      ...limit('BUY', String(50_000 + n)),
      newClientOrderId: `h${round}-${n}`,
    })
    if (n % 3 !== 0) await a?.orderCancel({ symbol: 'BTCUSDT', orderId: placed?.data.orderId as number })
  }
}

const historyBin = (d: string) => join(d, 'history.bin')

/** The chunk references (offset, length) the snapshot in `d` holds. */
function references(d: string): [number, number][] {
  const snapshot = readdirSync(d).find((n) => n.endsWith('.snap')) as string
  const text = readFileSync(join(d, snapshot), 'utf8')
  return [...text.matchAll(/"!c(\d+):(\d+):\d+"/g)].map((m) => [Number(m[1]), Number(m[2])])
}

/** The snapshot's index chunks of BTCUSDT's orders: 'file' for a reference, else the typed array's type. */
function indexChunks(d: string): string[] {
  const snapshot = readdirSync(d).find((n) => n.endsWith('.snap')) as string
  const lines = snapshotLines(readFileSync(join(d, snapshot), 'utf8'))
  return snapshotField(lines, 'OrderIndex', 'entries').map((e) =>
    /^!c\d/.test(String(e)) ? 'file' : (String(e).split(':')[0] as string),
  )
}

type Conns = Awaited<ReturnType<typeof start>>['conns']

/** Orders of account a with client ids `i<round>-<n>`: every fifth left open (a stop among them), the rest canceled. */
async function indexed([a]: Conns, round: number): Promise<void> {
  for (let n = 0; n < 20; n++) {
    const stop = n % 10 === 4
    const placed = await a?.orderPlace({
      ...(stop
        ? { ...limit('SELL', '40000'), type: 'STOP_LOSS_LIMIT' as never, stopPrice: '40010' }
        : limit('BUY', String(50_000 + n))),
      newClientOrderId: `i${round}-${n}`,
    })
    if (n % 5 !== 4) await a?.orderCancel({ symbol: 'BTCUSDT', orderId: placed?.data.orderId as number })
  }
}

/** order.status of every BTCUSDT order by id (another account's: its error code), and of account a's by client id. */
async function statuses([a]: Conns): Promise<unknown[]> {
  const out: unknown[] = []
  const all = await a?.sendSignedMessage<{ orderId: number; clientOrderId: string }[]>('allOrders', {
    symbol: 'BTCUSDT',
  })
  const last = Math.max(...(all?.data ?? []).map((o) => o.orderId))
  for (let orderId = 1; orderId <= last; orderId++) {
    const status = await a
      ?.sendSignedMessage('order.status', { symbol: 'BTCUSDT', orderId })
      .catch((e: { code: number }) => e.code)
    out.push(typeof status === 'number' ? status : status?.data)
  }
  for (const { clientOrderId } of all?.data ?? []) {
    out.push(
      (await a?.sendSignedMessage('order.status', { symbol: 'BTCUSDT', origClientOrderId: clientOrderId }))
        ?.data,
    )
  }
  return out
}

describe('history in history.bin', () => {
  it("finds every order by id and by client id after a restart, with the book's index chunks in the file", async () => {
    const first = await start()
    await indexed(first.conns, 0)
    const before = await statuses(first.conns)
    await first.kit.close()
    kit = undefined
    // The final snapshot refers to the index chunks whose orders are all closed (a chunk holds 4 orders).
    expect(indexChunks(dir)).toContain('file')
    expect(indexChunks(dir)).toContain('!tUint32Array')
    const second = await start()
    expect(await statuses(second.conns)).toEqual(before)
    // More orders after that snapshot, then a crash: the journal's replay spills and finds the same.
    await indexed(second.conns, 1)
    const more = await statuses(second.conns)
    const crashed = crashCopy()
    const third = await restartOn(crashed)
    expect(await statuses(third.conns)).toEqual(more)
  })

  it('comes back from a worker snapshot (references and chunks in full) and the journal after it (a crash), then from the final snapshot', async () => {
    const zeroth = await start()
    await history(zeroth.kit, zeroth.conns)
    // The final snapshot refers to the chunks spilled so far; the worker's snapshot keeps those references and
    // holds the chunks its replay filled in full.
    const first = await restartOn(dir)
    await history(first.kit, first.conns, 1)
    await first.kit.ex.snapshot()
    expect(references(dir).length).toBeGreaterThan(0)
    await history(first.kit, first.conns, 2)
    const before = await observed(first.conns)
    expect(statSync(historyBin(dir)).size).toBeGreaterThan(0)
    const crashed = crashCopy()

    const second = await restartOn(crashed)
    expect(await observed(second.conns)).toEqual(before)
    // A closed order found by its client id: the in-memory hash, then its spilled record.
    const [a] = second.conns
    const all = await a?.sendSignedMessage<{ orderId: number; clientOrderId: string; status: string }[]>(
      'allOrders',
      { symbol: 'BTCUSDT' },
    )
    const canceled = all?.data.find((o) => o.status === 'CANCELED')
    const status = await a?.sendSignedMessage<{ orderId: number }>('order.status', {
      symbol: 'BTCUSDT',
      origClientOrderId: canceled?.clientOrderId,
    })
    expect(status?.data.orderId).toBe(canceled?.orderId)
    await second.kit.close()
    kit = undefined
    const third = await start(crashed)
    expect(await observed(third.conns)).toEqual(before)
  })

  it('is emptied once the snapshot after a reset is durable; the start after it has the fresh state', async () => {
    const first = await start()
    await history(first.kit, first.conns)
    expect(statSync(historyBin(dir)).size).toBeGreaterThan(0)
    await first.kit.ex.reset()
    expect(statSync(historyBin(dir)).size).toBe(0)
    const second = await restartOn(dir)
    const [a] = second.conns
    expect((await a?.sendSignedMessage<unknown[]>('allOrders', { symbol: 'BTCUSDT' }))?.data).toEqual([])
  })

  /** Trades, closes (the final snapshot refers to spilled chunks), and gives the references. */
  async function closedWithHistory(): Promise<[number, number][]> {
    const first = await start()
    await history(first.kit, first.conns)
    await first.kit.close()
    kit = undefined
    const refs = references(dir)
    expect(refs.length).toBeGreaterThan(0)
    return refs
  }

  const startFailure = (): Promise<unknown> =>
    startExchange(options(dir)).then(
      (started) => started.close(),
      (e: unknown) => e,
    )

  it('refuses a referenced chunk with a flipped byte, naming history.bin and the chunk offset', async () => {
    const [offset, length] = (await closedWithHistory()).sort((x, y) => y[0] - x[0])[0] as [number, number]
    const bytes = readFileSync(historyBin(dir))
    const at = offset + Math.floor(length / 2)
    bytes[at] = (bytes[at] as number) ^ 0x01
    writeFileSync(historyBin(dir), bytes)
    const error = await startFailure()
    expect(error).toBeInstanceOf(DataDirError)
    expect((error as DataDirError).path).toBe(historyBin(dir))
    expect((error as DataDirError).offset).toBe(offset)
    expect((error as Error).message).toBe(
      `${historyBin(dir)} is damaged at byte ${offset}: a history chunk's checksum does not match`,
    )
  })

  it('refuses a history.bin cut short of a referenced chunk, naming where it ends', async () => {
    const refs = await closedWithHistory()
    const end = Math.max(...refs.map(([o, l]) => o + l))
    truncateSync(historyBin(dir), end - 1)
    const error = await startFailure()
    expect(error).toBeInstanceOf(DataDirError)
    expect((error as DataDirError).path).toBe(historyBin(dir))
    expect((error as DataDirError).offset).toBe(end - 1)
    expect((error as Error).message).toMatch(
      /history\.bin is damaged at byte \d+: it ends before the history chunk/,
    )
  })
})
