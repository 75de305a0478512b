// What one engine command changed: executions (for executionReport), trades, touched balances.
import type {
  ExecutionType,
  ExpiryReason,
  OrderStatus,
  RejectReason,
  WorkingFloor,
} from '../../protocol/enums.js'
import type { ListUpdate } from './lists/order-list.js'
import type { Market } from './market.js'
import type { Order } from './order.js'
import type { PreventedMatch } from './prevented-match.js'

/** What a TRADE_PREVENTION execution adds to its executionReport (`v`, `B`, `U`, `Cs`, `pl`, `pL`, `pY`). */
export interface PreventionView {
  readonly match: PreventedMatch
  /** The quantity this event expired from the order (`B`). */
  readonly lastQty: number
  /** The order on the other side of the prevented match. */
  readonly counter: Order
  /** The quantity that would have traded (`pl`), at the maker's price (`pL`). */
  readonly qty: number
  readonly quote: bigint
}

/** One execution of an order, frozen at the moment it happened. */
export interface Execution {
  readonly order: Order
  readonly executionType: ExecutionType
  readonly status: OrderStatus
  readonly clientOrderId: string
  /** The canceled order's previous client id; `''` otherwise. */
  readonly origClientOrderId: string
  readonly lastQty: number
  readonly lastPrice: number
  readonly lastQuote: bigint
  readonly commission: bigint
  readonly commissionAsset: string | null
  /** -1 when this execution is not a trade. */
  readonly tradeId: number
  readonly executionId: number
  readonly onBook: boolean
  readonly isMaker: boolean
  readonly cumQty: number
  readonly cumQuote: bigint
  readonly time: number
  readonly expiryReason: ExpiryReason | undefined
  /** The order's quantity at this event (amend reduces it). */
  readonly origQty: number
  /** -1 while the order was not working. */
  readonly workingTime: number
  /** Cumulative prevented quantity (`A`). */
  readonly preventedQty: number
  /** Present on TRADE_PREVENTION executions. */
  readonly prevention?: PreventionView
  /** Present on REJECTED executions of orders the engine refused (`r`). */
  readonly rejectReason?: RejectReason
  /** Present on a SOR order's own executions: its working floor then (`k`), and the allocation id of a fill (`a`). */
  readonly sor?: { readonly workingFloor: WorkingFloor; readonly allocId?: number }
}

/** One match between a taker and a maker, at the maker's price. */
export interface Trade {
  readonly id: number
  readonly market: Market
  readonly price: number
  readonly qty: number
  /** price × qty in quote money units. */
  readonly quote: bigint
  readonly time: number
  readonly buyer: Order
  readonly seller: Order
  readonly buyerIsMaker: boolean
  /** Charged in the base asset. */
  readonly buyerCommission: bigint
  /** Charged in the quote asset. */
  readonly sellerCommission: bigint
  /** The base asset, or BNB when the buyer paid commission in BNB. */
  readonly buyerCommissionAsset: string
  /** The quote asset, or BNB. */
  readonly sellerCommissionAsset: string
}

export class Effects {
  /** In publication order: the taker's executions, then the makers'. */
  readonly executions: Execution[] = []
  readonly trades: Trade[] = []
  /** Accounts whose balances changed, with the assets, in the order they were touched. */
  readonly balances = new Map<number, Set<string>>()
  /** One account id per order that got its first fill (the unfilled order count drops). */
  readonly firstFills: number[] = []
  /** Prevented matches recorded by this command. */
  readonly prevented: PreventedMatch[] = []
  /** Stop orders that triggered during this command, in trigger order. */
  readonly triggered: Order[] = []
  /** Order-list status changes (listStatus events), after the executions that caused them. */
  readonly listUpdates: ListUpdate[] = []

  touch(accountId: number, asset: string): void {
    let assets = this.balances.get(accountId)
    if (!assets) {
      assets = new Set()
      this.balances.set(accountId, assets)
    }
    assets.add(asset)
  }
}
