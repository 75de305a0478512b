// Result shapes of account queries, sessions and user data stream subscriptions.
import type { AllocationType, Permission, SelfTradePreventionMode } from '../enums.js'
import type { Decimal } from '../methods.js'
import type { AssetFilter, ExchangeFilter, SymbolFilter } from './exchange.js'
import type { CommissionDiscount } from './orders.js'

/** One asset of the account. */
export interface Balance {
  asset: string
  free: Decimal
  locked: Decimal
}

/** Commission rates by role. */
export interface CommissionRates {
  maker: Decimal
  taker: Decimal
  buyer: Decimal
  seller: Decimal
}

/** `account.status` result. */
export interface AccountStatus {
  /** Legacy basis-point rates; `commissionRates` holds the decimals. */
  makerCommission: number
  takerCommission: number
  buyerCommission: number
  sellerCommission: number
  canTrade: boolean
  canWithdraw: boolean
  canDeposit: boolean
  commissionRates: CommissionRates
  brokered: boolean
  requireSelfTradePrevention: boolean
  preventSor: boolean
  updateTime: number
  /** `"SPOT"` in the spec; other values are not documented. */
  accountType: string
  balances: Balance[]
  permissions: Permission[]
  uid: number
}

/** One of the account's own trades (`myTrades`). */
export interface MyTrade {
  symbol: string
  id: number
  orderId: number
  orderListId: number
  price: Decimal
  qty: Decimal
  quoteQty: Decimal
  commission: Decimal
  commissionAsset: string
  time: number
  isBuyer: boolean
  isMaker: boolean
  isBestMatch: boolean
}

/** A match that self-trade prevention stopped (`myPreventedMatches`). */
export interface PreventedMatch {
  symbol: string
  /** Per-symbol sequence. */
  preventedMatchId: number
  takerOrderId: number
  makerSymbol: string
  makerOrderId: number
  tradeGroupId: number
  selfTradePreventionMode: SelfTradePreventionMode
  /** The maker's price. */
  price: Decimal
  /** For EXPIRE_TAKER, EXPIRE_BOTH and DECREMENT. */
  takerPreventedQuantity?: Decimal
  /** For EXPIRE_MAKER, EXPIRE_BOTH and DECREMENT. */
  makerPreventedQuantity?: Decimal
  transactTime: number
}

/** A SOR allocation (`myAllocations`). */
export interface Allocation {
  symbol: string
  allocationId: number
  allocationType: AllocationType
  orderId: number
  orderListId: number
  price: Decimal
  qty: Decimal
  quoteQty: Decimal
  commission: Decimal
  commissionAsset: string
  time: number
  isBuyer: boolean
  isMaker: boolean
  isAllocator: boolean
}

/** `account.commission` result. */
export interface AccountCommission {
  symbol: string
  standardCommission: CommissionRates
  specialCommission: CommissionRates
  taxCommission: CommissionRates
  discount: CommissionDiscount
}

/** One quantity amendment of an order (`order.amendments`). */
export interface OrderAmendment {
  symbol: string
  orderId: number
  executionId: number
  origClientOrderId: string
  newClientOrderId: string
  origQty: Decimal
  newQty: Decimal
  time: number
}

/** `myFilters` result: every filter that applies to the account on the symbol. */
export interface MyFilters {
  exchangeFilters: ExchangeFilter[]
  symbolFilters: SymbolFilter[]
  assetFilters: AssetFilter[]
}

/** `session.status` result; `apiKey`/`authorizedSince` are `null` on an unauthenticated connection. */
export interface SessionStatus {
  apiKey: string | null
  authorizedSince: number | null
  connectedSince: number
  /** The connection's default for `returnRateLimits`. */
  returnRateLimits: boolean
  serverTime: number
  /** `true`: a subscription is active; `false`: none; `null`: subscriptions unavailable. */
  userDataStream: boolean | null
}

/** `session.logon` result: the session is now authenticated. */
export interface SessionLogon extends SessionStatus {
  apiKey: string
  authorizedSince: number
}

/** `session.logout` result: the session is no longer authenticated. */
export interface SessionLogout extends SessionStatus {
  apiKey: null
  authorizedSince: null
}

/** A user data stream subscription on this connection. */
export interface Subscription {
  subscriptionId: number
}

/** `userDataStream.start` (legacy) result. */
export interface ListenKey {
  listenKey: string
}
