// The venue's counters for a monitoring system (`ex.metrics()`, `GET /control/metrics`): requests by method and
// status with their processing times, connections, accounts, open orders and trades per symbol, IP bans, the data
// dir's journal and snapshots, and the process. Requests are counted from the request log, so only while the
// control API or the dashboard is on; the rest is read when asked.
import type { Exchange } from '../../exchange/exchange.js'
import { openOrdersOn, tradesOn } from '../../exchange/venue-counts.js'
import type { RequestLog, RequestRecord } from '../control/request-log.js'
import type { InternalErrors } from '../internal-errors.js'
import type { BanList } from '../limits/bans.js'
import type { StorageActivity, StorageInfo } from '../persistence/persistence.js'
import { Histogram } from './histogram.js'
import { PrometheusText, type Sample } from './prometheus-text.js'

/** Upper bounds (seconds) of the histogram of request processing times. */
const REQUEST_SECONDS = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 1]

const P = 'binance_emulator_'

export interface MetricsSources {
  readonly exchange: Exchange
  /** Emulator time (ms). */
  readonly now: () => number
  readonly apiConnections: () => number
  readonly streamConnections: () => number
  readonly bans: Pick<BanList, 'issued'>
  readonly internalErrors: Pick<InternalErrors, 'count'>
  readonly requestLog: RequestLog | undefined
  readonly persistence: { storage(): StorageInfo; activity(): StorageActivity } | undefined
  /** The control API's event stream (with the control API or the dashboard on). */
  readonly eventStreams: () => { readonly clients: number; readonly dropped: number } | undefined
}

interface RequestSeries {
  readonly labels: { readonly front: string; readonly method: string }
  readonly histogram: Histogram
  /** Answers by HTTP status. */
  readonly statuses: Map<number, number>
}

export class EmulatorMetrics {
  /** Per front and method. */
  private readonly requests = new Map<string, RequestSeries>()

  constructor(private readonly sources: MetricsSources) {
    sources.requestLog?.listen((record) => this.count(record))
  }

  /** The exposition in Prometheus's text format. */
  text(): string {
    const { exchange, persistence, requestLog } = this.sources
    const out = new PrometheusText()
    if (requestLog) {
      const series = [...this.requests.values()]
      out.family(
        `${P}requests_total`,
        'counter',
        'Requests answered (WebSocket API and REST), by front, method and HTTP status.',
        series.flatMap(({ labels, statuses }) =>
          [...statuses].map(([status, value]) => ({ labels: { ...labels, status: String(status) }, value })),
        ),
      )
      out.histogram(
        `${P}request_processing_seconds`,
        "Time from a request's processing to its answer; with a data dir the answer then waits for its journal batch.",
        series,
      )
    }
    out
      .family(`${P}clock_seconds`, 'gauge', "The emulator clock's time (Unix seconds).", [
        { value: this.sources.now() / 1000 },
      ])
      .family(`${P}connections`, 'gauge', 'Open WebSocket connections, by kind.', [
        { labels: { kind: 'api' }, value: this.sources.apiConnections() },
        { labels: { kind: 'streams' }, value: this.sources.streamConnections() },
      ])
      .family(`${P}accounts`, 'gauge', 'Accounts.', [{ value: exchange.accounts.length }])
      .family(
        `${P}open_orders`,
        'gauge',
        "The accounts' open orders (the synthetic liquidity's not counted), by symbol.",
        this.perSymbol((symbol) => openOrdersOn(exchange, symbol)),
      )
      .family(
        `${P}trades_total`,
        'counter',
        'Trades, by symbol (its last trade id: restored with the data dir, back to 0 after a reset).',
        this.perSymbol((symbol) => tradesOn(exchange, symbol)),
      )
      .family(
        `${P}ip_bans_total`,
        'counter',
        'IP bans given for request weight violations since the start.',
        [{ value: this.sources.bans.issued }],
      )
      .family(
        `${P}internal_errors_total`,
        'counter',
        'Requests answered -1000 after an error none should meet (the log says which), since the start.',
        [{ value: this.sources.internalErrors.count }],
      )
    const streams = this.sources.eventStreams()
    if (streams) {
      out
        .family(`${P}event_stream_clients`, 'gauge', 'Clients of /control/events (dashboards).', [
          { value: streams.clients },
        ])
        .family(
          `${P}event_stream_dropped_total`,
          'counter',
          'Clients of /control/events dropped for leaving too much unread, since the start.',
          [{ value: streams.dropped }],
        )
    }
    if (persistence) storageMetrics(out, persistence.storage(), persistence.activity())
    processMetrics(out)
    return out.text()
  }

  private count(record: RequestRecord): void {
    const key = `${record.front} ${record.method}`
    let series = this.requests.get(key)
    if (!series) {
      series = {
        labels: { front: record.front, method: record.method },
        histogram: new Histogram(REQUEST_SECONDS),
        statuses: new Map(),
      }
      this.requests.set(key, series)
    }
    series.statuses.set(record.status, (series.statuses.get(record.status) ?? 0) + 1)
    series.histogram.observe(record.latencyMs / 1000)
  }

  private perSymbol(value: (symbol: string) => number): Sample[] {
    return [...this.sources.exchange.symbols.keys()].map((symbol) => ({
      labels: { symbol },
      value: value(symbol),
    }))
  }
}

function storageMetrics(out: PrometheusText, storage: StorageInfo, activity: StorageActivity): void {
  out
    .family(`${P}journal_records_total`, 'counter', 'Journal records appended since the data dir was made.', [
      { value: storage.records },
    ])
    .family(`${P}journal_durable_records_total`, 'counter', 'Journal records on disk (fdatasync done).', [
      { value: storage.durable },
    ])
    .family(`${P}journal_written_bytes_total`, 'counter', 'Bytes written to the journal since the start.', [
      { value: storage.written.bytes },
    ])
    .histogram(`${P}journal_batch_seconds`, 'Per journal batch (group commit): time from issue to on disk.', [
      { histogram: activity.batchSeconds },
    ])
    .histogram(`${P}journal_batch_records`, 'Per journal batch: the records it holds.', [
      { histogram: activity.batchRecords },
    ])
    .family(
      `${P}journal_failed`,
      'gauge',
      '1 once the journal could not be written: nothing more is acknowledged.',
      [{ value: storage.failed ? 1 : 0 }],
    )
    .family(
      `${P}snapshot_records`,
      'gauge',
      'Journal records the latest snapshot on disk covers (0: none).',
      [{ value: storage.snapshot?.records ?? 0 }],
    )
    .histogram(`${P}snapshot_seconds`, 'Snapshots written since the start: time from start to durable.', [
      { histogram: activity.snapshotSeconds },
    ])
    .family(`${P}snapshots_failed_total`, 'counter', 'Snapshots that could not be written since the start.', [
      { value: activity.snapshotsFailed },
    ])
}

function processMetrics(out: PrometheusText): void {
  const cpu = process.cpuUsage()
  const memory = process.memoryUsage()
  out
    .family('process_cpu_seconds_total', 'counter', 'Total user and system CPU time spent in seconds.', [
      { value: (cpu.user + cpu.system) / 1e6 },
    ])
    .family('process_resident_memory_bytes', 'gauge', 'Resident memory size in bytes.', [
      { value: memory.rss },
    ])
    .family('process_start_time_seconds', 'gauge', 'Start time of the process since unix epoch in seconds.', [
      { value: Math.round(performance.timeOrigin) / 1000 },
    ])
    .family('nodejs_heap_size_used_bytes', 'gauge', 'Process heap size used from Node.js in bytes.', [
      { value: memory.heapUsed },
    ])
}
