// A restart on the same data dir resumes the state: after close (final snapshot), and from the journal alone
// (a copy of the data dir taken while the emulator ran, as a crash leaves it). Damage is refused, a torn last
// record is dropped with one log line.

import { createHmac } from 'node:crypto'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { RecordBatch } from '../../../src/emulator/api/persistence/record-codec.js'
import { DEFAULT_SYMBOLS } from '../../../src/emulator/exchange/default-symbols.js'
import { DataDirError, type LimitOptions } from '../../../src/emulator/index.js'
import { startExchange, T0, type TestExchange, type TestExchangeOptions } from '../../support/exchange.js'
import { HMAC_SECRET } from '../../support/keys.js'
import { observed } from './observed.js'
import { segmentHead } from './segment-head.js'
import { lastSectorUnwritten } from './torn-sector.js'
import { limit, trade } from './varied-trading.js'

let dir: string
let kit: TestExchange | undefined
/** Copies of the data dir taken while the emulator ran (as a crash leaves it); removed after each test. */
let copies: string[] = []
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bsw-data-'))
})
afterEach(async () => {
  await kit?.close()
  kit = undefined
  for (const d of [dir, ...copies]) rmSync(d, { recursive: true, force: true })
  copies = []
})

/** The data dir as a crash at this moment leaves it: a copy, taken while the emulator runs. */
function crashCopy(): string {
  const copy = mkdtempSync(join(tmpdir(), 'bsw-crash-'))
  cpSync(dir, copy, { recursive: true })
  copies.push(copy)
  return copy
}

const options = (
  dataDir: string,
  log?: (line: string) => void,
  snapshotEvery?: number,
): TestExchangeOptions => ({
  // A clock that moves only when told: what is compared (the 10-second ORDERS count among it) stays put.
  clock: T0,
  accounts: [{ apiKey: 'a' }, { apiKey: 'b', key: 'hmac' }],
  liquidity: true,
  // The legacy listen keys are part of the kept state, so the tests turn them on.
  legacyListenKey: true,
  dataDir,
  ...(log && { log }),
  ...(snapshotEvery && { snapshotEvery }),
})

async function start(dataDir = dir, log?: (line: string) => void, snapshotEvery?: number) {
  kit = await startExchange(options(dataDir, log, snapshotEvery))
  return { kit, conns: await kit.connectAll(['a', 'b']) }
}

/** Closes the running emulator and starts one on `dataDir`. */
async function restartOn(dataDir: string, log?: (line: string) => void) {
  await kit?.close()
  kit = undefined
  return start(dataDir, log)
}

/** Why a start on `dataDir` failed (undefined if it did not). */
const startFailure = (dataDir: string, limits?: LimitOptions): Promise<unknown> =>
  startExchange({ ...options(dataDir), ...(limits && { limits }) }).then(
    (started) => started.close(),
    (e: unknown) => e,
  )

describe('a data dir', () => {
  it('resumes every observable thing after a clean close, and ids go on from where they were', async () => {
    const first = await start()
    const key = await trade(first.kit, first.conns)
    const before = await observed(first.conns)
    const clockBefore = first.kit.ex.clock.now()
    await first.kit.close()
    expect(readdirSync(dir).filter((n) => n.endsWith('.snap'))).toHaveLength(1)
    for (const name of readdirSync(dir))
      expect(readFileSync(join(dir, name), 'utf8')).not.toContain(HMAC_SECRET)

    const second = await start()
    expect(await observed(second.conns)).toEqual(before)
    expect(second.kit.ex.clock.now()).toBeGreaterThanOrEqual(clockBefore)
    const [, b] = second.conns
    expect(
      (await b?.sendMessage<{ listenKey: string }>('userDataStream.start', { apiKey: 'b' }))?.data.listenKey,
    ).toBe(key)
    const next = await second.conns[0]?.orderPlace(limit('BUY', '50000'))
    const highest = Math.max(...(before[2] as { orderId: number }[]).map((o) => o.orderId))
    expect(next?.data.orderId).toBeGreaterThan(highest)
  })

  it('resumes from the journal alone, as a crash leaves it', async () => {
    const first = await start()
    await trade(first.kit, first.conns)
    const before = await observed(first.conns)
    const crashed = crashCopy()
    expect(readdirSync(crashed).filter((n) => n.endsWith('.snap'))).toEqual([])
    const second = await restartOn(crashed)
    expect(await observed(second.conns)).toEqual(before)
  })

  it('answers a REST order only once it is on disk: a copy taken as the answer arrives holds it', async () => {
    const first = await start()
    const query = new URLSearchParams({
      ...limit('BUY', '57000'),
      newClientOrderId: 'rest-durable',
      timestamp: String(first.kit.ex.clock.now()),
    }).toString()
    const signature = createHmac('sha256', HMAC_SECRET).update(query).digest('hex')
    const answer = await fetch(`http://${first.kit.ex.host}:${first.kit.ex.port}/api/v3/order`, {
      method: 'POST',
      headers: { 'X-MBX-APIKEY': 'b', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `${query}&signature=${signature}`,
    })
    // What a crash at this moment leaves: the data dir as it is when the client has its answer.
    const crashed = crashCopy()
    expect(answer.status).toBe(200)
    const placed = (await answer.json()) as { orderId: number }
    const second = await restartOn(crashed)
    const [, b] = second.conns
    const status = await b?.sendSignedMessage<{ orderId: number }>('order.status', {
      symbol: 'BTCUSDT',
      origClientOrderId: 'rest-durable',
    })
    expect(status?.data.orderId).toBe(placed.orderId)
  })

  it('compacts the journal behind a snapshot and resumes from the snapshot and the journal after it', async () => {
    const first = await start(dir, undefined, 4)
    await trade(first.kit, first.conns)
    // Snapshots run in the background (a record may find one busy and wait for the next): take one now, then one
    // more change, answered once on disk, so the data dir holds a snapshot and the journal segment after it.
    await first.kit.ex.snapshot()
    await first.conns[0]?.orderPlace(limit('BUY', '56000'))
    const before = await observed(first.conns)
    const names = readdirSync(dir)
    const snapshots = names.filter((n) => n.endsWith('.snap'))
    const segments = names.filter((n) => n.endsWith('.log'))
    // A later snapshot may still be on its way (its compaction after it): every segment is behind the oldest.
    expect(snapshots.length).toBeGreaterThanOrEqual(1)
    const oldest = snapshots.sort()[0]?.replace('snapshot-', 'journal-').replace('.snap', '.log') ?? ''
    expect(segments.every((n) => n >= oldest)).toBe(true)
    expect(segments.some((n) => n !== 'journal-000000000000.log')).toBe(true)
    const crashed = crashCopy()
    const second = await restartOn(crashed)
    expect(await observed(second.conns)).toEqual(before)
  })

  it('refuses another configuration, naming meta.json', async () => {
    await (await start()).kit.close()
    kit = undefined
    const other = startExchange({ ...options(dir), accounts: [{ apiKey: 'a' }] })
    await expect(other).rejects.toThrow(DataDirError)
    await expect(other).rejects.toThrow(/another configuration/)
    await expect(other).rejects.toThrow(`the fingerprint in ${join(dir, 'meta.json')} differs`)
  })

  it('takes other REQUEST_WEIGHT and connection limits (only the API enforces them), not other ORDERS limits', async () => {
    const first = await start()
    await trade(first.kit, first.conns)
    const before = await observed(first.conns)
    await first.kit.close()
    kit = undefined

    kit = await startExchange({ ...options(dir), limits: { requestWeight: 1200, connectionAttempts: 20 } })
    const conns = await kit.connectAll(['a', 'b'])
    expect(await observed(conns)).toEqual(before)
    const info = await conns[0]?.exchangeInfo({ symbol: 'BTCUSDT' })
    expect(info?.data.rateLimits.map((r) => [r.rateLimitType, r.limit])).toEqual([
      ['REQUEST_WEIGHT', 1200],
      ['ORDERS', 50],
      ['ORDERS', 160_000],
      ['CONNECTIONS', 20],
    ])
    await kit.close()
    kit = undefined

    const refused = await startFailure(dir, { ordersPer10Seconds: 5 })
    expect(refused).toBeInstanceOf(DataDirError)
    expect(String(refused)).toMatch(/another configuration/)
  })

  it('keeps the fingerprint earlier versions wrote for a configuration with the default limits', async () => {
    // A meta.json written by the version before the API-only limits left the fingerprint: its data dir still starts.
    // (The default symbols' filters are part of it: their MAX_NUM_ORDER_LISTS and MAX_NUM_ORDER_AMENDS changed it.)
    const hmacOnly: TestExchangeOptions = {
      ...options(dir),
      accounts: [
        { apiKey: 'a', key: 'hmac' },
        { apiKey: 'b', key: 'hmac' },
      ],
    }
    await (await startExchange(hmacOnly)).close()
    const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { fingerprint: string }
    expect(meta.fingerprint).toBe('b9bdaea38c81de829b464e9f0da17134654298d8a43170f81da66df9c9060efa')
  })

  it('starts a data dir made with the default symbols before they had the list and amend limits', async () => {
    // The symbols an earlier version's defaults were: the same without MAX_NUM_ORDER_LISTS and MAX_NUM_ORDER_AMENDS.
    const added = new Set(['MAX_NUM_ORDER_LISTS', 'MAX_NUM_ORDER_AMENDS'])
    const earlier: TestExchangeOptions = {
      ...options(dir),
      accounts: [
        { apiKey: 'a', key: 'hmac' },
        { apiKey: 'b', key: 'hmac' },
      ],
      symbols: DEFAULT_SYMBOLS.map((s) => ({
        ...s,
        filters: s.filters.filter((f) => !added.has(f.filterType)),
      })),
    }
    kit = await startExchange(earlier)
    kit.ex.deposit('b', 'USDT', '123.45')
    await kit.close()
    const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { fingerprint: string }
    // The previous version's golden value for the default configuration (the test above, before the two filters).
    expect(meta.fingerprint).toBe('d9971c5828e8d30f8d44b5c215ac5b8d7e62e36679a9ea9c239861c0a892a71b')
    const { symbols: _, ...defaults } = earlier
    kit = await startExchange(defaults)
    expect(kit.ex.query('account.status', { omitZeroBalances: true }, 'b')).toMatchObject({
      balances: expect.arrayContaining([
        expect.objectContaining({ asset: 'USDT', free: '1000123.45000000' }),
      ]),
    })
    // Its journal and snapshots go on under the fingerprint it was made with.
    await kit.close()
    kit = await startExchange(defaults)
    expect(JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'))).toMatchObject({
      fingerprint: meta.fingerprint,
    })
  })

  it('refuses a journal damaged in the middle, naming the file and the byte offset', async () => {
    const first = await start()
    await trade(first.kit, first.conns)
    const crashed = crashCopy()
    const segment = join(crashed, readdirSync(crashed).find((n) => n.endsWith('.log')) as string)
    const bytes = readFileSync(segment)
    const at = Math.floor(bytes.length / 2)
    bytes[at] = (bytes[at] as number) ^ 0x20
    writeFileSync(segment, bytes)
    const error = await startFailure(crashed)
    expect(error).toBeInstanceOf(DataDirError)
    expect((error as DataDirError).path).toBe(segment)
    expect((error as DataDirError).offset).toBeLessThanOrEqual(at)
    expect((error as Error).message).toMatch(new RegExp(`${segment} is damaged at byte \\d+`))
  })

  /** The end of the records of a segment: after it, only the zeros written ahead. */
  const recordsEnd = (bytes: Buffer) => {
    let end = bytes.length
    while (end > 0 && bytes[end - 1] === 0) end--
    return end
  }

  for (const cut of ['zeroed inside the zeros written ahead', 'truncated at the end of the file']) {
    it(`drops a torn last record (${cut}) with one log line and keeps the rest`, async () => {
      const first = await start()
      await trade(first.kit, first.conns)
      const [a] = first.conns
      const before = await observed(first.conns)
      await a?.orderPlace(limit('BUY', '40000'))
      const crashed = crashCopy()
      const segment = join(crashed, readdirSync(crashed).find((n) => n.endsWith('.log')) as string)
      const bytes = readFileSync(segment)
      const end = recordsEnd(bytes)
      expect(bytes.length).toBeGreaterThan(end)
      if (cut.startsWith('zeroed')) writeFileSync(segment, lastSectorUnwritten(bytes, end))
      else truncateSync(segment, end - 3)
      const lines: string[] = []
      const second = await restartOn(crashed, (line) => lines.push(line))
      expect(lines).toHaveLength(1)
      expect(lines[0]).toMatch(
        /dropped an? (incomplete record|last record with a sector never written) at byte \d+/,
      )
      expect(await observed(second.conns)).toEqual(before)
    })
  }

  it('refuses a whole last record with a bit flipped (no sector unwritten), naming the file and byte', async () => {
    const first = await start()
    await trade(first.kit, first.conns)
    await first.conns[0]?.orderPlace(limit('BUY', '40000'))
    const crashed = crashCopy()
    const segment = join(crashed, readdirSync(crashed).find((n) => n.endsWith('.log')) as string)
    const bytes = readFileSync(segment)
    const end = recordsEnd(bytes)
    const last = (recordsOf(bytes).at(-1) as { at: number }).at
    bytes[end - 2] = (bytes[end - 2] as number) ^ 0x04
    writeFileSync(segment, bytes)
    const error = await startFailure(crashed)
    expect(error).toBeInstanceOf(DataDirError)
    expect(error).toMatchObject({ path: segment, offset: last })
    expect((error as Error).message).toContain(`${segment} is damaged at byte ${last}`)
  })

  /** The records of a segment's bytes, in order: offset, payload (markers included). */
  const recordsOf = (bytes: Buffer) => {
    const out: { at: number; payload: string }[] = []
    for (let at = 0; at + 8 <= bytes.length; ) {
      const length = bytes.readUInt32LE(at)
      if (length === 0) break
      out.push({ at, payload: bytes.toString('utf8', at + 8, at + 8 + length) })
      at += 8 + length
    }
    return out
  }

  /**
   * A crash copy whose last batch (the last order) did not reach the disk while a batch after it did: that batch
   * holds the same records, marked as issued when `durableAfter` records past the hole were durable.
   */
  async function holeCopy(durableAfter: (before: number, inBatch: number) => number) {
    const crashed = crashCopy()
    const name = readdirSync(crashed).find((n) => n.endsWith('.log')) as string
    const segment = join(crashed, name)
    const bytes = readFileSync(segment)
    const records = recordsOf(bytes)
    const last = records.findLastIndex((r) => r.payload.startsWith('#'))
    const hole = (records[last] as { at: number }).at
    const commands = records.slice(last + 1).map((r) => r.payload)
    const before =
      Number(name.slice(8, 20)) + records.slice(0, last).filter((r) => !/^[#@]/.test(r.payload)).length
    const batch = new RecordBatch()
    for (const c of commands) batch.append(c)
    batch.marked(durableAfter(before, commands.length))
    const after = batch.bytes.subarray(0, batch.length)
    const end = recordsEnd(bytes)
    writeFileSync(
      segment,
      Buffer.concat([bytes.subarray(0, hole), Buffer.alloc(end - hole), after, Buffer.alloc(4096)]),
    )
    return { crashed, segment, hole }
  }

  it('drops a batch that reached the disk after one that did not (never acknowledged) with one log line', async () => {
    const first = await start()
    await trade(first.kit, first.conns)
    const before = await observed(first.conns)
    await first.conns[0]?.orderPlace(limit('BUY', '40000'))
    const { crashed, hole } = await holeCopy((durable) => durable)
    const lines: string[] = []
    const second = await restartOn(crashed, (line) => lines.push(line))
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain(
      `dropped a record that never reached the disk, and the batches written with it (never acknowledged) at byte ${hole}`,
    )
    expect(await observed(second.conns)).toEqual(before)
  })

  it('refuses a hole followed by a batch issued once the missing one was durable, naming the file and the hole', async () => {
    const first = await start()
    await trade(first.kit, first.conns)
    await first.conns[0]?.orderPlace(limit('BUY', '40000'))
    const { crashed, segment, hole } = await holeCopy((durable, inBatch) => durable + inBatch)
    const error = await startFailure(crashed)
    expect(error).toBeInstanceOf(DataDirError)
    expect((error as DataDirError).path).toBe(segment)
    expect((error as DataDirError).offset).toBe(hole)
  })

  it('starts over a crash right after a new segment was made (zeros only), with no log line', async () => {
    const first = await start()
    await trade(first.kit, first.conns)
    const before = await observed(first.conns)
    await first.kit.close()
    kit = undefined
    // The restart wrote its snapshot's next segment ahead with zeros; it crashes before any record.
    await start(dir)
    const crashed = crashCopy()
    const segments = readdirSync(crashed).filter((n) => n.endsWith('.log'))
    expect(segments).toHaveLength(1)
    const zeros = readFileSync(join(crashed, segments[0] as string))
    expect(zeros.length).toBeGreaterThan(0)
    // Its id record only (the data dir's id, written as it was made), then zeros.
    expect(recordsEnd(zeros)).toBe(segmentHead(crashed).length)
    const lines: string[] = []
    const second = await restartOn(crashed, (line) => lines.push(line))
    expect(lines).toEqual([])
    expect(await observed(second.conns)).toEqual(before)
  })

  /** Trades, closes, and gives the path of the snapshot taken at close. */
  async function tradedSnapshot(): Promise<string> {
    const first = await start()
    await trade(first.kit, first.conns)
    await first.kit.close()
    kit = undefined
    return join(dir, readdirSync(dir).find((n) => n.endsWith('.snap')) as string)
  }

  it('refuses a damaged snapshot, naming the file and the byte offset', async () => {
    const snapshot = await tradedSnapshot()
    const bytes = readFileSync(snapshot)
    const at = Math.floor(bytes.length / 2)
    bytes[at] = (bytes[at] as number) ^ 0x01
    writeFileSync(snapshot, bytes)
    const error = await startFailure(dir)
    expect(error).toBeInstanceOf(DataDirError)
    expect((error as DataDirError).path).toBe(snapshot)
    expect((error as Error).message).toMatch(/is damaged at byte \d+: a line's checksum does not match/)
  })

  it('refuses a snapshot of an older format by its number, instead of reading it into the new state', async () => {
    const snapshot = await tradedSnapshot()
    const bytes = readFileSync(snapshot)
    const eol = bytes.indexOf(10)
    for (const format of [1, 2, 3, 4, 5]) {
      const header = { ...JSON.parse(bytes.toString('utf8', 9, eol)), format }
      const text = Buffer.from(JSON.stringify(header))
      const line = Buffer.from(`${crc32(text).toString(16).padStart(8, '0')} ${text}`)
      writeFileSync(snapshot, Buffer.concat([line, bytes.subarray(eol)]))
      const error = await startFailure(dir)
      expect(error).toBeInstanceOf(DataDirError)
      expect((error as Error).message).toBe(
        `${snapshot} is damaged at byte 0: a snapshot of format ${format}, which this version cannot read (it reads format 6): start with the version that wrote it, or with another data dir`,
      )
    }
  })
})
