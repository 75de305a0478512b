// A local Binance Spot exchange behind the real WebSocket API: `startEmulator()` and its options.
import { fileURLToPath } from 'node:url'
import { WS_API_PATH } from '../protocol/envelope.js'
import { ControlEvents } from './api/control/control-events.js'
import { controlHttp } from './api/control/control-http.js'
import { createControl, type EmulatorControl } from './api/control/emulator-control.js'
import { Faults } from './api/control/faults.js'
import { RequestLog } from './api/control/request-log.js'
import { dashboardFiles } from './api/dashboard-files.js'
import { controlOff, type HttpRoute } from './api/http-routes.js'
import { InternalErrors } from './api/internal-errors.js'
import { BanList } from './api/limits/bans.js'
import { ConnectionAttempts } from './api/limits/connection-attempts.js'
import { WeightCounter } from './api/limits/weight-counter.js'
import { EmulatorMetrics } from './api/metrics/emulator-metrics.js'
import { openDataDir, type Persistence, SNAPSHOT_INLINE_MS } from './api/persistence/persistence.js'
import { futuresInfo } from './api/rest/futures-info.js'
import { restApi } from './api/rest/rest-api.js'
import { sapiApi } from './api/rest/sapi-api.js'
import { listen } from './api/server.js'
import { EmulatorClock } from './api/server-life/clock.js'
import { FairTurns } from './api/server-life/fair-turns.js'
import { ListenKeys } from './api/server-life/listen-keys.js'
import { LiveConnections } from './api/server-life/live-connections.js'
import { connectionLife } from './api/server-life/options.js'
import { diffDepthIntervals } from './api/streams/diff-depth.js'
import { createStreams, type EmulatorStreams } from './api/streams/emulator-streams.js'
import { ListenKeyStreams } from './api/streams/listen-key-streams.js'
import { UserStreams } from './api/user-streams.js'
import { toSafeUnits } from './engine/decimal.js'
import { DEFAULT_SYMBOLS } from './exchange/default-symbols.js'
import { Exchange } from './exchange/exchange.js'
import { limits as resolveLimits } from './exchange/limits/options.js'
import { RAW_REQUESTS_RULE } from './exchange/limits/rules.js'
import { findFilter, listSymbol } from './exchange/symbols.js'
import { exchangeSetup } from './exchange-setup.js'
import { checkOptionKeys } from './option-keys.js'
import type { DemoAccount, EmulatorOptions, SymbolOptions } from './options.js'
import { checkOptions } from './options-check.js'
import { loadReplay } from './replay/load-replay.js'
import type { MarketScales } from './replay/read-replay-file.js'
import { type EmulatorReplay, emulatorReplay } from './replay/report.js'

export type { ControlChange } from './api/control/control-http.js'
export { ControlParamError } from './api/control/control-param-error.js'
export type {
  AccountInfo,
  CancelOrdersOptions,
  KeyChangeResult,
  KeyUpdate,
  ResetAccountOptions,
  ResetAccountResult,
  ServerShutdownOptions,
} from './api/control/emulator-control.js'
export type { FailNextOptions, FaultError, StalledRequest, StallNextOptions } from './api/control/faults.js'
export { QUERY_METHODS, type QueryMethod } from './api/control/query.js'
export type { RequestRecord } from './api/control/request-log.js'
export { DataDirError } from './api/persistence/data-dir-error.js'
export type { BackupInfo, SnapshotInfo, StorageInfo } from './api/persistence/persistence.js'
export type { Clock } from './api/server-life/clock.js'
export type { ConnectionInfo } from './api/server-life/live-connections.js'
export type { ConnectionLifeOptions } from './api/server-life/options.js'
export type { EmulatorStreams } from './api/streams/emulator-streams.js'
export { checkDataDir, type DataDirCheck } from './check-data-dir.js'
export type { AccountKey } from './exchange/commands.js'
export { DEFAULT_SYMBOLS } from './exchange/default-symbols.js'
export type { LimitOptions } from './exchange/limits/options.js'
export type {
  AccountOptions,
  ApiPermission,
  CommissionOptions,
  DemoAccount,
  EmulatorOptions,
  LiquidityOptions,
  SymbolOptions,
  TradingAction,
} from './options.js'
export type { ReplayOptions } from './replay/load-replay.js'
export type { ReplaySource } from './replay/read-replay-file.js'
export type { ReplayProgress } from './replay/replay-feed.js'
export { ReplayInputError } from './replay/replay-input-error.js'
export type { AccountReport, EmulatorReplay, ReplayReport, SymbolReport } from './replay/report.js'
export type { Drawdown, EquityPoint } from './replay/report-equity.js'
export type { LongestDrawdown, PeriodReturn } from './replay/report-returns.js'

/** A running emulator, with its control API for tests. */
export interface Emulator extends EmulatorControl {
  /** `ws://<host>:<port>/ws-api/v3`. */
  readonly url: string
  readonly host: string
  readonly port: number
  /** The generated accounts when none were configured; empty otherwise. */
  readonly demoAccounts: readonly DemoAccount[]
  /** Market data streams on the same port (`streams.url`), with fault injection for tests. */
  readonly streams: EmulatorStreams
  /** The replay feeding the market, when `replay` was given: its progress, its report, `done` when the data ends. */
  readonly replay: EmulatorReplay | undefined
  /** Disconnects every client and stops listening. */
  close(): Promise<void>
}

/** Journal records between snapshots, by default. */
const SNAPSHOT_EVERY = 100_000

const stderrLog = (line: string) => {
  process.stderr.write(`${line}\n`)
}

/** Runs `start`; if it fails (a port in use), the data dir is closed first so that the journal is not left open. */
async function listenOrRelease<T>(persistence: Persistence | undefined, start: () => Promise<T>): Promise<T> {
  try {
    return await start()
  } catch (err) {
    await persistence?.close()
    throw err
  }
}

/** How each symbol's prices and quantities count, from the symbols the emulator lists. */
function replayScales(symbols: readonly SymbolOptions[]): (symbol: string) => MarketScales | undefined {
  const bySymbol = new Map(
    symbols.map((o) => {
      const { spec, info } = listSymbol(o)
      const tickSize = findFilter(info.filters, 'PRICE_FILTER')?.tickSize
      const tick = tickSize ? toSafeUnits(tickSize, spec.priceScale) : 0
      return [
        o.symbol,
        { priceScale: spec.priceScale, qtyScale: spec.qtyScale, tick: tick > 0 ? tick : undefined },
      ]
    }),
  )
  return (symbol) => bySymbol.get(symbol)
}

/** Starts an emulator on `host:port` (default 127.0.0.1, a free port). */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  checkOptionKeys(options)
  checkOptions(options)
  const seed = options.seed ?? 1
  const life = connectionLife(options.connection)
  const limits = resolveLimits(options.limits)
  if (options.replay && options.dataDir !== undefined) {
    throw new TypeError(
      'replay and dataDir cannot be used together yet: a replay starts from its files each time',
    )
  }
  // A replay's clock stands still between data events: the feed sets it to each event's time.
  const replay = options.replay
    ? await loadReplay(options.replay, replayScales(options.symbols ?? DEFAULT_SYMBOLS))
    : undefined
  const source = options.now ?? (replay ? () => 0 : Date.now)
  const emulatorClock = new EmulatorClock(source)
  if (replay) emulatorClock.set(replay.firstTime)
  const clock = () => emulatorClock.now()
  const log = options.log ?? stderrLog
  const { config, demo } = exchangeSetup(options, limits, replay?.synthBook)
  let failed: (error: Error) => void = () => {}
  const dataDir =
    options.dataDir === undefined
      ? undefined
      : await openDataDir(
          {
            dir: options.dataDir,
            config,
            snapshotEvery: options.snapshotEvery ?? SNAPSHOT_EVERY,
            snapshotWorker: options.snapshotWorker,
            inlineMs: options.snapshotInlineMs ?? SNAPSHOT_INLINE_MS,
            log,
            onFailure: (error) => failed(error),
          },
          clock(),
        )
  const exchange = new Exchange({ ...config, startTime: dataDir?.startTime ?? clock() })
  const listenKeys = new ListenKeys(seed)
  const persistence: Persistence | undefined = await dataDir?.recover({
    exchange,
    listenKeys,
    clock: emulatorClock,
    source,
  })
  const host = options.host ?? '127.0.0.1'
  const streams = new UserStreams(
    exchange,
    { maxActive: limits.maxActiveSubscriptions, maxIds: limits.maxSubscriptionIds },
    listenKeys,
  )
  const live = new LiveConnections()
  const faults = new Faults()
  const legacyListenKey = options.legacyListenKey ?? false
  const marketStreams = createStreams(
    exchange,
    emulatorClock,
    diffDepthIntervals(options.diffDepthInterval),
    new ListenKeyStreams(streams, emulatorClock, legacyListenKey),
    {
      life,
      attempts: new ConnectionAttempts(limits.connectionAttempts),
      clock: emulatorClock,
      log,
      gate: persistence?.gate,
    },
  )
  const weights = new WeightCounter(config.rateLimits.requestWeight)
  const requestLog =
    options.control === true || options.ui === true ? new RequestLog(weights, exchange) : undefined
  const replayReads = replay && emulatorReplay(replay, exchange, options.replay?.report, log)
  const bans = new BanList(limits.banAfter, limits.banDurations)
  const internalErrors = new InternalErrors(log)
  const metrics = new EmulatorMetrics({
    exchange,
    now: () => emulatorClock.now(),
    apiConnections: () => live.size,
    streamConnections: marketStreams.connections,
    bans,
    internalErrors,
    requestLog,
    persistence,
    eventStreams: () => events?.counts(),
  })
  const control = createControl({
    exchange,
    clock: emulatorClock,
    live,
    faults,
    life,
    streams,
    requestLog,
    persistence,
    metrics,
    source,
    restartStreams: marketStreams.restart,
    shutdownStreams: marketStreams.shutdown,
    replaying: replay !== undefined,
    replay: replayReads,
  })
  const dispatchEnv = {
    exchange,
    weights,
    streams,
    clock,
    wallClock: replay ? Date.now : undefined,
    bans,
    faults,
    legacyListenKey,
    requestLog,
    internalErrors,
  }
  const afterChange = () => {
    marketStreams.flush()
    emulatorClock.fireDue()
    replay?.activity()
  }
  const gate = persistence && { gate: persistence.gate }
  const rawRequests = new WeightCounter({ ...RAW_REQUESTS_RULE, limit: limits.rawRequests })
  const restEnv = { ...dispatchEnv, ...gate, afterRequest: afterChange, rawRequests }
  const rest = restApi(restEnv)
  const httpRoutes: HttpRoute[] = [rest.api, sapiApi(restEnv), ...futuresInfo(restEnv)]
  const events =
    requestLog &&
    new ControlEvents(exchange, control, options.control === true, requestLog, persistence, {
      runs: options.now === undefined && !replay,
      onMove: (fn) => emulatorClock.onMove(fn),
    })
  if (events) {
    const access = {
      changes: options.control === true,
      token: options.controlToken,
      readToken: options.controlReadToken,
      allow: options.controlAllow ?? [],
      gate: persistence?.gate,
      onChange: options.onControlChange,
      internalErrors,
    }
    httpRoutes.push(controlHttp(control, events, afterChange, access))
  } else httpRoutes.push(controlOff)
  if (options.ui === true) {
    httpRoutes.push(dashboardFiles(options.uiFiles ?? fileURLToPath(new URL('../ui/', import.meta.url))))
  }
  httpRoutes.push(rest.notFound)
  const turns = new FairTurns()
  persistence?.batchWith(() => turns.waiting)
  const server = await listenOrRelease(persistence, () =>
    listen(
      {
        ...dispatchEnv,
        emulatorClock,
        life,
        live,
        attempts: new ConnectionAttempts(limits.connectionAttempts),
        log,
        upgrade: marketStreams.upgrade,
        afterRequest: replay
          ? () => {
              marketStreams.flush()
              replay.activity()
            }
          : marketStreams.flush,
        httpRoutes,
        turns,
        ...gate,
      },
      host,
      options.port ?? 0,
    ),
  )
  const urlHost = host.includes(':') ? `[${host}]` : host
  const streamControls = marketStreams.controls(`ws://${urlHost}:${server.port}`)
  let closing: Promise<void> | undefined
  // In flight requests are answered (their records made durable) before the sockets close; the final snapshot
  // is taken once nothing can change the state any more.
  const close = () => {
    closing ??= (async () => {
      replay?.stop()
      await replayReads?.done
      await persistence?.settle()
      events?.close()
      // Together: both refuse new connections from the start, and their clients' close frames share one bound.
      await Promise.all([marketStreams.close(), server.close()])
      await persistence?.close()
    })()
    return closing
  }
  failed = (error) => {
    void close().then(() => (options.onDataDirFailure ?? ((e: Error) => log(e.message)))(error))
  }
  replay?.start(exchange, emulatorClock, marketStreams.flush, {
    connections: () => live.size + streamControls.connections,
  })
  return {
    url: `ws://${urlHost}:${server.port}${WS_API_PATH}`,
    host,
    port: server.port,
    demoAccounts: demo?.demo ?? [],
    streams: streamControls,
    close,
    ...control,
    replay: replayReads,
  }
}
