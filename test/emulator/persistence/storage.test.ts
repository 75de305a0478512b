// What a data dir reports about itself (`ex.storage()`, `GET /control/storage`): its records and how they were
// written (group commit: a burst of orders shares few writes, and while requests queue one write at a time), the
// latest snapshot, and how the next start recovered.
import { existsSync } from 'node:fs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { StorageInfo } from '../../../src/emulator/index.js'
import { exchangePerTest, type TestExchange } from '../../support/exchange.js'
import { fileHandlePrototype } from '../../support/file-handle.js'
import { TempDirs } from '../../support/temp-dirs.js'

// After-each hooks run last registered first: mocks restored, the emulators closed, then their folders removed.
const dirs = new TempDirs()
afterEach(() => dirs.removeAll())
const exchange = exchangePerTest()
afterEach(() => vi.restoreAllMocks())

async function start(dataDir?: string): Promise<TestExchange> {
  const kit = await exchange({
    accounts: [{ apiKey: 'a' }],
    control: true,
    limits: { ordersPer10Seconds: 1e9, requestWeight: 1e9 },
    ...(dataDir === undefined ? {} : { dataDir }),
  })
  return kit
}

async function storageOverHttp(kit: TestExchange): Promise<StorageInfo | null> {
  const answer = await fetch(`http://127.0.0.1:${kit.ex.port}/control/storage`)
  expect(answer.status).toBe(200)
  return ((await answer.json()) as { result: StorageInfo | null }).result
}

/** Makes every file write wait `turns` turns of the event loop first, as a disk slower than a turn of requests. */
async function slowWrites(dir: string, turns: number): Promise<void> {
  const proto = await fileHandlePrototype(dir)
  const original = proto.write
  vi.spyOn(proto, 'write').mockImplementation(async function (this: unknown, ...args: unknown[]) {
    for (let n = 0; n < turns; n++) await new Promise((resolve) => setImmediate(resolve))
    return original.apply(this, args)
  })
}

/** An order nothing fills: it expires at once, so any number of them can be placed (no open-order filter). */
const order = (n: number) =>
  ({
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'LIMIT',
    timeInForce: 'IOC',
    price: '30000',
    quantity: '0.001',
    newClientOrderId: `burst-${n}`,
  }) as const

describe('storage', () => {
  it('is null without a data dir', async () => {
    const kit = await start()
    expect(kit.ex.storage()).toBeUndefined()
    expect(await storageOverHttp(kit)).toBeNull()
  })

  it('counts a burst of orders into few writes, one at a time while requests queue', async () => {
    const dir = dirs.make('bsw-storage-')
    const kit = await start(dir)
    const [a] = await kit.connectAll(['a'])
    const before = kit.ex.storage() as StorageInfo
    await slowWrites(dir, 8)
    // Fewer than a connection's inbox holds before its socket is paused: the requests queue until the last.
    const burst = 240
    const answers = await Promise.all(Array.from({ length: burst }, (_, n) => a.orderPlace(order(n))))
    expect(answers.map((r) => r.data.status)).toEqual(Array(burst).fill('EXPIRED'))

    const after = (await storageOverHttp(kit)) as StorageInfo
    expect(after).toEqual(kit.ex.storage())
    expect(after.dir).toBe(dir)
    expect(after.records - before.records).toBe(burst)
    expect(after.durable).toBe(after.records)
    const batches = after.written.batches - before.written.batches
    // Group commit: a turn runs 16 requests, and while the write before is on its way the next turns' join it.
    expect(batches).toBeLessThanOrEqual(burst / 16)
    expect(after.written.largestBatch).toBeGreaterThan(16)
    // The server's turns are wired to the journal: with requests queued, a batch is issued only when the one
    // before it is written (the last turn, when nothing queues any more, may add a second).
    expect(after.written.deepest).toBeLessThanOrEqual(2)
    expect(after.written.bytes).toBeGreaterThan(burst * 100)
    expect(after.failed).toBe(false)
  })

  it('names the latest snapshot, and what the next start read and replayed', async () => {
    const dir = dirs.make('bsw-storage-')
    const kit = await start(dir)
    const [a] = await kit.connectAll(['a'])
    expect(kit.ex.storage()?.snapshot).toBeUndefined()
    for (let n = 0; n < 3; n++) await a.orderPlace(order(n))
    const snapshot = await kit.ex.snapshot()
    const stored = kit.ex.storage() as StorageInfo
    expect(stored.snapshot).toEqual(snapshot)
    expect(stored.snapshot?.records).toBe(stored.records)
    expect(existsSync(stored.snapshot?.file as string)).toBe(true)
    expect(stored.snapshotting).toBe(false)
    for (let n = 3; n < 8; n++) await a.orderPlace(order(n))
    const records = (kit.ex.storage() as StorageInfo).records
    // A copy taken now is what a crash leaves: the snapshot, then 5 orders in the journal.
    const crashed = dirs.copy(dir)

    const again = await start(crashed)
    expect(await storageOverHttp(again)).toMatchObject({
      dir: crashed,
      records,
      durable: records,
      written: { batches: 0, bytes: 0 },
      recovered: { snapshotRecords: stored.records, replayed: 5 },
    })
  })
})
