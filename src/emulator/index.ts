// A local Binance Spot exchange behind the real WebSocket API: `startEmulator()` and its options.
import { WS_API_PATH } from '../protocol/envelope.js'
import { createControl, type EmulatorControl } from './api/control/emulator-control.js'
import { Faults } from './api/control/faults.js'
import { BanList } from './api/limits/bans.js'
import { ConnectionAttempts } from './api/limits/connection-attempts.js'
import { WeightCounter } from './api/limits/weight-counter.js'
import { listen } from './api/server.js'
import { EmulatorClock } from './api/server-life/clock.js'
import { ListenKeys } from './api/server-life/listen-keys.js'
import { LiveConnections } from './api/server-life/live-connections.js'
import { connectionLife } from './api/server-life/options.js'
import { createStreams, type EmulatorStreams } from './api/streams/emulator-streams.js'
import { ListenKeyStreams } from './api/streams/listen-key-streams.js'
import { UserStreams } from './api/user-streams.js'
import { demoAccounts } from './demo-accounts.js'
import { DEFAULT_SYMBOLS } from './exchange/default-symbols.js'
import { Exchange } from './exchange/exchange.js'
import { limits as resolveLimits } from './exchange/limits/options.js'
import { rateLimitRules } from './exchange/limits/rules.js'
import type { LiquiditySettings } from './exchange/liquidity.js'
import { listSymbol } from './exchange/symbols.js'
import { checkOptionKeys } from './option-keys.js'
import type { DemoAccount, EmulatorOptions, LiquidityOptions, SymbolOptions } from './options.js'
import type { MarketScales } from './replay/read-replay-file.js'
import { loadReplay, type ReplayFeed } from './replay/replay-feed.js'

export type { CancelOrdersOptions, ServerShutdownOptions } from './api/control/emulator-control.js'
export type { FailNextOptions, FaultError, StalledRequest, StallNextOptions } from './api/control/faults.js'
export type { Clock } from './api/server-life/clock.js'
export type { ConnectionInfo } from './api/server-life/live-connections.js'
export type { ConnectionLifeOptions } from './api/server-life/options.js'
export type { EmulatorStreams } from './api/streams/emulator-streams.js'
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
export type { ReplaySource } from './replay/read-replay-file.js'
export type { ReplayOptions, ReplayProgress } from './replay/replay-feed.js'
export { ReplayInputError } from './replay/replay-input-error.js'

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
  /** The replay feeding the market, when `replay` was given: its progress, and `done` when the data has ended. */
  readonly replay: Pick<ReplayFeed, 'progress' | 'done'> | undefined
  /** Disconnects every client and stops listening. */
  close(): Promise<void>
}

const DEFAULT_LIQUIDITY: LiquiditySettings = { levels: 10, spacingBps: 5 }

function liquiditySettings(option: boolean | LiquidityOptions | undefined): LiquiditySettings | undefined {
  if (option === false) return undefined
  if (option === undefined || option === true) return DEFAULT_LIQUIDITY
  return { ...DEFAULT_LIQUIDITY, ...option }
}

/** How each symbol's prices and quantities count, from the symbols the emulator lists. */
function replayScales(symbols: readonly SymbolOptions[]): (symbol: string) => MarketScales | undefined {
  const bySymbol = new Map(symbols.map((o) => [o.symbol, listSymbol(o).spec]))
  return (symbol) => bySymbol.get(symbol)
}

/** Starts an emulator on `host:port` (default 127.0.0.1, a free port). */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  checkOptionKeys(options)
  const seed = options.seed ?? 1
  const life = connectionLife(options.connection)
  const limits = resolveLimits(options.limits)
  const rateLimits = rateLimitRules(limits)
  // A replay's clock stands still between data events: the feed sets it to each event's time.
  const replay = options.replay
    ? await loadReplay(options.replay, replayScales(options.symbols ?? DEFAULT_SYMBOLS))
    : undefined
  const emulatorClock = new EmulatorClock(options.now ?? (replay ? () => 0 : Date.now))
  if (replay) emulatorClock.set(replay.firstTime)
  const clock = () => emulatorClock.now()
  const liquidity = liquiditySettings(options.liquidity)
  const demo = options.accounts ? undefined : demoAccounts(seed)
  const exchange = new Exchange({
    symbols: options.symbols ?? DEFAULT_SYMBOLS,
    accounts: options.accounts ?? demo?.accounts ?? [],
    liquidity,
    seed,
    commission: options.commission,
    startTime: clock(),
    firstFillDecrement: limits.firstFillDecrement,
    rateLimits,
    exchangeFilters: options.exchangeFilters,
    sors: options.sors,
    bnbDiscount: options.bnbDiscount,
    wsApiTrading: options.wsApiTrading,
    orderArchiveAfter: options.orderArchiveAfter,
  })
  const host = options.host ?? '127.0.0.1'
  const streams = new UserStreams(
    exchange,
    { maxActive: limits.maxActiveSubscriptions, maxIds: limits.maxSubscriptionIds },
    new ListenKeys(seed),
  )
  const live = new LiveConnections()
  const faults = new Faults()
  const legacyListenKey = options.legacyListenKey ?? false
  const marketStreams = createStreams(
    exchange,
    clock,
    new ListenKeyStreams(streams, emulatorClock, legacyListenKey),
  )
  const server = await listen(
    {
      exchange,
      weights: new WeightCounter(rateLimits.requestWeight),
      streams,
      clock,
      bans: new BanList(limits.banAfter, limits.banDurations),
      faults,
      emulatorClock,
      life,
      live,
      attempts: new ConnectionAttempts(limits.connectionAttempts),
      legacyListenKey,
      upgrade: marketStreams.upgrade,
      afterRequest: marketStreams.flush,
    },
    host,
    options.port ?? 0,
  )
  const urlHost = host.includes(':') ? `[${host}]` : host
  const streamControls = marketStreams.controls(`ws://${urlHost}:${server.port}`)
  replay?.start(exchange, emulatorClock, marketStreams.flush)
  return {
    url: `ws://${urlHost}:${server.port}${WS_API_PATH}`,
    host,
    port: server.port,
    demoAccounts: demo?.demo ?? [],
    streams: streamControls,
    replay,
    close: async () => {
      replay?.stop()
      await marketStreams.close()
      await server.close()
    },
    ...createControl({ exchange, clock: emulatorClock, live, faults, life }),
  }
}
