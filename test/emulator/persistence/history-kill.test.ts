// The emulator process whose history went to history.bin: killed with SIGKILL during a load, after chunks were
// spilled and after worker snapshots that refer to them, it starts again with every acknowledged order (status,
// fills) and the spilled history (the oldest orders and trades) as they were.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SpotWebsocketAPI, type WebsocketAPIConnection } from '../../../src/client/index.js'
import { segmentName } from '../../../src/emulator/api/persistence/journal-writer.js'
import { encodeRecord } from '../../../src/emulator/api/persistence/record-codec.js'
import { buildCli, type CliBuild, serveEmulator, stopProcess } from '../../support/cli-process.js'
import { ED25519, OTHER_ED25519 } from '../../support/keys.js'
import { UNLIMITED_ORDERS } from './resting-orders-journal.js'
import { segmentHead } from './segment-head.js'

let build: CliBuild
beforeAll(() => {
  build = buildCli()
}, 120_000)
afterAll(() => build?.remove())

const KEYS = { a: ED25519, b: OTHER_ED25519 } as const
/** Orders in the journal written before the first start: a buy of `a` then a sell of `b` that fills it. */
const CROSSING = 10_000
/** Between two orders of the journal (ms). */
const SPACING = 5

async function connect(url: string, apiKey: keyof typeof KEYS): Promise<WebsocketAPIConnection> {
  const api = new SpotWebsocketAPI({
    wsURL: url,
    apiKey,
    privateKey: KEYS[apiKey].privateKeyPem,
    autoSessionLogon: true,
  })
  return api.connect()
}

/** Segment 0 of `dir`: `count` BTCUSDT orders at 60 000, `a` buying and `b` selling in turn (each sell trades). */
async function writeCrossingOrders(dir: string, count: number, t0: number): Promise<void> {
  const file = await open(join(dir, segmentName(0)), 'w')
  const records: Buffer[] = [segmentHead(dir)]
  for (let i = 0; i < count; i++) {
    const buy = i % 2 === 0
    const t = t0 + i * SPACING
    const order = {
      symbol: 'BTCUSDT',
      side: buy ? 'BUY' : 'SELL',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: '60000.00',
      quantity: '0.001',
      apiKey: buy ? 'a' : 'b',
      timestamp: t,
    }
    const command = { kind: 'placeOrder', accountId: buy ? 1 : 2, order, cost: 1 }
    records.push(encodeRecord(JSON.stringify({ c: command, t })))
  }
  await file.write(Buffer.concat(records))
  await file.close()
}

interface Acked {
  readonly who: keyof typeof KEYS
  readonly orderId: number
  readonly status: string
  readonly executedQty: string
}

const snapshots = (data: string) => readdirSync(data).filter((n) => n.endsWith('.snap'))

describe('the emulator process with history in history.bin', () => {
  it('loses no acknowledged order and no spilled history to SIGKILL after worker snapshots', async () => {
    const config = join(build.work, 'history-kill.json')
    const accounts = Object.entries(KEYS).map(([apiKey, k]) => ({
      apiKey,
      publicKey: k.publicKeyPem,
      balances: { USDT: '10000000', BTC: '1000' },
    }))
    writeFileSync(
      config,
      JSON.stringify({ accounts, liquidity: false, snapshotEvery: 150, limits: UNLIMITED_ORDERS }),
    )
    const data = join(build.work, 'history-kill-data')
    const args = ['--config', config, '--data-dir', data, '--port', '0']
    const made = await serveEmulator(build.main, args)
    made.proc.kill('SIGTERM')
    expect((await made.done).code).toBe(0)
    await writeCrossingOrders(data, CROSSING, Date.now() - CROSSING * SPACING)

    // The replay spills the chunks it fills; the final snapshot at SIGTERM refers to them.
    const replayed = await serveEmulator(build.main, args)
    replayed.proc.kill('SIGTERM')
    expect((await replayed.done).code).toBe(0)
    const spilled = statSync(join(data, 'history.bin')).size
    expect(spilled).toBeGreaterThan(0)

    const first = await serveEmulator(build.main, args)
    const acked: Acked[] = []
    try {
      const conns = { a: await connect(first.url, 'a'), b: await connect(first.url, 'b') }
      let n = 0
      let killed = false
      const worker = async (who: keyof typeof KEYS) => {
        while (!killed && n < 3_000) {
          const i = n++
          try {
            const r = await conns[who].orderPlace({
              symbol: 'BTCUSDT',
              side: who === 'a' ? 'BUY' : 'SELL',
              type: 'LIMIT',
              timeInForce: 'GTC',
              price: String(59_995 + (i % 11)),
              quantity: '0.001',
            })
            const d = r.data as unknown as { orderId: number; status: string; executedQty: string }
            acked.push({ who, orderId: d.orderId, status: d.status, executedQty: d.executedQty })
          } catch {
            return
          }
          // Worker snapshots (every 150 records) have been taken, referring to the spilled chunks.
          if (acked.length === 600) {
            killed = true
            first.proc.kill('SIGKILL')
          }
        }
      }
      await Promise.all([...Array(6)].map((_, i) => worker(i % 2 === 0 ? 'a' : 'b')))
      if (!killed) first.proc.kill('SIGKILL')
      expect((await first.done).signal).toBe('SIGKILL')
      expect(acked.length).toBeGreaterThanOrEqual(600)
      await Promise.all(Object.values(conns).map((c) => c.disconnect().catch(() => {})))
    } finally {
      stopProcess(first)
    }
    const latest = snapshots(data).sort().at(-1) as string
    expect(Number(latest.slice(9, 21))).toBeGreaterThan(CROSSING + 1)
    expect(readFileSync(join(data, latest), 'utf8')).toContain('"!c')

    const second = await serveEmulator(build.main, args)
    try {
      const conns = { a: await connect(second.url, 'a'), b: await connect(second.url, 'b') }
      for (const a of acked) {
        const o = (await conns[a.who].orderStatus({ symbol: 'BTCUSDT', orderId: a.orderId })).data
        if (a.status === 'FILLED') expect(o.status).toBe('FILLED')
        expect(Number(o.executedQty)).toBeGreaterThanOrEqual(Number(a.executedQty))
      }
      // The oldest history, spilled before the first snapshot: order 1 (a's buy) filled by order 2 (b's sell).
      const oldest = (await conns.a.orderStatus({ symbol: 'BTCUSDT', orderId: 1 })).data
      expect([oldest.status, oldest.executedQty, oldest.side]).toEqual(['FILLED', '0.00100000', 'BUY'])
      const trades = (await conns.b.myTrades({ symbol: 'BTCUSDT', fromId: 1, limit: 1000 })).data
      expect(trades.map((t) => [t.id, t.orderId, t.price])).toEqual(
        Array.from({ length: 1000 }, (_, k) => [k + 1, 2 * k + 2, '60000.00000000']),
      )
      await Promise.all(Object.values(conns).map((c) => c.disconnect()))
    } finally {
      stopProcess(second)
    }
  }, 120_000)
})
