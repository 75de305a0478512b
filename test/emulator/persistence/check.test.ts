// `checkDataDir` (and `emulator --check`): a data dir read as a start reads it — meta.json, the latest snapshot, the
// journal after it, the history chunks the snapshot refers to — changing no byte, and reporting what a start then
// resumes (checked against a start on the same files); damage rejected as a start rejects it; a torn last record
// reported and left. And damage met while serving: a history chunk changed on disk after the start checked it is
// answered -1000 to the query that reads it, the connection goes on, and the operator learns of it from one log
// line naming history.bin and the byte (not one per repeat) and from the metrics.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { setLockHeartbeat } from '../../../src/emulator/api/persistence/dir-lock.js'
import { segmentStart } from '../../../src/emulator/api/persistence/journal-writer.js'
import { scanSegmentFile } from '../../../src/emulator/api/persistence/record-codec.js'
import { setHistoryChunkBits } from '../../../src/emulator/engine/history-chunks.js'
import { checkDataDir, DataDirError, type StorageInfo } from '../../../src/emulator/index.js'
import {
  emulatorOptionsOf,
  startExchange,
  type TestExchange,
  type TestExchangeOptions,
} from '../../support/exchange.js'
import { parseExposition } from '../../support/prometheus-text.js'
import { TempDirs } from '../../support/temp-dirs.js'
import { lastSectorUnwritten } from './torn-sector.js'
import { limit, trade } from './varied-trading.js'

const dirs = new TempDirs()
let kit: TestExchange | undefined
beforeEach(() => setHistoryChunkBits(2))
afterEach(async () => {
  setHistoryChunkBits(12)
  await kit?.close()
  kit = undefined
  dirs.removeAll()
})

const options = (dataDir: string): TestExchangeOptions => ({
  accounts: [{ apiKey: 'a' }, { apiKey: 'b', key: 'hmac' }],
  liquidity: true,
  legacyListenKey: true,
  dataDir,
  snapshotWorker: false,
  snapshotEvery: 1_000_000,
})

/** Every file of `dir`: its size, modification time and content hash. */
function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name)
    const { size, mtimeMs } = statSync(path)
    out[name] = `${size} ${mtimeMs} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`
  }
  return out
}

/** A data dir as a crash leaves it: varied trading, a snapshot, then more orders (the journal after it). */
async function crashed(): Promise<string> {
  const dir = dirs.make('bsw-check-')
  kit = await startExchange(options(dir))
  const conns = await kit.connectAll(['a', 'b'])
  await trade(kit, conns)
  await kit.ex.snapshot()
  const [a] = conns
  for (let n = 0; n < 10; n++) {
    const placed = await a.orderPlace(limit('BUY', String(50_000 + n)))
    if (n % 2 === 0) await a.orderCancel({ symbol: 'BTCUSDT', orderId: placed.data.orderId })
  }
  const copy = dirs.copy(dir)
  await kit.close()
  kit = undefined
  return copy
}

const check = (dir: string) => checkDataDir({ ...emulatorOptionsOf(options(dir)), dataDir: dir })

/** What a start on `dir` resumes: its records and the state the check reports, and what it logged. */
async function started(dir: string) {
  const logged: string[] = []
  kit = await startExchange({ ...options(dir), log: (line) => logged.push(line) })
  const m = parseExposition(kit.ex.metrics())
  const sum = (name: string) => m.samples(name).reduce((n, s) => n + s.value, 0)
  return {
    records: (kit.ex.storage() as StorageInfo).records,
    state: {
      accounts: kit.ex.accounts().length,
      openOrders: sum('binance_emulator_open_orders'),
      trades: sum('binance_emulator_trades_total'),
    },
    logged,
  }
}

describe('checkDataDir', () => {
  it("reads a crash's data dir whole, changing no byte, and reports the state a start resumes", async () => {
    const dir = await crashed()
    const before = files(dir)
    const report = await check(dir)
    expect(files(dir)).toEqual(before)

    expect(report.dir).toBe(dir)
    expect(report.snapshot?.file).toMatch(new RegExp(`^${dir}/snapshot-\\d{12}\\.snap$`))
    expect(report.replayed).toBeGreaterThanOrEqual(15)
    expect(report.records).toBe((report.snapshot?.records ?? 0) + report.replayed)
    expect(report.historyChunks).toBeGreaterThan(0)
    expect(report.torn).toBeUndefined()
    expect(report.state.openOrders).toBeGreaterThan(0)
    expect(report.state.trades).toBeGreaterThan(0)
    expect(await started(dir)).toEqual({ records: report.records, state: report.state, logged: [] })
  })

  it('reports a torn last record and leaves it; the start then drops it, resuming the records before', async () => {
    const dir = await crashed()
    const segment = readdirSync(dir)
      .filter((n) => segmentStart(n) !== undefined)
      .sort()
      .at(-1) as string
    const path = join(dir, segment)
    const scanned = await scanSegmentFile(path, () => {}, undefined, segmentStart(segment))
    writeFileSync(path, lastSectorUnwritten(readFileSync(path), scanned.intact))
    const before = files(dir)

    const report = await check(dir)
    expect(files(dir)).toEqual(before)
    expect(report.torn).toMatchObject({ file: path, what: expect.any(String) })
    expect(report.torn?.offset).toBeLessThan(scanned.intact)
    expect(report.torn?.what).toBe('a last record with a sector never written')
    const start = await started(dir)
    expect(start.records).toBe(report.records)
    expect(start.logged).toEqual([
      expect.stringContaining(`${path}: dropped ${report.torn?.what} at byte ${report.torn?.offset}`),
    ])
  })

  it('rejects damage as a start does, naming the file and byte, changing nothing', async () => {
    const dir = await crashed()
    const bin = join(dir, 'history.bin')
    const bytes = readFileSync(bin)
    for (let i = 0; i < bytes.length; i++) bytes[i] = (bytes[i] as number) ^ 0xff
    writeFileSync(bin, bytes)
    const before = files(dir)
    const error = await check(dir).catch((e: unknown) => e)
    expect(files(dir)).toEqual(before)
    expect(error).toBeInstanceOf(DataDirError)
    expect((error as DataDirError).path).toBe(bin)
    expect((error as Error).message).toMatch(
      /history\.bin is damaged at byte \d+: a history chunk's checksum does not match$/,
    )
    const atStart = await startExchange(options(dir)).catch((e: unknown) => e)
    expect((atStart as Error).message).toBe((error as Error).message)
  })

  it('rejects a folder that is not a data dir, and a data dir of another configuration', async () => {
    const empty = dirs.make('bsw-check-empty-')
    await expect(check(empty)).rejects.toThrow(`${empty} is not a data dir: it holds no meta.json`)
    const dir = await crashed()
    await expect(checkDataDir({ ...emulatorOptionsOf(options(dir)), seed: 7, dataDir: dir })).rejects.toThrow(
      'holds the state of another configuration',
    )
    expect(readdirSync(empty)).toEqual([])
  })
})

describe('a data dir in use', () => {
  it('is refused to a second emulator and to a check while its emulator runs, and free once it closed', async () => {
    const dir = dirs.make('bsw-lock-')
    kit = await startExchange(options(dir))
    const lock = join(dir, 'emulator.lock')
    const inUse = `${dir} is in use by the emulator of process ${process.pid} (${lock})`
    const second = await startExchange(options(dir)).catch((e: unknown) => e)
    expect(second).toBeInstanceOf(DataDirError)
    expect((second as Error).message).toBe(
      `${inUse}: stop it first, or start on a backup of it; if no emulator runs there, delete that file`,
    )
    await expect(check(dir)).rejects.toThrow(`${inUse}: its files change under a check: check a backup of it`)
    // The refused start left the lock and the venue as they were.
    const [a] = await kit.connectAll(['a'])
    await a.orderPlace(limit('BUY', '50000'))
    await kit.close()
    kit = undefined
    expect(readdirSync(dir)).not.toContain('emulator.lock')
    expect((await check(dir)).state.openOrders).toBe(1)
    kit = await startExchange(options(dir))
  })

  it("is touched by its holder while it runs, so that another host's emulator does not take it over", async () => {
    setLockHeartbeat(20)
    const dir = dirs.make('bsw-lock-beat-')
    try {
      kit = await startExchange(options(dir))
    } finally {
      setLockHeartbeat(10_000)
    }
    const lock = join(dir, 'emulator.lock')
    const old = new Date(Date.now() - 60_000)
    utimesSync(lock, old, old)
    // Until the mtime is touched again (read back, it may differ from the one set by a fraction of a ms): each turn
    // lets the emulator's timers run; 500 turns of ~20 ms bound the wait.
    for (let n = 0; n < 500 && Date.now() - statSync(lock).mtimeMs > 50_000; n++) {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    expect(Date.now() - statSync(lock).mtimeMs).toBeLessThan(30_000)
  })

  it('is taken over from a process that is gone (kill -9), and from a copy of the files', async () => {
    const dir = dirs.make('bsw-lock-dead-')
    kit = await startExchange(options(dir))
    await kit.close()
    kit = undefined
    // No process has pid 2^22 + 1 (Linux's largest is 2^22).
    writeFileSync(
      join(dir, 'emulator.lock'),
      JSON.stringify({ pid: 4_194_305, started: 1, host: hostname() }),
    )
    // The check reads past the stale lock and leaves it, as every other file.
    const before = files(dir)
    expect((await check(dir)).state.accounts).toBe(2)
    expect(files(dir)).toEqual(before)
    kit = await startExchange(options(dir))
    expect(JSON.parse(readFileSync(join(dir, 'emulator.lock'), 'utf8'))).toMatchObject({ pid: process.pid })
    // Another host's lock (a shared volume): refused while it is touched, taken over once untouched for 30 s.
    await kit.close()
    const lock = join(dir, 'emulator.lock')
    writeFileSync(lock, JSON.stringify({ pid: 1, started: null, host: 'venue-7f3c' }))
    await expect(check(dir)).rejects.toThrow(`${dir} is in use by the emulator of process 1 on venue-7f3c`)
    const old = new Date(Date.now() - 31_000)
    utimesSync(lock, old, old)
    kit = await startExchange(options(dir))
    // A copy of a running venue's files (a crash copy, a file-system snapshot) starts: its lock names no one there.
    const copy = dirs.copy(dir)
    await kit.close()
    kit = await startExchange(options(copy))
  })
})

describe('damage met while serving', () => {
  it('answers -1000 for a damaged history chunk, logs it once with the file and byte, and serves on', async () => {
    const dir = dirs.make('bsw-damage-')
    const lines: string[] = []
    kit = await startExchange({
      accounts: [{ apiKey: 'a' }],
      dataDir: dir,
      control: true,
      log: (line) => lines.push(line),
    })
    const [a] = await kit.connectAll(['a'])
    // Closed orders, four to a chunk: they go to history.bin.
    for (let n = 0; n < 24; n++) {
      const placed = await a.orderPlace(limit('BUY', String(50_000 + n)))
      await a.orderCancel({ symbol: 'BTCUSDT', orderId: placed.data.orderId })
    }
    const bin = join(dir, 'history.bin')
    expect(statSync(bin).size).toBeGreaterThan(0)
    const bytes = readFileSync(bin)
    for (let i = 0; i < bytes.length; i++) bytes[i] = (bytes[i] as number) ^ 0xff
    writeFileSync(bin, bytes)

    for (let n = 0; n < 2; n++) {
      await expect(a.sendSignedMessage('allOrders', { symbol: 'BTCUSDT' })).rejects.toMatchObject({
        code: -1000,
        message: expect.stringContaining('An unknown error occurred while processing the request.'),
      })
    }
    const told = lines.filter((l) => l.includes('internal error'))
    expect(told).toHaveLength(1)
    expect(told[0]).toMatch(
      new RegExp(
        `^allOrders: answered -1000 after an internal error: ${bin.replaceAll('/', '\\/')} is damaged at byte \\d+: a history chunk's checksum does not match$`,
      ),
    )
    // The connection and what is in memory still serve.
    expect((await a.sendSignedMessage<unknown[]>('openOrders.status', { symbol: 'BTCUSDT' })).data).toEqual(
      [],
    )
    const m = parseExposition(kit.ex.metrics())
    expect(m.value('binance_emulator_internal_errors_total')).toBe(2)

    // The same read through /control/query: 500 INTERNAL, logged and counted as well.
    const res = await fetch(`http://127.0.0.1:${kit.ex.port}/control/query`, {
      method: 'POST',
      body: JSON.stringify({ method: 'allOrders', params: { symbol: 'BTCUSDT' }, apiKey: 'a' }),
    })
    expect(res.status).toBe(500)
    expect(
      lines.filter((l) => l.startsWith('/control/query: answered 500 INTERNAL after an internal error: ')),
    ).toEqual([expect.stringContaining(`${bin} is damaged at byte`)])
    expect(parseExposition(kit.ex.metrics()).value('binance_emulator_internal_errors_total')).toBe(3)
  })
})
