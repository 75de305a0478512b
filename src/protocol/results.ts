// The `result` type of every wire method, keyed by wire name, checked against the catalogue.
import type { RateLimit } from './envelope.js'
import type { Method } from './methods.js'
import type {
  AccountCommission,
  AccountStatus,
  Allocation,
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
import type { ExchangeInfo, ExecutionRules } from './results/exchange.js'
import type {
  AggTrade,
  AvgPrice,
  BlockTrade,
  Depth,
  Kline,
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
import type {
  AmendKeepPriorityResult,
  OrderCancelResult,
  OrderListCancelReport,
  OrderListResponse,
  OrderListStatus,
} from './results/order-lists.js'
import type {
  CancelReplaceResult,
  OrderResponse,
  OrderStatusReport,
  OrderTestResult,
} from './results/orders.js'

export type * from './results/account.js'
export type * from './results/exchange.js'
export type * from './results/market.js'
export type * from './results/order-lists.js'
export type * from './results/orders.js'

/** The empty object `{}` that acknowledges a request. */
export type Empty = Record<string, never>

/** A ticker of `ticker.24hr`: FULL (default) or MINI by the `type` param. */
export type Ticker24hr = Ticker24hrFull | Ticker24hrMini
/** A ticker of `ticker` / `ticker.tradingDay`: FULL (default) or MINI by the `type` param. */
export type Ticker = TickerFull | TickerMini

/** One `rateLimits`-shaped entry per `ORDERS` interval: the unfilled order count. */
export type UnfilledOrderCount = RateLimit

/** Result of each wire method; object-or-array methods give an array for `symbols` or no symbol. */
export interface MethodResults {
  ping: Empty
  time: { serverTime: number }
  exchangeInfo: ExchangeInfo
  executionRules: ExecutionRules
  depth: Depth
  'trades.recent': Trade[]
  'trades.historical': Trade[]
  'blockTrades.historical': BlockTrade[]
  'trades.aggregate': AggTrade[]
  klines: Kline[]
  uiKlines: Kline[]
  avgPrice: AvgPrice
  'ticker.24hr': Ticker24hr | Ticker24hr[]
  'ticker.tradingDay': Ticker | Ticker[]
  ticker: Ticker | Ticker[]
  'ticker.price': TickerPrice | TickerPrice[]
  'ticker.book': TickerBook | TickerBook[]
  referencePrice: ReferencePrice
  'referencePrice.calculation': ReferencePriceCalculation
  'session.logon': SessionLogon
  'session.status': SessionStatus
  'session.logout': SessionLogout
  'order.place': OrderResponse
  'order.test': OrderTestResult
  'order.cancel': OrderCancelResult
  'order.cancelReplace': CancelReplaceResult
  'order.amend.keepPriority': AmendKeepPriorityResult
  'openOrders.cancelAll': OrderCancelResult[]
  'orderList.place': OrderListResponse
  'orderList.place.oco': OrderListResponse
  'orderList.place.oto': OrderListResponse
  'orderList.place.otoco': OrderListResponse
  'orderList.place.opo': OrderListResponse
  'orderList.place.opoco': OrderListResponse
  'orderList.cancel': OrderListCancelReport
  /** An array of one order response. */
  'sor.order.place': OrderResponse[]
  'sor.order.test': OrderTestResult
  'account.status': AccountStatus
  'order.status': OrderStatusReport
  'openOrders.status': OrderStatusReport[]
  allOrders: OrderStatusReport[]
  'orderList.status': OrderListStatus
  'openOrderLists.status': OrderListStatus[]
  allOrderLists: OrderListStatus[]
  myTrades: MyTrade[]
  'account.rateLimits.orders': UnfilledOrderCount[]
  myPreventedMatches: PreventedMatch[]
  myAllocations: Allocation[]
  'account.commission': AccountCommission
  'order.amendments': OrderAmendment[]
  myFilters: MyFilters
  'userDataStream.subscribe': Subscription
  'userDataStream.unsubscribe': Empty
  'session.subscriptions': Subscription[]
  'userDataStream.subscribe.signature': Subscription
  'userDataStream.start': ListenKey
  'userDataStream.ping': Empty
  'userDataStream.stop': Empty
}

/** The `result` of method `M`. */
export type ResultOf<M extends Method> = MethodResults[M]

type NoneLeft<T extends never> = T
/** Compiles only if every catalogue method has a result type. */
export type ResultsMissingFromTable = NoneLeft<Exclude<Method, keyof MethodResults>>
/** Compiles only if every result type belongs to a catalogue method. */
export type ResultsNotInCatalogue = NoneLeft<Exclude<keyof MethodResults, Method>>
