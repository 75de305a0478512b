// Snapshots taken by a worker process while the emulator serves: requests are answered before the snapshot of a
// large state is even begun on disk; the worker's snapshot restores the state the live exchange had; a worker
// that fails, or a process killed while a worker writes, loses nothing.
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, watch } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { WebsocketAPIConnection } from '../../../src/client/index.js'
import { snapshotName } from '../../../src/emulator/api/persistence/snapshot-file.js'
import { startExchange, T0, type TestExchange, type TestExchangeOptions } from '../../support/exchange.js'
import { observed } from './observed.js'
import { RESTING_SYMBOL, UNLIMITED_ORDERS, writeRestingOrders } from './resting-orders-journal.js'
import { limit, trade } from './varied-trading.js'
import { bundleSnapshotWorker, type WorkerBundle } from './worker-bundle.js'

let bundle: WorkerBundle
beforeAll(async () => {
  bundle = await bundleSnapshotWorker()
}, 60_000)
afterAll(() => bundle?.remove())

let dir: string
let kits: TestExchange[] = []
let copies: string[] = []
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bsw-worker-data-'))
})
afterEach(async () => {
  for (const k of kits) await k.close()
  kits = []
  for (const d of [dir, ...copies]) rmSync(d, { recursive: true, force: true })
  copies = []
})

async function start(options: TestExchangeOptions): Promise<TestExchange> {
  const kit = await startExchange(options)
  kits.push(kit)
  return kit
}

/** The data dir as a crash at this moment leaves it. */
function crashCopy(): string {
  const copy = mkdtempSync(join(tmpdir(), 'bsw-worker-crash-'))
  cpSync(dir, copy, { recursive: true })
  copies.push(copy)
  return copy
}

/** A large book of one account's resting orders. */
const LARGE: TestExchangeOptions = {
  accounts: [{ apiKey: 'a', key: 'hmac', balances: { USDT: '100000000', BTC: '1000' } }],
  symbols: [RESTING_SYMBOL],
  limits: UNLIMITED_ORDERS,
}

/** Resolves when `name` appears in the data dir (made or renamed into place). */
function appears(name: string): { readonly seen: Promise<void>; stop(): void } {
  const watcher = watch(dir)
  const seen = new Promise<void>((resolve) => {
    const check = () => {
      if (existsSync(join(dir, name))) resolve()
    }
    watcher.on('change', check)
    check()
  })
  return { seen, stop: () => watcher.close() }
}

/** What account `a` holds, as a restart must give it back. */
async function holdings(a: WebsocketAPIConnection): Promise<unknown> {
  return (await a.accountStatus()).data.balances
}

describe('a snapshot taken by the worker', () => {
  it('lets requests be answered before a large state is even begun on disk, and restores that state', async () => {
    const orders = 30_000
    const options = { ...LARGE, dataDir: dir, snapshotWorker: bundle.entry, snapshotEvery: orders + 1 }
    await (await startExchange(options)).close()
    await writeRestingOrders(dir, orders, 'a', Date.now())
    const kit = await start(options)
    const [a] = await kit.connectAll(['a'])
    if (!a) throw new Error('a connection')
    const name = snapshotName(orders + 1)
    const events: string[] = []
    const tmp = appears(`${name}.tmp`)
    const written = appears(name)
    void tmp.seen.then(() => events.push('snapshot begun'))
    void written.seen.then(() => events.push('snapshot written'))
    try {
      // Record number `orders` reaches snapshotEvery: its batch starts the snapshot.
      await a.orderPlace(limit('BUY', '40000'))
      events.push('order answered')
      await a.ping()
      events.push('ping answered')
      const last = await a.orderPlace(limit('SELL', '80000'))
      events.push('second order answered')
      const before = await holdings(a)
      await written.seen
      expect(events).toEqual([
        'order answered',
        'ping answered',
        'second order answered',
        'snapshot begun',
        'snapshot written',
      ])
      const copy = crashCopy()
      const again = await start({ ...options, dataDir: copy, snapshotWorker: false })
      const [b] = await again.connectAll(['a'])
      expect(await holdings(b as WebsocketAPIConnection)).toEqual(before)
      const status = await b?.orderStatus({ symbol: 'BTCUSDT', orderId: last.data.orderId })
      expect(status?.data.status).toBe('NEW')
    } finally {
      tmp.stop()
      written.stop()
    }
  }, 60_000)

  it('restores what the live exchange had: trades, cancels, lists, deposits, the clock, listen keys', async () => {
    const options: TestExchangeOptions = {
      // A clock of its own: on the wall clock the ORDERS 10 s window could roll between the two readings compared.
      clock: T0,
      accounts: [{ apiKey: 'a' }, { apiKey: 'b', key: 'hmac' }],
      liquidity: true,
      legacyListenKey: true,
      dataDir: dir,
      snapshotWorker: bundle.entry,
      snapshotInlineMs: 0,
    }
    const kit = await start(options)
    const conns = await kit.connectAll(['a', 'b'])
    const [a, b] = conns
    if (!a || !b) throw new Error('two connections')
    const key = await trade(kit, conns)
    const before = await observed(conns)
    const info = await kit.ex.snapshot()
    const copy = crashCopy()
    // Only the worker's snapshot and an empty segment after it: the restart reads the state from the snapshot.
    expect(readdirSync(copy).filter((n) => n.endsWith('.snap'))).toEqual([snapshotName(info?.records ?? -1)])
    const again = await start({ ...options, dataDir: copy, snapshotWorker: false })
    const restored = await again.connectAll(['a', 'b'])
    expect(await observed(restored)).toEqual(before)
    const renewed = await restored[1]?.sendMessage('userDataStream.ping', { apiKey: 'b', listenKey: key })
    expect(renewed?.status).toBe(200)
  }, 60_000)

  it('loses nothing when the worker fails: the error is logged naming the data dir, the next point retries', async () => {
    const lines: string[] = []
    let logged: (() => void) | undefined
    const failing = bundle.script('failing-worker.mjs', "throw new Error('the worker broke')\n")
    const options: TestExchangeOptions = {
      accounts: [{ apiKey: 'a' }],
      dataDir: dir,
      snapshotWorker: failing,
      snapshotInlineMs: 0,
      snapshotEvery: 2,
      log: (line) => {
        lines.push(line)
        logged?.()
      },
    }
    const kit = await start(options)
    const [a] = await kit.connectAll(['a'])
    if (!a) throw new Error('a connection')
    // Two snapshot points, each after two more records: each worker fails, the second one after a retry.
    for (let attempt = 1; attempt <= 2; attempt++) {
      const failed = new Promise<void>((resolve) => {
        logged = resolve
      })
      await a.orderPlace(limit('BUY', String(50_000 + attempt)))
      await a.orderPlace(limit('BUY', String(51_000 + attempt)))
      await failed
    }
    expect(lines).toHaveLength(2)
    for (const line of lines) {
      expect(line).toContain(dir)
      expect(line).toContain('the worker broke')
      expect(line).toContain('the journal keeps everything')
    }
    expect(readdirSync(dir).filter((n) => n.includes('.snap'))).toEqual([])
    const before = await observed([a])
    const copy = crashCopy()
    const again = await start({ ...options, dataDir: copy, snapshotWorker: false, log: () => {} })
    expect(await observed(await again.connectAll(['a']))).toEqual(before)
  }, 60_000)

  it('recovers whole from a kill while the worker writes (its .tmp removed), and close ends the worker', async () => {
    // A worker that has begun its file and never finishes: the process is "killed" (copied) at that moment.
    const stuck = bundle.script(
      'stuck-worker.mjs',
      [
        "import { writeFileSync } from 'node:fs'",
        "import { join } from 'node:path'",
        'process.once("message", (job) => {',
        '  const seq = String(job.point.seq).padStart(12, "0")',
        '  writeFileSync(join(job.dir, "snapshot-" + seq + ".snap.tmp"), "00000000 partial")',
        '})',
        'setInterval(() => {}, 1000)',
        '',
      ].join('\n'),
    )
    const options: TestExchangeOptions = {
      accounts: [{ apiKey: 'a' }],
      dataDir: dir,
      snapshotWorker: stuck,
      snapshotInlineMs: 0,
    }
    const kit = await start(options)
    const [a] = await kit.connectAll(['a'])
    if (!a) throw new Error('a connection')
    const first = await a.orderPlace(limit('BUY', '50000'))
    const tmpName = `${snapshotName(1)}.tmp`
    const begun = appears(tmpName)
    const checkpoint = kit.ex.snapshot().catch((err: unknown) => err)
    await begun.seen
    begun.stop()
    const copy = crashCopy()
    expect(readdirSync(copy)).toContain(tmpName)
    const again = await start({ ...options, dataDir: copy, snapshotWorker: false })
    const [b] = await again.connectAll(['a'])
    const status = await b?.orderStatus({ symbol: 'BTCUSDT', orderId: first.data.orderId })
    expect(status?.data.status).toBe('NEW')
    expect(readdirSync(copy).filter((n) => n.endsWith('.tmp'))).toEqual([])
    // Closing stops the stuck worker, removes its file and writes the final snapshot here.
    await kit.close()
    expect(await checkpoint).toBeInstanceOf(RangeError)
    expect(readdirSync(dir).filter((n) => n.includes('.snap'))).toEqual([snapshotName(1)])
  }, 60_000)

  it('serializes a small state on the main thread while serving (the worker never starts) and restores it', async () => {
    // A worker that would never finish: the periodic snapshots are written all the same, so it was not asked.
    const never = bundle.script('never-worker.mjs', 'setInterval(() => {}, 1000)\n')
    const options: TestExchangeOptions = {
      // A clock of its own: on the wall clock the ORDERS 10 s window could roll between the two readings compared.
      clock: T0,
      accounts: [{ apiKey: 'a' }, { apiKey: 'b', key: 'hmac' }],
      liquidity: true,
      legacyListenKey: true,
      dataDir: dir,
      snapshotWorker: never,
      // However slow this machine: the state is small, the point is that the worker is not needed for it.
      snapshotInlineMs: 60_000,
      snapshotEvery: 5,
    }
    const kit = await start(options)
    const conns = await kit.connectAll(['a', 'b'])
    await trade(kit, conns)
    const info = await kit.ex.snapshot()
    if (!info) throw new Error('a data dir takes snapshots')
    expect(info.records).toBeGreaterThan(5)
    const before = await observed(conns)
    const copy = crashCopy()
    const snaps = readdirSync(copy).filter((n) => n.endsWith('.snap'))
    expect(snaps).toEqual([snapshotName(info.records)])
    const again = await start({ ...options, dataDir: copy, snapshotWorker: false })
    expect(await observed(await again.connectAll(['a', 'b']))).toEqual(before)
  }, 60_000)
})
