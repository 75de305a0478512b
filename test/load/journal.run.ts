// `npm run load:journal` (issue 16, point 4): the CLI emulator with a data dir, LOAD_CONNECTIONS (default 200)
// connections of mixed REST and WebSocket API traffic for LOAD_SECONDS (default 600). Every answer a 200; RSS and
// the journal sampled every SAMPLE_MS; then SIGTERM and a restart whose digest equals the one taken before the stop;
// then more load killed with SIGKILL in its middle, and a restart that has every acknowledged change.
// Prints the figures as JSON; docs/reliability.md records them. LOAD_SNAPSHOT_INLINE_MS sets the emulator's
// `snapshotInlineMs` (0: every periodic snapshot by the worker process).
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCliMain } from '../soak/runner-build.js'
import { parseExposition } from '../support/prometheus-text.js'
import { digestDiff, missingAcks, readDigest } from './journal-digest.js'
import { fitLine, JournalMeter, type JournalSample } from './journal-meter.js'
import { probeIds } from './journal-probe.js'
import { JournalEmulator } from './journal-process.js'
import { type Acked, journalSeats, MARKETS, runJournalTraffic } from './journal-traffic.js'

const CONNECTIONS = Number(process.env['LOAD_CONNECTIONS'] ?? 200)
const SECONDS = Number(process.env['LOAD_SECONDS'] ?? 600)
/** Between one answer and a connection's next request: ~10 requests a second each, within REQUEST_WEIGHT. */
const PACE_MS = Number(process.env['LOAD_PACE_MS'] ?? 100)
const SAMPLE_MS = 5000
/** RSS is judged after the first minute (start-up, JIT and the first GC cycles). */
const WARM_MS = Math.min(60_000, (SECONDS * 1000) / 4)
/** The windows in which bytes per command are compared. */
const WINDOW_MS = Math.max(SAMPLE_MS, (SECONDS * 1000) / 10)
/** The killed load's length and when it is killed. */
const KILL_LOAD_S = 20
const KILL_AFTER_ACKS = 2000
/**
 * RSS growth allowed per acknowledged command after the first minute. With the order indexes in the history file and
 * every periodic snapshot taken on the main thread, the 10-minute run grew 21.9 B a command (115 → 128 MiB, part of
 * it the history file's 16 MB read cache filling). A snapshot left to a worker *thread* stepped RSS up by tens of MiB
 * (272 and 296.5 B a command); the worker is a child process now (docs/reliability.md, "Journal load").
 */
const RSS_BYTES_PER_COMMAND = 128

interface Point {
  readonly ms: number
  readonly rssMiB: number
  readonly acks: number
  readonly journal: JournalSample
}

let work: string
let emu: JournalEmulator | undefined

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'bsw-journal-load-'))
})

afterAll(async () => {
  await emu?.stop()
  rmSync(work, { recursive: true, force: true })
})

const round = (n: number, places = 1) => Math.round(n * 10 ** places) / 10 ** places

describe(`journal load: ${CONNECTIONS} connections for ${SECONDS} s, data dir on`, () => {
  it(
    'answers everything, holds RSS flat, grows the journal linearly, and restarts to the same state',
    async () => {
      const load = [loadavg()[0] ?? 0]
      const main = buildCliMain()
      const { seats, accounts } = journalSeats(CONNECTIONS)
      const e = await JournalEmulator.start(main, work, join(work, 'data'), accounts as never)
      emu = e
      const meter = new JournalMeter(e.dataDir)
      const acks: Acked[] = []
      const points: Point[] = []
      const started = performance.now()
      const sample = () =>
        points.push({
          ms: performance.now() - started,
          rssMiB: e.rssMiB(),
          acks: acks.length,
          journal: meter.sample(),
        })
      sample()
      const sampler = setInterval(() => {
        sample()
        load.push(loadavg()[0] ?? 0)
      }, SAMPLE_MS)
      const report = await runJournalTraffic(e.url, e.base, seats, {
        seconds: SECONDS,
        paceMs: PACE_MS,
        onAck: (a) => acks.push(a),
      }).finally(() => clearInterval(sampler))
      sample()

      // RSS after the first minute: the slope of a least-squares line, MiB per minute.
      const warm = points.filter((p) => p.ms >= WARM_MS)
      const rss = fitLine(warm.map((p) => [p.ms / 60_000, p.rssMiB]))
      // Journal bytes per acknowledged command, per window.
      const windows: { bytesPerCommand: number; recordsPerCommand: number }[] = []
      for (let at = 0, from = points[0]; from; ) {
        at += WINDOW_MS
        const to = points.findLast((p) => p.ms <= at)
        // A last window shorter than half the others (the sample after the load) is mostly in-flight skew.
        if (!to || to.ms - from.ms < WINDOW_MS / 2) break
        const commands = to.acks - from.acks
        const records = to.journal.records - from.journal.records
        if (commands > 0)
          windows.push({
            bytesPerCommand: round(
              bytesPerRecord(
                to.journal.bytes - from.journal.bytes,
                records,
                to.journal.unread - from.journal.unread,
              ) *
                (records / commands),
            ),
            recordsPerCommand: round(records / commands, 3),
          })
        from = to
      }
      const last = points.at(-1) as Point

      const digestStarted = performance.now()
      const symbols = MARKETS.map((m) => m.symbol)
      const names = seats.map((s) => s.apiKey)
      const before = await readDigest(e.base, names, symbols)
      const digestMs = Math.round(performance.now() - digestStarted)
      // The metrics counted every request the load sent, by method, all answered 200, and no internal error.
      const metrics = parseExposition(await e.get('/control/metrics'))
      const counted: Record<string, number> = {}
      for (const { labels, value } of metrics.samples('binance_emulator_requests_total'))
        counted[labels['method'] as string] = (counted[labels['method'] as string] ?? 0) + value
      const notOk = metrics
        .samples('binance_emulator_requests_total')
        .filter((s) => s.labels['status'] !== '200')
      const term = await e.term()
      // `emulator --check` on the stopped data dir: what a start resumes, compared with the restart below.
      const check = await e.check()
      await e.restart()
      const resumed = parseExposition(await e.get('/control/metrics'))
      const total = (name: string) => resumed.samples(name).reduce((n, x) => n + x.value, 0)
      const storage = JSON.parse(await e.get('/control/storage')) as { result: { records: number } }
      const afterTerm = await readDigest(e.base, names, symbols)
      const differs = digestDiff(before, afterTerm)
      const missingAfterTerm = missingAcks(acks, afterTerm)
      const probe = await probeIds(e.base, seats.find((s) => s.rest) ?? (seats[0] as never), afterTerm)

      // The SIGKILL variant: more load, killed in its middle; every change that got an answer survives.
      const killAcks: Acked[] = []
      let enough: () => void = () => {}
      const acksEnough = new Promise<void>((resolve) => {
        enough = resolve
      })
      const stop = new AbortController()
      const killed = runJournalTraffic(e.url, e.base, seats, {
        seconds: KILL_LOAD_S,
        paceMs: PACE_MS,
        stop: stop.signal,
        onAck: (a) => {
          if (killAcks.push(a) === KILL_AFTER_ACKS) enough()
        },
      })
      await Promise.race([acksEnough, killed])
      const kill = await e.kill()
      stop.abort()
      const killReport = await killed
      await e.restart()
      const afterKill = await readDigest(e.base, names, symbols)
      const missingAfterKill = missingAcks(killAcks, afterKill)
      const final = meter.sample()

      const figures = {
        connections: CONNECTIONS,
        paceMs: PACE_MS,
        loadAverage1m: { min: round(Math.min(...load)), max: round(Math.max(...load)) },
        traffic: report,
        commands: last.acks,
        commandsPerSecond: Math.round(last.acks / report.seconds),
        rss: {
          samples: points.length,
          firstMiB: round(points[0]?.rssMiB ?? 0),
          atWarmMiB: round(warm[0]?.rssMiB ?? 0),
          lastMiB: round(last.rssMiB),
          maxMiB: round(Math.max(...points.map((p) => p.rssMiB))),
          slopeMiBPerMin: round(rss.slope, 2),
          rmsMiB: round(rss.rms, 2),
          bytesPerCommand: round(
            (rss.slope * 2 ** 20) /
              ((last.acks - (warm[0]?.acks ?? 0)) / ((last.ms - (warm[0]?.ms ?? 0)) / 60_000)),
            1,
          ),
          everyMinute: points
            .filter((_, i) => i % Math.round(60_000 / SAMPLE_MS) === 0)
            .map((p) => round(p.rssMiB)),
        },
        journal: {
          records: last.journal.records,
          bytes: last.journal.bytes,
          bytesPerCommand: round(
            bytesPerRecord(last.journal.bytes, last.journal.records, last.journal.unread) *
              (last.journal.records / last.acks),
          ),
          recordsPerCommand: round(last.journal.records / last.acks, 3),
          unreadRecords: last.journal.unread,
          segments: last.journal.segments,
          windows,
          onDiskAtEnd: final.diskBytes,
        },
        digest: {
          parts: before.parts.size,
          orders: before.orders.size,
          trades: before.trades,
          readMs: digestMs,
        },
        term: {
          code: term.code,
          ms: term.ms,
          ...(term.code === 0 ? {} : { output: term.output.split('\n').slice(-4) }),
          restartMs: e.startMs[1],
          differs,
          missing: missingAfterTerm.length,
        },
        probe,
        metrics: {
          requests: Object.values(counted).reduce((a, b) => a + b, 0),
          notOk: notOk.length,
          internalErrors: metrics.value('binance_emulator_internal_errors_total'),
          journalBatches: metrics.value('binance_emulator_journal_batch_records_count'),
          recordsPerBatch: round(
            (metrics.value('binance_emulator_journal_batch_records_sum') ?? 0) /
              (metrics.value('binance_emulator_journal_batch_records_count') ?? 1),
          ),
        },
        check: { code: check.code, ms: check.ms, ...check.report },
        kill: {
          acks: killAcks.length,
          traffic: killReport,
          signal: kill.signal,
          restartMs: e.startMs[2],
          missing: missingAfterKill,
        },
      }
      console.log(JSON.stringify(figures, null, 2))

      expect(report.unexpected).toEqual({})
      expect(counted).toEqual(report.byMethod)
      expect(notOk).toEqual([])
      expect(metrics.value('binance_emulator_internal_errors_total')).toBe(0)
      expect(check.code).toBe(0)
      expect(check.report).toMatchObject({
        ok: true,
        records: storage.result.records,
        state: {
          accounts: CONNECTIONS,
          openOrders: total('binance_emulator_open_orders'),
          trades: total('binance_emulator_trades_total'),
        },
      })
      expect(report.cut).toBe(0)
      expect(report.unanswered).toBe(0)
      expect(term.code).toBe(0)
      expect(differs).toEqual([])
      expect(missingAfterTerm).toEqual([])
      expect(probe.orderId).toBeGreaterThan(probe.maxOrderIdBefore)
      expect(probe.tradeId).toBe(probe.lastTradeIdBefore + 1)
      expect(killReport.unexpected).toEqual({})
      expect(missingAfterKill).toEqual([])
      // Every acknowledged command is one journal record (no command is journaled twice or left out).
      expect(figures.journal.recordsPerCommand).toBeGreaterThanOrEqual(1)
      expect(figures.journal.recordsPerCommand).toBeLessThan(1.01)
      // Bytes per command: every window within ±10 % of the run's figure (records are one JSON command each).
      for (const w of windows)
        expect(Math.abs(w.bytesPerCommand / figures.journal.bytesPerCommand - 1)).toBeLessThan(0.1)
      // RSS after the first minute: flat but for the read cache filling (docs/reliability.md, "Journal load").
      expect(figures.rss.bytesPerCommand).toBeLessThan(RSS_BYTES_PER_COMMAND)
    },
    SECONDS * 1000 + 900_000,
  )
})

/**
 * Bytes per record over the records the meter read: a segment compacted away before the meter read its end leaves
 * records counted (`unread`) whose bytes were never seen (an inline snapshot compacts within milliseconds).
 */
function bytesPerRecord(bytes: number, records: number, unread: number): number {
  return records > unread ? bytes / (records - unread) : 0
}
