// Files of a data dir deleted (a log-cleanup job, an operator): a start that finds the journal's newest segment
// gone refuses, naming it, instead of starting without what was acknowledged after the snapshot; a running
// emulator notices at its lock heartbeat: a deleted lock is written again, a lock another emulator wrote fails the
// data dir, a deleted current segment is replaced by a snapshot taken at once (docs/persistence.md "Guarantees").
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { LOCK_FILE, setLockHeartbeat } from '../../../src/emulator/api/persistence/dir-lock.js'
import { segmentStart } from '../../../src/emulator/api/persistence/journal-writer.js'
import { checkDataDir, DataDirError, type StorageInfo } from '../../../src/emulator/index.js'
import {
  emulatorOptionsOf,
  startExchange,
  T0,
  type TestExchange,
  type TestExchangeOptions,
} from '../../support/exchange.js'
import { TempDirs } from '../../support/temp-dirs.js'
import { observed } from './observed.js'
import { limit } from './varied-trading.js'

const dirs = new TempDirs()
let kit: TestExchange | undefined
afterEach(async () => {
  setLockHeartbeat(10_000)
  await kit?.close()
  kit = undefined
  dirs.removeAll()
})

// A clock that moves only when told: what a restart is compared on (the ORDERS counts' windows) does not depend on
// how long the machine took.
const options = (dataDir: string, more: Partial<TestExchangeOptions> = {}): TestExchangeOptions => ({
  clock: T0,
  accounts: [{ apiKey: 'a' }],
  liquidity: true,
  dataDir,
  snapshotWorker: false,
  snapshotEvery: 1_000_000,
  ...more,
})

async function start(dir: string, more: Partial<TestExchangeOptions> = {}) {
  kit = await startExchange(options(dir, more))
  const [a] = await kit.connectAll(['a'])
  return { kit, a }
}

async function place(a: Awaited<ReturnType<typeof start>>['a'], n: number, from = 50_000): Promise<void> {
  for (let i = 0; i < n; i++) await a.orderPlace(limit('BUY', String(from + i)))
}

const segments = (dir: string) =>
  readdirSync(dir)
    .filter((n) => segmentStart(n) !== undefined)
    .sort()

/** Why a start (and a check) on `dir` failed. */
async function refusals(dir: string): Promise<unknown[]> {
  const check = await checkDataDir({ ...emulatorOptionsOf(options(dir)), dataDir: dir }).then(
    () => undefined,
    (e: unknown) => e,
  )
  const start = await startExchange(options(dir)).then(
    (started) => started.close(),
    (e: unknown) => e,
  )
  return [check, start]
}

describe('a deleted newest segment', () => {
  it('is refused by the start and the check, naming it, when it held records after the snapshot', async () => {
    const dir = dirs.make('bsw-deleted-')
    const { kit: k, a } = await start(dir)
    await place(a, 3)
    await k.ex.snapshot()
    await place(a, 3, 51_000)
    const crashed = dirs.copy(dir)
    const newest = join(crashed, segments(crashed).at(-1) as string)
    rmSync(newest)
    for (const err of await refusals(crashed)) {
      expect(err).toBeInstanceOf(DataDirError)
      expect((err as DataDirError).path).toBe(newest)
      expect((err as Error).message).toContain(`${newest} is missing`)
    }
  })

  it('is refused when the data dir never had a snapshot (its first segment)', async () => {
    const dir = dirs.make('bsw-deleted-')
    const { a } = await start(dir)
    await place(a, 2)
    const crashed = dirs.copy(dir)
    const only = join(crashed, 'journal-000000000000.log')
    rmSync(only)
    for (const err of await refusals(crashed)) expect(err).toMatchObject({ name: 'DataDirError', path: only })
  })

  it('is refused when it is the last of several after the snapshot (a start after a crash made it)', async () => {
    const dir = dirs.make('bsw-deleted-')
    const first = await start(dir)
    await first.kit.ex.snapshot()
    await place(first.a, 2)
    const crashed = dirs.copy(dir)
    await first.kit.close()
    const second = await start(crashed)
    await place(second.a, 2, 51_000)
    const again = dirs.copy(crashed)
    expect(segments(again).length).toBe(2)
    const newest = join(again, segments(again).at(-1) as string)
    rmSync(newest)
    const [check, started] = await refusals(again)
    expect((check as DataDirError).path).toBe(newest)
    expect((started as DataDirError).path).toBe(newest)
  })

  it('leaves a fresh dir, a clean restart, a crash copy and a backup starting', async () => {
    const dir = dirs.make('bsw-deleted-')
    const first = await start(dir)
    await place(first.a, 2)
    const crashed = dirs.copy(dir)
    const backup = join(dirs.make('bsw-backup-'), 'b')
    await first.kit.ex.backup(backup)
    const before = await observed([first.a])
    await first.kit.close()
    kit = undefined
    for (const d of [dir, crashed, backup, dir]) {
      const { kit: k, a } = await start(d)
      expect(await observed([a])).toEqual(before)
      await k.close()
      kit = undefined
    }
  })
})

describe('an unreadable segment or snapshot', () => {
  it('is refused by the start and the check with a DataDirError naming it (CLI: exit 3)', async () => {
    const dir = dirs.make('bsw-unreadable-')
    const { kit: k, a } = await start(dir)
    await place(a, 2)
    await k.ex.snapshot()
    await place(a, 2, 51_000)
    const crashed = dirs.copy(dir)
    const names = readdirSync(crashed)
    for (const name of [
      segments(crashed).at(-1) as string,
      names.find((n) => n.endsWith('.snap')) as string,
    ]) {
      const copy = dirs.copy(crashed)
      const path = join(copy, name)
      // Root reads a file of mode 000: it gets a folder in the file's place (EISDIR) instead.
      if (process.getuid?.() === 0) {
        rmSync(path)
        mkdirSync(path)
      } else chmodSync(path, 0)
      for (const err of await refusals(copy)) {
        expect(err).toMatchObject({ name: 'DataDirError', path })
        expect((err as Error).message).toMatch(/cannot be read: (EACCES|EISDIR)/)
      }
    }
  })
})

describe('while running', () => {
  /** Resolves with the first logged line matching `pattern`. */
  const logged = (pattern: RegExp) => {
    let found: (line: string) => void = () => {}
    const line = new Promise<string>((resolve) => {
      found = resolve
    })
    return { line, log: (l: string) => void (pattern.test(l) && found(l)) }
  }

  it('writes a deleted lock again, and fails the data dir when another emulator wrote it', async () => {
    setLockHeartbeat(20)
    const dir = dirs.make('bsw-lock-')
    const rewritten = logged(/emulator\.lock was deleted while this emulator ran: written again/)
    let failed: (e: Error) => void = () => {}
    const failure = new Promise<Error>((resolve) => {
      failed = resolve
    })
    const { a } = await start(dir, { log: rewritten.log, onDataDirFailure: failed })
    const path = join(dir, LOCK_FILE)
    const mine = readFileSync(path, 'utf8')
    rmSync(path)
    await rewritten.line
    expect(readFileSync(path, 'utf8')).toBe(mine)
    await place(a, 1)

    writeFileSync(path, JSON.stringify({ pid: 1, started: null, host: 'elsewhere' }))
    const error = await failure
    expect(error).toBeInstanceOf(DataDirError)
    expect(error.message).toBe(`${dir} was taken by another emulator (${path}): nothing more is acknowledged`)
    kit = undefined
  })

  it('replaces a deleted current segment by a snapshot at once: nothing acknowledged is lost', async () => {
    setLockHeartbeat(20)
    const dir = dirs.make('bsw-segment-')
    const healed = logged(/replaces the deleted segment/)
    const { kit: k, a } = await start(dir, { log: healed.log })
    await place(a, 3)
    rmSync(join(dir, segments(dir).at(-1) as string))
    await place(a, 2, 51_000)
    await healed.line
    const storage = k.ex.storage() as StorageInfo
    expect(storage.failed).toBe(false)
    await place(a, 2, 52_000)
    const before = await observed([a])
    const crashed = dirs.copy(dir)
    await k.close()
    kit = undefined
    const again = await start(crashed)
    expect(await observed([again.a])).toEqual(before)
  })
})
