// The result shapes of the wire methods; each catalogue row names its own (`ResultOf` in methods.ts reads it).
import type { RateLimit } from './envelope.js'
import type { Ticker24hrFull, Ticker24hrMini, TickerFull, TickerMini } from './results/market.js'

export type {
  AccountCommission,
  AccountStatus,
  Allocation,
  Balance,
  CommissionRates,
  ListenKey,
  MyFilters,
  MyTrade,
  OrderAmendment,
  PreventedMatch,
  SessionLogon,
  SessionLogout,
  SessionStatus,
  Subscription,
} from './results/account.js'
export type {
  AssetFilter,
  ExchangeFilter,
  ExchangeFilterType,
  ExchangeInfo,
  ExecutionRule,
  ExecutionRules,
  RateLimitRule,
  SorInfo,
  SymbolFilter,
  SymbolFilterType,
  SymbolInfo,
} from './results/exchange.js'
export type {
  AggTrade,
  AvgPrice,
  BlockTrade,
  Depth,
  Kline,
  PriceLevel,
  ReferencePrice,
  ReferencePriceCalculation,
  Ticker24hrFull,
  Ticker24hrMini,
  TickerBook,
  TickerFull,
  TickerMini,
  TickerPrice,
  Trade,
} from './results/market.js'
export type {
  AmendedListStatus,
  AmendKeepPriorityResult,
  ListCancelLegReport,
  OrderCancelResult,
  OrderListCancelReport,
  OrderListCancelResult,
  OrderListOrder,
  OrderListResponse,
  OrderListStatus,
} from './results/order-lists.js'
export type {
  AmendedOrder,
  CancelReplaceErrorData,
  CancelReplaceResult,
  CancelReport,
  CommissionDiscount,
  ConditionalOrderFields,
  Fill,
  OrderAck,
  OrderCommissionRates,
  OrderFull,
  OrderPreventedMatch,
  OrderResponse,
  OrderResponseFor,
  OrderResult,
  OrderStatusReport,
  OrderTestResult,
} from './results/orders.js'

/** The empty object `{}` that acknowledges a request. */
export type Empty = Record<string, never>

/** A ticker of `ticker.24hr`: FULL (default) or MINI by the `type` param. */
export type Ticker24hr = Ticker24hrFull | Ticker24hrMini
/** A ticker of `ticker` / `ticker.tradingDay`: FULL (default) or MINI by the `type` param. */
export type Ticker = TickerFull | TickerMini

/** One `rateLimits`-shaped entry per `ORDERS` interval: the unfilled order count. */
export type UnfilledOrderCount = RateLimit
