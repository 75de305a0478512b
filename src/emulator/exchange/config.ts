// What the exchange is made of: symbols, accounts, liquidity, commission, limits, archival.
import type { ExchangeFilter, SorInfo } from '../../protocol/results.js'
import type { BnbDiscountOptions } from './commission/options.js'
import type { FirstFillDecrement } from './limits/first-fill.js'
import type { RateLimitRules } from './limits/rules.js'
import type { LiquiditySettings } from './liquidity.js'
import type { SynthBookSettings } from './market-data/synth-book.js'
import type { AccountOptions, CommissionOptions, SymbolOptions } from './options.js'

export interface ExchangeConfig {
  readonly symbols: readonly SymbolOptions[]
  readonly accounts: readonly AccountOptions[]
  readonly liquidity: LiquiditySettings | undefined
  readonly seed: number
  readonly commission: CommissionOptions | undefined
  /** When the exchange opens (ms). */
  readonly startTime: number
  /** `exchangeInfo.exchangeFilters`. */
  readonly exchangeFilters?: readonly ExchangeFilter[] | undefined
  /** SOR groups; undefined: the default groups of the listed symbols. */
  readonly sors?: readonly SorInfo[] | undefined
  readonly bnbDiscount?: BnbDiscountOptions | undefined
  /** Unfilled orders given back at an order's first fill (default 1 as taker, 1 as maker). */
  readonly firstFillDecrement?: FirstFillDecrement | undefined
  /** The rate limit rules (exchangeInfo and the ORDERS counters); undefined: the defaults. */
  readonly rateLimits?: RateLimitRules | undefined
  /** false: a server without TRADE access ("WebSocket API trading is not enabled."). Default true. */
  readonly wsApiTrading?: boolean | undefined
  /**
   * An order that ended CANCELED or EXPIRED with nothing executed is archived this many ms after it ended
   * (-2026 on query or cancel, left out of allOrders); false: never. Default 90 days.
   */
  readonly orderArchiveAfter?: number | false | undefined
  /** A replay's book synthesized around the replayed price, per symbol (with `liquidity`); absent: from `liquidity`. */
  readonly synthBook?: Readonly<Record<string, SynthBookSettings>> | undefined
}
