// Configuration of the emulator: accounts, symbols, liquidity, clock. Every field has a default.
import type { Decimal } from '../protocol/methods.js'
import type { ExchangeFilter, SorInfo } from '../protocol/results.js'
import type { ConnectionLifeOptions } from './api/server-life/options.js'
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

import type { ReplayOptions } from './replay/replay-feed.js'

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
  /** Pings, pong timeout, maximum connection age and `serverShutdown` notice (ms). */
  connection?: ConnectionLifeOptions
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
