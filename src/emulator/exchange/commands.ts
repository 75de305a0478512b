// The commands the exchange facade takes (every change of the exchange's state is one), their results, and
// the events they cause. A command is plain data: what a journal writes and a replay reads back.
import type { OrderResponseType, Side, SymbolTradingStatus } from '../../protocol/enums.js'
import type { ApiErrorBody } from '../../protocol/envelope.js'
import type { Decimal, ParamsOf } from '../../protocol/methods.js'
import type { OrderRef } from '../engine/commands.js'
import type { Effects, Trade } from '../engine/effects.js'
import type { ListRef } from '../engine/lists/list-registry.js'
import type { ListKind, OrderList } from '../engine/lists/order-list.js'
import type { Order } from '../engine/order.js'
import type { PreventedMatch } from '../engine/prevented-match.js'
import type { AccountOptions, ApiPermission, SymbolOptions } from './options.js'
import type { AllocationRecord } from './sor/desk.js'

/** A new order as its request gave it: order.place params (also the new order of a cancel-replace, a list leg). */
export type NewOrder = ParamsOf<'order.place'>

/** A leg's place in its list: working, pending, or one side of an OCO pair. */
type LegRole = 'working' | 'pending' | 'above' | 'below'

export interface LegSpec {
  readonly role: LegRole
  /** The request's param prefix of this leg, e.g. `pendingAbove`. */
  readonly prefix: string
  readonly params: NewOrder
}

/** An order list as its request gave it: its legs in orderId order (working first, then an OCO pair's legs). */
export interface ListRequest {
  readonly kind: ListKind
  readonly symbol: string
  readonly side: Side
  readonly listClientOrderId: string | undefined
  readonly respType: OrderResponseType
  readonly legs: readonly LegSpec[]
}

/** How a cancel names its order and what it asks of it. */
export interface CancelSpec {
  readonly ref: OrderRef
  readonly newClientOrderId?: string | undefined
  readonly restriction?: ParamsOf<'order.cancel'>['cancelRestrictions']
}

/** Outside balance changes: deposits and withdrawals, and locks by another system. */
export type BalanceChange = 'deposit' | 'withdraw' | 'lock' | 'unlock'

/** Part of an outside trade that filled a user's resting order at the order's price (docs/replay.md). */
export interface HistoryFill {
  readonly orderId: number
  /** Quantity units. */
  readonly qty: number
}

/** A trade of the outside market (a replayed file), in the symbol's units; `time` in ms. */
export interface MarketTrade {
  readonly price: number
  readonly qty: number
  readonly time: number
  readonly buyerIsMaker: boolean
  /** The users' resting orders it filled, in the order they fill (before it prints). */
  readonly fills?: readonly HistoryFill[] | undefined
}

/** A price level of a depth snapshot, in the symbol's units: [price, quantity]. */
export type DepthLevel = readonly [price: number, qty: number]

/** A depth snapshot the replay posts as the outside market's book (docs/replay.md "Depth snapshots"). */
export interface BookSnapshot {
  /** Best (highest) first. */
  readonly bids: readonly DepthLevel[]
  /** Best (lowest) first. */
  readonly asks: readonly DepthLevel[]
}

/** One more API key of an account: its key material (HMAC secret or PEM public key), permissions and addresses. */
export type AccountKey = Pick<
  AccountOptions,
  'apiKey' | 'hmacSecret' | 'publicKey' | 'permissions' | 'ipWhitelist'
>

/** What may change of a key: its permissions, and the addresses it may be used from (null: any). */
export interface KeyChange {
  readonly permissions?: readonly ApiPermission[] | undefined
  readonly ipWhitelist?: readonly string[] | null | undefined
}

/** `cost`: what the request adds to the account's unfilled order count (its catalogue row's `unfilledOrders`). */
export type ExchangeCommand =
  | {
      readonly kind: 'placeOrder'
      readonly accountId: number
      readonly order: NewOrder
      readonly cost: number
    }
  | ({ readonly kind: 'cancelOrder'; readonly accountId: number; readonly symbol: string } & CancelSpec)
  | {
      readonly kind: 'cancelReplace'
      readonly accountId: number
      readonly cancel: CancelSpec
      readonly order: NewOrder
      readonly mode: ParamsOf<'order.cancelReplace'>['cancelReplaceMode']
      readonly onOrderLimit: ParamsOf<'order.cancelReplace'>['orderRateLimitExceededMode']
      readonly cost: number
    }
  | {
      readonly kind: 'amendOrder'
      readonly accountId: number
      readonly symbol: string
      readonly ref: OrderRef
      readonly newQty: Decimal
      readonly newClientOrderId: string | undefined
    }
  | { readonly kind: 'cancelOpenOrders'; readonly accountId: number; readonly symbol: string }
  | {
      readonly kind: 'placeOrderList'
      readonly accountId: number
      readonly list: ListRequest
      readonly cost: number
    }
  | {
      readonly kind: 'cancelOrderList'
      readonly accountId: number
      readonly symbol: string
      readonly ref: ListRef
      readonly newClientOrderId: string | undefined
    }
  | {
      readonly kind: 'placeSorOrder'
      readonly accountId: number
      readonly order: ParamsOf<'sor.order.place'>
      readonly cost: number
    }
  | {
      readonly kind: 'changeBalance'
      readonly accountId: number
      readonly asset: string
      readonly amount: Decimal
      readonly change: BalanceChange
    }
  | { readonly kind: 'moveReferencePrice'; readonly symbol: string; readonly price: Decimal }
  | {
      readonly kind: 'recordMarketTrades'
      readonly symbol: string
      readonly trades: readonly MarketTrade[]
      /** A depth snapshot that replaces the symbol's outside book before the trades. */
      readonly depth?: BookSnapshot | undefined
      /** A snapshot owns the book: the trades do not re-centre a synthesized one. */
      readonly keepBook?: boolean | undefined
    }
  | { readonly kind: 'setSymbolStatus'; readonly symbol: string; readonly status: SymbolTradingStatus }
  | { readonly kind: 'expireOrders'; readonly symbol: string; readonly accountId: number | undefined }
  | { readonly kind: 'addAccount'; readonly account: AccountOptions }
  | { readonly kind: 'addKey'; readonly accountId: number; readonly key: AccountKey }
  | { readonly kind: 'removeKey'; readonly apiKey: string }
  | ({ readonly kind: 'updateKey'; readonly apiKey: string } & KeyChange)
  | { readonly kind: 'addSymbol'; readonly symbol: SymbolOptions }
  | { readonly kind: 'reset' }

/**
 * The commands that add accounts, keys and symbols to what the configuration made, and remove keys: a snapshot lists
 * them, and its reader makes them first (a key removed and added again is the second one).
 */
export type AddedCommand =
  | CommandOf<'addAccount'>
  | CommandOf<'addKey'>
  | CommandOf<'removeKey'>
  | CommandOf<'addSymbol'>

export type CommandKind = ExchangeCommand['kind']
export type CommandOf<K extends CommandKind> = Extract<ExchangeCommand, { kind: K }>

/** A placed order and what it did as a taker. */
export interface PlacedOrder {
  readonly order: Order
  readonly trades: readonly Trade[]
  readonly prevented: readonly PreventedMatch[]
}

/** An order list canceled whole, with its legs' client ids before the cancel. */
export interface CanceledList {
  readonly list: OrderList
  readonly origClientOrderIds: ReadonlyMap<Order, string>
}

/** A canceled order, or the list a canceled leg belonged to (canceled whole). */
export type Canceled = { readonly order: Order; readonly origClientOrderId: string } | CanceledList

/** The two halves of a cancel-replace: each a result, the error that refused it, or (new order) not attempted. */
export interface CancelReplaced {
  readonly canceled: Canceled | ApiErrorBody
  readonly placed: PlacedOrder | ApiErrorBody | null
}

export interface Amended {
  readonly order: Order
  readonly origClientOrderId: string
  readonly executionId: number
  /** The list of an amended leg. */
  readonly list: OrderList | undefined
}

/** What each command returns; a refusal is thrown as an ApiFailure instead. */
export interface CommandResults {
  placeOrder: PlacedOrder
  cancelOrder: Canceled
  cancelReplace: CancelReplaced
  amendOrder: Amended
  cancelOpenOrders: readonly Canceled[]
  placeOrderList: { readonly list: OrderList; readonly trades: readonly Trade[] }
  cancelOrderList: CanceledList
  placeSorOrder: { readonly order: Order; readonly allocations: readonly AllocationRecord[] }
  changeBalance: undefined
  moveReferencePrice: undefined
  recordMarketTrades: undefined
  setSymbolStatus: undefined
  /** How many orders expired. */
  expireOrders: number
  /** The new account's id. */
  addAccount: number
  addKey: undefined
  removeKey: undefined
  updateKey: undefined
  addSymbol: undefined
  reset: undefined
}

/** A balance changed from outside the exchange (balanceUpdate or externalLockUpdate, then the account position). */
export interface BalanceEvent {
  readonly kind: 'balance'
  readonly accountId: number
  readonly asset: string
  readonly change: BalanceChange
  /** Money units, > 0. */
  readonly amount: bigint
}

/** What a command changed that users are told of: an engine change (executionReports …) or a balance change. */
export type ExchangeEvent = Effects | BalanceEvent
