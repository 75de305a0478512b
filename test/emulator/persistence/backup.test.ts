// A backup of a running data dir (`ex.backup(to)`, `POST /control/backup`): a data dir of its own holding the
// state at the moment it was taken — what an emulator started on it with the same configuration observes —
// consistent while orders keep coming, and refused where it would mix with other files.
import { readdirSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { BackupInfo } from '../../../src/emulator/index.js'
import { backupOverHttp } from '../../support/control-call.js'
import { exchangePerTest, T0, type TestExchangeOptions } from '../../support/exchange.js'
import { fileHandlePrototype } from '../../support/file-handle.js'
import { TempDirs } from '../../support/temp-dirs.js'
import { observed } from './observed.js'
import { limit, trade } from './varied-trading.js'

// After-each hooks run last registered first: mocks restored, the emulators closed, then their folders removed.
const dirs = new TempDirs()
afterEach(() => dirs.removeAll())
const exchange = exchangePerTest()
afterEach(() => vi.restoreAllMocks())

const options = (dataDir?: string, snapshotEvery?: number): TestExchangeOptions => ({
  // A clock that moves only when told: what is compared (the 10-second ORDERS count among it) stays put.
  clock: T0,
  accounts: [{ apiKey: 'a' }, { apiKey: 'b', key: 'hmac' }],
  liquidity: true,
  legacyListenKey: true,
  control: true,
  limits: { ordersPer10Seconds: 1e9, requestWeight: 1e9 },
  ...(dataDir === undefined ? {} : { dataDir }),
  ...(snapshotEvery === undefined ? {} : { snapshotEvery }),
})

async function start(dataDir?: string, snapshotEvery?: number) {
  const kit = await exchange(options(dataDir, snapshotEvery))
  return { kit, conns: await kit.connectAll(['a', 'b']) }
}

/** Makes each backup file's copy wait, before it is made durable, until `records()` has grown by `more`. */
async function slowCopies(dir: string, records: () => number, more: number): Promise<void> {
  const proto = await fileHandlePrototype(dir)
  const original = proto.datasync
  vi.spyOn(proto, 'datasync').mockImplementation(async function (this: unknown) {
    const until = records() + more
    await vi.waitFor(() => expect(records()).toBeGreaterThanOrEqual(until), { timeout: 10_000, interval: 2 })
    return original.call(this)
  })
}

/** Holds each backup file's copy, before it is made durable, until `release()`; `called` resolves at the first. */
async function holdCopies(dir: string) {
  const proto = await fileHandlePrototype(dir)
  const original = proto.datasync
  let release = () => {}
  const released = new Promise<void>((resolve) => {
    release = resolve
  })
  let called = () => {}
  const calledOnce = new Promise<void>((resolve) => {
    called = resolve
  })
  vi.spyOn(proto, 'datasync').mockImplementation(async function (this: unknown) {
    called()
    await released
    return original.call(this)
  })
  return { called: calledOnce, release }
}

/** After some trading, a backup whose copy is held (until `copy.release()`), and what a client saw before it. */
async function backupHeld() {
  const dataDir = dirs.make('bsw-data-')
  const first = await start(dataDir)
  await trade(first.kit, first.conns)
  const before = await observed(first.conns)
  const copy = await holdCopies(dataDir)
  const to = dirs.make('bsw-backup-')
  const backup = first.kit.ex.backup(to)
  await copy.called
  return { dataDir, first, before, copy, to, backup }
}

describe('a backup', () => {
  it('starts as the state when it was taken, whatever the emulator did after it', async () => {
    const first = await start(dirs.make('bsw-data-'))
    await trade(first.kit, first.conns)
    const before = await observed(first.conns)
    const to = join(dirs.make('bsw-backups-'), 'nested', 'first')
    const answer = await backupOverHttp(first.kit, to)
    expect(answer).toMatchObject({ status: 200, body: { result: { dir: to } } })
    const { records } = answer.body.result as BackupInfo
    expect(records).toBe(first.kit.ex.storage()?.records)
    // Made with its parent, for the emulator's user only: a snapshot holds the secrets of accounts added while running.
    expect(statSync(to).mode & 0o777).toBe(0o700)
    expect(statSync(dirname(to)).mode & 0o777).toBe(0o700)
    // The journal's segment at the snapshot's record, empty: the snapshot says the journal goes on there.
    expect(readdirSync(to).sort()).toEqual([
      'history.bin',
      `journal-${String(records).padStart(12, '0')}.log`,
      'meta.json',
      `snapshot-${String(records).padStart(12, '0')}.snap`,
    ])
    // Changed after the backup: none of it is in the backup.
    await trade(first.kit, first.conns)
    expect(await observed(first.conns)).not.toEqual(before)

    const restored = await start(to)
    expect(await observed(restored.conns)).toEqual(before)
    expect(restored.kit.ex.storage()).toMatchObject({
      records,
      recovered: { snapshotRecords: records, replayed: 0 },
    })
  })

  it('holds every order answered before it, taken while orders keep coming and snapshots are due', async () => {
    // A snapshot due every 10 records: they wait while the backup's files are copied (else the one being copied
    // could be compacted away under it).
    const first = await start(dirs.make('bsw-data-'), 10)
    const [a] = first.conns
    const place = (n: number) =>
      a.orderPlace({ ...limit('BUY', String(50_000 + (n % 50))), newClientOrderId: `o${n}` })
    for (let n = 0; n < 20; n++) await place(n)
    // Each file of the backup is copied while 15 more records come: snapshots fall due meanwhile.
    await slowCopies(dirs.make('bsw-probe-'), () => first.kit.ex.storage()?.records ?? 0, 15)
    // One order after the other, on and on; the backup is asked for after the 50th answer.
    const to = dirs.make('bsw-backup-')
    let backup: Promise<BackupInfo | undefined> | undefined
    for (let n = 20; n < 150; n++) {
      await place(n)
      if (n === 50) backup = first.kit.ex.backup(to)
    }
    const info = (await backup) as BackupInfo

    const restored = await start(to)
    const [reader] = restored.conns
    const orders = (
      await reader.sendSignedMessage<{ clientOrderId: string }[]>('allOrders', { symbol: 'BTCUSDT' })
    ).data
    const ids = new Set(orders.map((o) => o.clientOrderId))
    for (let n = 0; n <= 50; n++) expect(ids.has(`o${n}`)).toBe(true)
    // A prefix of the orders placed: those the backup holds are the first ones, in order.
    const placed = [...ids].filter((id) => /^o\d+$/.test(id)).map((id) => Number(id.slice(1)))
    expect(placed.sort((x, y) => x - y)).toEqual(Array.from({ length: placed.length }, (_, n) => n))
    expect(restored.kit.ex.storage()?.records).toBe(info.records)
  })

  it('finishes before a close under way ends the journal', async () => {
    const { first, before, copy, to, backup } = await backupHeld()
    let closed = false
    const closing = first.kit.close().then(() => {
      closed = true
    })
    // Nothing else is due at close (no change since the backup's snapshot): a close that did not wait for the copy
    // would end within this bound, and the process could end with the backup half written.
    await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 300))])
    expect(closed).toBe(false)
    copy.release()
    await Promise.all([backup, closing])
    vi.restoreAllMocks()
    const restored = await start(to)
    expect(await observed(restored.conns)).toEqual(before)
  })

  it('stays whole when a snapshot is taken while it is copied', async () => {
    const { dataDir, first, before, copy, to, backup } = await backupHeld()
    // A change, then a snapshot of it: written meanwhile, it compacts the older snapshot only once the copy is done.
    await first.conns[0]?.orderPlace(limit('BUY', '41000'))
    const snapshot = first.kit.ex.snapshot()
    await vi.waitFor(() => expect(readdirSync(dataDir).filter((n) => n.endsWith('.snap'))).toHaveLength(2))
    // Written: only its compaction waits for the copy.
    const stored = first.kit.ex.storage()
    expect(stored).toMatchObject({ snapshotting: false, snapshot: { records: stored?.records } })
    copy.release()
    const [info, taken] = await Promise.all([backup, snapshot])
    expect(taken?.records).toBeGreaterThan(info?.records ?? Infinity)
    vi.restoreAllMocks()
    const restored = await start(to)
    expect(await observed(restored.conns)).toEqual(before)
  })

  it('is refused into a folder that holds anything, into the data dir, and without a data dir', async () => {
    const dataDir = dirs.make('bsw-data-')
    const first = await start(dataDir)
    const busy = dirs.make('bsw-busy-')
    writeFileSync(join(busy, 'notes.txt'), 'mine')
    expect(await backupOverHttp(first.kit, busy)).toEqual({
      status: 400,
      body: { error: { code: 'REJECTED', msg: `backup: ${busy} is not empty: give a new or empty folder` } },
    })
    expect(readdirSync(busy)).toEqual(['notes.txt'])
    expect(await backupOverHttp(first.kit, dataDir)).toMatchObject({
      status: 400,
      body: { error: { code: 'REJECTED', msg: `backup: ${dataDir} is the data dir itself` } },
    })
    expect(await backupOverHttp(first.kit, 7)).toMatchObject({
      status: 400,
      body: { error: { code: 'INVALID_PARAM' } },
    })

    const inMemory = await start()
    expect(await inMemory.kit.ex.backup(dirs.make('bsw-backup-'))).toBeUndefined()
    expect(await backupOverHttp(inMemory.kit, dirs.make('bsw-backup-'))).toMatchObject({
      status: 400,
      body: {
        error: { code: 'REJECTED', msg: 'backup: the emulator has no data dir (start it with --data-dir)' },
      },
    })
  })
})
