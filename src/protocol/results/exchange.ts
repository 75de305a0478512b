// Result shapes of `exchangeInfo`, `executionRules` and the filters (filters.md).

import type {
  ExecutionRuleType,
  OrderType,
  Permission,
  SelfTradePreventionMode,
  SymbolStatusShown,
} from '../enums.js'
import type { RateLimit } from '../envelope.js'
import type { Decimal } from '../methods.js'

/** A symbol filter, discriminated on `filterType`. */
export type SymbolFilter =
  | { filterType: 'PRICE_FILTER'; minPrice: Decimal; maxPrice: Decimal; tickSize: Decimal }
  | { filterType: 'PERCENT_PRICE'; multiplierUp: Decimal; multiplierDown: Decimal; avgPriceMins: number }
  | {
      filterType: 'PERCENT_PRICE_BY_SIDE'
      bidMultiplierUp: Decimal
      bidMultiplierDown: Decimal
      askMultiplierUp: Decimal
      askMultiplierDown: Decimal
      avgPriceMins: number
    }
  | { filterType: 'LOT_SIZE'; minQty: Decimal; maxQty: Decimal; stepSize: Decimal }
  | { filterType: 'MIN_NOTIONAL'; minNotional: Decimal; applyToMarket: boolean; avgPriceMins: number }
  | {
      filterType: 'NOTIONAL'
      minNotional: Decimal
      applyMinToMarket: boolean
      maxNotional: Decimal
      applyMaxToMarket: boolean
      avgPriceMins: number
    }
  | { filterType: 'ICEBERG_PARTS'; limit: number }
  | { filterType: 'MARKET_LOT_SIZE'; minQty: Decimal; maxQty: Decimal; stepSize: Decimal }
  | { filterType: 'MAX_NUM_ORDERS'; maxNumOrders: number }
  | { filterType: 'MAX_NUM_ALGO_ORDERS'; maxNumAlgoOrders: number }
  | { filterType: 'MAX_NUM_ICEBERG_ORDERS'; maxNumIcebergOrders: number }
  | { filterType: 'MAX_POSITION'; maxPosition: Decimal }
  | {
      filterType: 'TRAILING_DELTA'
      minTrailingAboveDelta: number
      maxTrailingAboveDelta: number
      minTrailingBelowDelta: number
      maxTrailingBelowDelta: number
    }
  | { filterType: 'MAX_NUM_ORDER_AMENDS'; maxNumOrderAmends: number }
  | { filterType: 'MAX_NUM_ORDER_LISTS'; maxNumOrderLists: number }

/** An exchange-wide filter, discriminated on `filterType`. */
export type ExchangeFilter =
  | { filterType: 'EXCHANGE_MAX_NUM_ORDERS'; maxNumOrders: number }
  | { filterType: 'EXCHANGE_MAX_NUM_ALGO_ORDERS'; maxNumAlgoOrders: number }
  | { filterType: 'EXCHANGE_MAX_NUM_ICEBERG_ORDERS'; maxNumIcebergOrders: number }
  | { filterType: 'EXCHANGE_MAX_NUM_ORDER_LISTS'; maxNumOrderLists: number }

/** A per-account asset filter (only `myFilters` shows these). */
export type AssetFilter = { filterType: 'MAX_ASSET'; asset: string; limit: Decimal }

export type SymbolFilterType = SymbolFilter['filterType']
export type ExchangeFilterType = ExchangeFilter['filterType']

/** A limit definition in `exchangeInfo` (no `count`: nothing has been spent against it). */
export type RateLimitRule = Omit<RateLimit, 'count'>

/** One symbol of `exchangeInfo`. */
export interface SymbolInfo {
  symbol: string
  status: SymbolStatusShown
  baseAsset: string
  baseAssetPrecision: number
  quoteAsset: string
  quotePrecision: number
  quoteAssetPrecision: number
  baseCommissionPrecision: number
  quoteCommissionPrecision: number
  orderTypes: OrderType[]
  icebergAllowed: boolean
  ocoAllowed: boolean
  otoAllowed: boolean
  opoAllowed: boolean
  quoteOrderQtyMarketAllowed: boolean
  allowTrailingStop: boolean
  cancelReplaceAllowed: boolean
  amendAllowed: boolean
  pegInstructionsAllowed: boolean
  isSpotTradingAllowed: boolean
  isMarginTradingAllowed: boolean
  filters: SymbolFilter[]
  permissions: Permission[]
  /** Outer array: all sets are needed (AND); inner array: any one permission of the set (OR). */
  permissionSets: Permission[][]
  defaultSelfTradePreventionMode: SelfTradePreventionMode
  allowedSelfTradePreventionModes: SelfTradePreventionMode[]
}

/** Symbols a SOR order can route across, per base asset. */
export interface SorInfo {
  baseAsset: string
  symbols: string[]
}

/** `exchangeInfo` result. */
export interface ExchangeInfo {
  timezone: string
  serverTime: number
  rateLimits: RateLimitRule[]
  exchangeFilters: ExchangeFilter[]
  symbols: SymbolInfo[]
  /** Present only when SOR is available. */
  sors?: SorInfo[]
}

/** A price-range execution rule of `executionRules`; a missing multiplier disables that side and direction. */
export interface ExecutionRule {
  ruleType: ExecutionRuleType
  bidLimitMultUp?: Decimal
  bidLimitMultDown?: Decimal
  askLimitMultUp?: Decimal
  askLimitMultDown?: Decimal
}

/** `executionRules` result. */
export interface ExecutionRules {
  symbolRules: { symbol: string; rules: ExecutionRule[] }[]
}
