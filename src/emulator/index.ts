// A local Binance Spot exchange behind the real WebSocket API: `startEmulator()` and its options.
import { WS_API_PATH } from '../protocol/envelope.js'
import { createControl, type EmulatorControl } from './control/emulator-control.js'
import { Faults } from './control/faults.js'
import { DEFAULT_SYMBOLS } from './default-symbols.js'
import { demoAccounts } from './demo-accounts.js'
import { Exchange } from './exchange.js'
import { BanList } from './limits/bans.js'
import { ConnectionAttempts } from './limits/connection-attempts.js'
import { limits as resolveLimits } from './limits/options.js'
import { rateLimitRules } from './limits/rules.js'
import { WeightCounter } from './limits/weight-counter.js'
import type { LiquiditySettings } from './liquidity.js'
import type { DemoAccount, EmulatorOptions, LiquidityOptions } from './options.js'
import { listen } from './server.js'
import { EmulatorClock } from './server-life/clock.js'
import { ListenKeys } from './server-life/listen-keys.js'
import { LiveConnections } from './server-life/live-connections.js'
import { connectionLife } from './server-life/options.js'
import { createStreams, type EmulatorStreams } from './streams/emulator-streams.js'
import { ListenKeyStreams } from './streams/listen-key-streams.js'
import { UserStreams } from './user-streams.js'

export type { CancelOrdersOptions, ServerShutdownOptions } from './control/emulator-control.js'
export type { FailNextOptions, FaultError, StalledRequest, StallNextOptions } from './control/faults.js'
export { DEFAULT_SYMBOLS } from './default-symbols.js'
export type { LimitOptions } from './limits/options.js'
export type {
  AccountOptions,
  ApiPermission,
  CommissionOptions,
  DemoAccount,
  EmulatorOptions,
  LiquidityOptions,
  SymbolOptions,
} from './options.js'
export type { Clock } from './server-life/clock.js'
export type { ConnectionInfo } from './server-life/live-connections.js'
export type { ConnectionLifeOptions } from './server-life/options.js'
export type { EmulatorStreams } from './streams/emulator-streams.js'

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
  /** Disconnects every client and stops listening. */
  close(): Promise<void>
}

const DEFAULT_LIQUIDITY: LiquiditySettings = { levels: 10, spacingBps: 5 }

function liquiditySettings(option: boolean | LiquidityOptions | undefined): LiquiditySettings | undefined {
  if (option === false) return undefined
  if (option === undefined || option === true) return DEFAULT_LIQUIDITY
  return { ...DEFAULT_LIQUIDITY, ...option }
}

/** Starts an emulator on `host:port` (default 127.0.0.1, a free port). */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const seed = options.seed ?? 1
  const life = connectionLife(options.connection)
  const limits = resolveLimits(options.limits)
  const rateLimits = rateLimitRules(limits)
  const emulatorClock = new EmulatorClock(options.now ?? Date.now)
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
    exchange.engine.ledger,
    { maxActive: limits.maxActiveSubscriptions, maxIds: limits.maxSubscriptionIds },
    new ListenKeys(seed),
  )
  const live = new LiveConnections()
  const faults = new Faults()
  const marketStreams = createStreams(exchange, clock)
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
      upgrade: marketStreams.upgrade,
      afterRequest: marketStreams.flush,
    },
    host,
    options.port ?? 0,
  )
  const urlHost = host.includes(':') ? `[${host}]` : host
  const streamControls = marketStreams.controls(`ws://${urlHost}:${server.port}`)
  const listenKeyStreams = new ListenKeyStreams(streams, emulatorClock)
  streamControls.routeListenKeys(listenKeyStreams.route)
  return {
    url: `ws://${urlHost}:${server.port}${WS_API_PATH}`,
    host,
    port: server.port,
    demoAccounts: demo?.demo ?? [],
    streams: streamControls,
    close: async () => {
      await listenKeyStreams.close()
      await marketStreams.close()
      await server.close()
    },
    ...createControl({ exchange, streams, clock: emulatorClock, live, faults, life, liquidity }),
  }
}
