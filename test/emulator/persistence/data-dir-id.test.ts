// Each data dir has an id (meta.json), carried by every journal segment (its first record) and every snapshot
// (its header): a file copied in from another data dir made from the same configuration — same fingerprint — is
// refused by the start and the check, naming the file and the byte, instead of being replayed into a state that
// never existed. A backup keeps its source's id; a data dir of the previous version (no id anywhere) starts as
// before and gets its id then (docs/persistence.md "The data dir's id").
import { copyFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { segmentStart } from '../../../src/emulator/api/persistence/journal-writer.js'
import { checkDataDir, DataDirError } from '../../../src/emulator/index.js'
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
  await kit?.close()
  kit = undefined
  dirs.removeAll()
})

const options = (dataDir: string): TestExchangeOptions => ({
  clock: T0,
  accounts: [{ apiKey: 'a' }],
  liquidity: true,
  dataDir,
  snapshotWorker: false,
  snapshotEvery: 1_000_000,
})

async function start(dir: string) {
  kit = await startExchange(options(dir))
  const [a] = await kit.connectAll(['a'])
  return { kit, a }
}

async function stop(): Promise<void> {
  await kit?.close()
  kit = undefined
}

type Client = Awaited<ReturnType<typeof start>>['a']

async function place(a: Client, n: number, from: number): Promise<void> {
  for (let i = 0; i < n; i++) await a.orderPlace(limit('BUY', String(from + i)))
}

const segments = (dir: string) =>
  readdirSync(dir)
    .filter((n) => segmentStart(n) !== undefined)
    .sort()
const snapshotOf = (dir: string) => readdirSync(dir).find((n) => n.endsWith('.snap')) as string
const metaOf = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { id?: string; idFrom?: number }

/** Why a check and a start on `dir` failed (undefined: they did not). */
async function refusals(dir: string): Promise<unknown[]> {
  const check = await checkDataDir({ ...emulatorOptionsOf(options(dir)), dataDir: dir }).then(
    () => undefined,
    (e: unknown) => e,
  )
  const started = await startExchange(options(dir)).then(
    (s) => s.close(),
    (e: unknown) => e,
  )
  return [check, started]
}

/**
 * Two data dirs made from the same configuration, each with a snapshot after 3 orders and 3 more orders after it,
 * as a crash (kill -9) leaves them: copies of the files of running emulators.
 */
async function twoVenues(): Promise<[string, string]> {
  const crashed: string[] = []
  for (const from of [50_000, 52_000]) {
    const dir = dirs.make('bsw-id-')
    const { kit: k, a } = await start(dir)
    await place(a, 3, from)
    await k.ex.snapshot()
    await place(a, 3, from + 100)
    crashed.push(dirs.copy(dir))
    await stop()
  }
  return crashed as [string, string]
}

describe("a data dir's id", () => {
  it('refuses a journal segment of another data dir made from the same configuration, naming it and byte 0', async () => {
    const [a, b] = await twoVenues()
    expect(metaOf(a).id).toMatch(/^[0-9a-f]{32}$/)
    expect(metaOf(a).id).not.toBe(metaOf(b).id)
    const newest = segments(a).at(-1) as string
    expect(segments(b)).toContain(newest)
    copyFileSync(join(b, newest), join(a, newest))
    const path = join(a, newest)
    for (const err of await refusals(a)) {
      expect(err).toBeInstanceOf(DataDirError)
      expect(err).toMatchObject({ path, offset: 0 })
      expect((err as Error).message).toContain(
        `${path} is damaged at byte 0: a journal segment of another data dir`,
      )
      expect((err as Error).message).toContain(
        `the data dir id ${metaOf(b).id}, not this data dir's ${metaOf(a).id}`,
      )
    }
  })

  it('refuses a snapshot of another data dir made from the same configuration, naming it', async () => {
    const [a, b] = await twoVenues()
    const name = snapshotOf(a)
    expect(snapshotOf(b)).toBe(name)
    copyFileSync(join(b, name), join(a, name))
    const path = join(a, name)
    for (const err of await refusals(a)) {
      expect(err).toMatchObject({ name: 'DataDirError', path, offset: 0 })
      expect((err as Error).message).toContain(`${path} is damaged at byte 0: a snapshot of another data dir`)
    }
  })

  it('is kept by a backup: the same venue, started instead of its source', async () => {
    const dir = dirs.make('bsw-id-')
    const { kit: k, a } = await start(dir)
    await place(a, 2, 50_000)
    const backup = join(dirs.make('bsw-id-backup-'), 'b')
    await k.ex.backup(backup)
    const before = await observed([a])
    await stop()
    expect(metaOf(backup).id).toBe(metaOf(dir).id)
    const again = await start(backup)
    expect(await observed([again.a])).toEqual(before)
  })

  it('is given to a data dir of the previous version (no id anywhere), which starts as before', async () => {
    const dir = dirs.make('bsw-id-')
    const first = await start(dir)
    await place(first.a, 3, 50_000)
    await first.kit.ex.snapshot()
    await place(first.a, 3, 50_100)
    const before = await observed([first.a])
    const old = dirs.copy(dir)
    await stop()
    // What the previous version wrote: meta.json without an id, segments without their id record, snapshot
    // headers without `dataDirId`.
    const { id: _, ...meta } = metaOf(old)
    writeFileSync(join(old, 'meta.json'), `${JSON.stringify(meta)}\n`)
    for (const name of segments(old)) {
      const bytes = readFileSync(join(old, name))
      if (bytes.length > 0) writeFileSync(join(old, name), bytes.subarray(8 + bytes.readUInt32LE(0)))
    }
    const snap = join(old, snapshotOf(old))
    const lines = readFileSync(snap, 'utf8').split('\n')
    const { dataDirId: __, ...header } = JSON.parse((lines[0] as string).slice(9)) as Record<string, unknown>
    const text = JSON.stringify(header)
    lines[0] = `${crc32(Buffer.from(text)).toString(16).padStart(8, '0')} ${text}`
    writeFileSync(snap, lines.join('\n'))
    const crashed = dirs.copy(old)

    const second = await start(old)
    expect(await observed([second.a])).toEqual(before)
    // Its files from the next record on carry the id it was given.
    expect(metaOf(old)).toMatchObject({ id: expect.stringMatching(/^[0-9a-f]{32}$/), idFrom: 6 })
    await place(second.a, 2, 50_200)
    const after = await observed([second.a])
    const copied = dirs.copy(old)
    await stop()
    // A crash copy: the segment of the previous version (before the id) and this version's (with it) replay.
    const third = await start(copied)
    expect(await observed([third.a])).toEqual(after)
    await stop()
    // A segment without the id where the data dir's files carry it: another data dir's (an earlier version's).
    const newest = segments(copied).at(-1) as string
    copyFileSync(join(crashed, segments(crashed).at(-1) as string), join(copied, newest))
    for (const err of await refusals(copied)) {
      expect(err).toMatchObject({ name: 'DataDirError', path: join(copied, newest), offset: 0 })
      expect((err as Error).message).toContain('it carries no data dir id')
    }
    rmSync(crashed, { recursive: true, force: true })
  })
})
