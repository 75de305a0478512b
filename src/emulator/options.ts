// Configuration of the emulator: accounts, symbols, liquidity, clock. Every field has a default.
import type { Decimal } from '../protocol/methods.js'
import type { ExchangeFilter, SorInfo } from '../protocol/results.js'
import type { ControlChange } from './api/control/control-http.js'
import type { ConnectionLifeOptions } from './api/server-life/options.js'
import type { DiffDepthIntervals } from './api/streams/diff-depth.js'
import type { BnbDiscountOptions } from './exchange/commission/options.js'
import type { LimitOptions } from './exchange/limits/options.js'
import type {
  AccountOptions,
  CommissionOptions,
  LiquidityOptions,
  SymbolOptions,
} from './exchange/options.js'

export type {
  AccountOptions,
  ApiPermission,
  CommissionOptions,
  LiquidityOptions,
  SymbolOptions,
  TradingAction,
} from './exchange/options.js'
export { ALL_API_PERMISSIONS, TRADING_ACTIONS } from './exchange/options.js'

import type { ReplayOptions } from './replay/load-replay.js'

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number
  /** Default 127.0.0.1. */
  host?: string
  /** Default: two demo accounts (HMAC and Ed25519) with keys derived from `seed`. */
  accounts?: AccountOptions[]
  /** Default: BTCUSDT, ETHUSDT, BNBUSDT, ETHBTC, BTCUSDC (`DEFAULT_SYMBOLS`). */
  symbols?: SymbolOptions[]
  /** Default true. */
  liquidity?: boolean | LiquidityOptions
  /** Seeds demo keys and generated client order ids. Default 1. */
  seed?: number
  /** The clock's source, in ms since the epoch (default `Date.now`); `ex.clock` moves the emulator's time from it. */
  now?: () => number
  /**
   * Pings, pong timeout, maximum connection age and `serverShutdown` notice (ms); the bound on unsent output and
   * on connections that have not sent their upgrade yet.
   */
  connection?: ConnectionLifeOptions
  /**
   * Emulator ms between two diff depth events of a symbol: `standard` for `@depth` and `@depth@1000ms` (default
   * 1000), `fast` for `@depth@100ms` (default 100), Binance's update speeds; 0: an event after every command that
   * changes the book.
   */
  diffDepthInterval?: Partial<DiffDepthIntervals>
  /** IP bans, connection attempts, unfilled-order credits, subscription limits. */
  limits?: LimitOptions
  /** Default commission of every account; maker and taker default to 0.001. */
  commission?: CommissionOptions
  /** Exchange filters (`exchangeInfo.exchangeFilters`). Default: none. */
  exchangeFilters?: ExchangeFilter[]
  /** SOR groups (`exchangeInfo.sors`). Default: BTC over BTCUSDT and BTCUSDC when both are listed. */
  sors?: SorInfo[]
  /** The BNB commission discount. */
  bnbDiscount?: BnbDiscountOptions
  /**
   * false: a server without TRADE access; placing, canceling and amending answer "WebSocket API trading is not
   * enabled." (-2010 / -2011 / -2038). Default true.
   */
  wsApiTrading?: boolean
  /**
   * Emulator ms after which an order that ended CANCELED or EXPIRED with no executed quantity is archived:
   * `order.status` and `order.cancel` answer -2026 and `allOrders` leaves it out. `false`: never. Default 90 days.
   */
  orderArchiveAfter?: number | false
  /**
   * true: serve the legacy listenKey user data streams that Binance retired on 2026-02-20 (`userDataStream.start`,
   * `.ping`, `.stop` and `/ws/<listenKey>`), for older clients. Default false: they answer as Binance does now.
   */
  legacyListenKey?: boolean
  /**
   * A folder that keeps the exchange's state (a journal of every command, and snapshots): a restart on it, after a
   * clean stop or a crash, resumes that state, and nothing is answered before it is on disk (docs/persistence.md).
   * Default: none, the state lives in memory only.
   */
  dataDir?: string
  /** With `dataDir`: journal records between snapshots. Default 100 000. */
  snapshotEvery?: number
  /**
   * With `dataDir`: the script of the worker process that takes the periodic snapshots (default: the package's
   * compiled `snapshot-worker.js`; tests give a bundle); false: they are serialized on the main thread.
   */
  snapshotWorker?: string | URL | false
  /**
   * With `dataDir`: the longest (ms) a periodic snapshot may be serialized on the main thread. A state that takes
   * longer (a large book) is left to the worker. Default 100; 0: always the worker.
   */
  snapshotInlineMs?: number
  /**
   * Where operator lines go: a torn journal record dropped at start, a journal that could not be written, a slow
   * consumer closed, a connection cap reached. Default stderr.
   */
  log?: (line: string) => void
  /**
   * With `dataDir`: called when the journal cannot be written. The emulator then closes itself (every connection
   * ends: nothing more is acknowledged). Default: the error is logged.
   */
  onDataDirFailure?: (error: Error) => void
  /**
   * The control API as JSON over HTTP under `/control/` on the same port (docs/emulator-control.md "Over HTTP").
   * Default false.
   */
  control?: boolean
  /** A bearer token every `/control/` request must carry (`Authorization: Bearer <token>`). Default none. */
  controlToken?: string
  /**
   * With `controlToken`: a second token that may only read — every read route, the event stream and so the dashboard,
   * whose buttons it disables — for the people who watch a shared venue but do not change it. Default none.
   */
  controlReadToken?: string
  /**
   * Peer addresses allowed to use `/control/` besides loopback (`'*'`: any), and host names it may be reached as
   * besides localhost and addresses (a browser reaching it by another name is refused). Default none.
   */
  controlAllow?: readonly string[]
  /**
   * Told of every change made over `/control/`, once answered: the route, the peer's address, the params with secrets
   * left out — an audit trail of who changed a shared venue (the CLI logs it). Default: none.
   */
  onControlChange?: (change: ControlChange) => void
  /** The live dashboard at `/ui/` (its reads and events, not the changes, are served without `control`). Default false. */
  ui?: boolean
  /** The folder of the built dashboard (default: the package's `dist/ui/`). */
  uiFiles?: string
  /** Binance's public data files drive the market and the clock (docs/replay.md). */
  replay?: ReplayOptions
}

/** The keys and balances of a demo account, printed so a demo can connect. */
export type DemoAccount =
  | { kind: 'HMAC'; apiKey: string; apiSecret: string; balances: Record<string, Decimal> }
  | {
      kind: 'ED25519'
      apiKey: string
      privateKeyPem: string
      publicKeyPem: string
      balances: Record<string, Decimal>
    }
