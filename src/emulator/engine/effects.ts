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

/** Up to this many touched (account, asset) pairs are kept in two flat arrays; beyond, in the Map. */
const FLAT_TOUCHES = 16

/** The collections few commands fill, in one object made on first use. */
export class RareEffects {
  prevented: PreventedMatch[] | undefined = undefined
  triggered: Order[] | undefined = undefined
  listUpdates: ListUpdate[] | undefined = undefined
  balances: Map<number, Set<string>> | undefined = undefined
}

/**
 * Most commands record one execution, at most a few trades, and no prevented matches, triggers or list updates.
 * The first execution, trade and first fill are kept in fields: their arrays are made on the second one, or when
 * read (reading a collection makes it). The rarely used collections live in one side object made on first use, and
 * the touched balances stay in one flat array while they are few.
 */
export class Effects {
  private executions_: Execution[] | undefined = undefined
  private firstExecution: Execution | undefined = undefined
  private trades_: Trade[] | undefined = undefined
  private firstTrade: Trade | undefined = undefined
  private firstFills_: number[] | undefined = undefined
  /** The account of the first first fill, while `hasFirstFill` (and firstFills_ is not made). */
  private firstFill = 0
  private hasFirstFill = false
  private rare: RareEffects | undefined = undefined
  /** The first touched balance; the next ones while few: account id, asset, account id, asset… in touch order. */
  private firstAccount = 0
  private firstAsset: string | undefined = undefined
  private touched: (number | string)[] | undefined = undefined
  /** Pairs in `touched`. */
  private touches = 0

  /** In publication order: the taker's executions, then the makers'. */
  get executions(): Execution[] {
    let list = this.executions_
    if (list === undefined) {
      list = this.firstExecution === undefined ? [] : [this.firstExecution]
      this.firstExecution = undefined
      this.executions_ = list
    }
    return list
  }

  /** Appends an execution (what `executions.push` does, without an array for a single one). */
  record(x: Execution): void {
    const list = this.executions_
    if (list !== undefined) list.push(x)
    else if (this.firstExecution === undefined) this.firstExecution = x
    else {
      this.executions_ = [this.firstExecution, x]
      this.firstExecution = undefined
    }
  }

  get trades(): Trade[] {
    let list = this.trades_
    if (list === undefined) {
      list = this.firstTrade === undefined ? [] : [this.firstTrade]
      this.firstTrade = undefined
      this.trades_ = list
    }
    return list
  }

  /** Appends a trade. */
  addTrade(trade: Trade): void {
    const list = this.trades_
    if (list !== undefined) list.push(trade)
    else if (this.firstTrade === undefined) this.firstTrade = trade
    else {
      this.trades_ = [this.firstTrade, trade]
      this.firstTrade = undefined
    }
  }

  /** One account id per order that got its first fill (the unfilled order count drops). */
  get firstFills(): number[] {
    let list = this.firstFills_
    if (list === undefined) {
      list = this.hasFirstFill ? [this.firstFill] : []
      this.hasFirstFill = false
      this.firstFills_ = list
    }
    return list
  }

  /** Counts an order's first fill. */
  addFirstFill(accountId: number): void {
    const list = this.firstFills_
    if (list !== undefined) list.push(accountId)
    else if (!this.hasFirstFill) {
      this.firstFill = accountId
      this.hasFirstFill = true
    } else {
      this.firstFills_ = [this.firstFill, accountId]
      this.hasFirstFill = false
    }
  }

  private get r(): RareEffects {
    if (this.rare === undefined) this.rare = new RareEffects()
    return this.rare
  }

  /** Prevented matches recorded by this command. */
  get prevented(): PreventedMatch[] {
    const r = this.r
    if (r.prevented === undefined) r.prevented = []
    return r.prevented
  }

  /** Stop orders that triggered during this command, in trigger order. */
  get triggered(): Order[] {
    const r = this.r
    if (r.triggered === undefined) r.triggered = []
    return r.triggered
  }

  /** Order-list status changes (listStatus events), after the executions that caused them. */
  get listUpdates(): ListUpdate[] {
    const r = this.r
    if (r.listUpdates === undefined) r.listUpdates = []
    return r.listUpdates
  }

  /** The number of trades so far, without allocating. */
  get tradeCount(): number {
    if (this.trades_ !== undefined) return this.trades_.length
    return this.firstTrade === undefined ? 0 : 1
  }

  /** Accounts whose balances changed, with the assets, in the order they were touched. */
  get balances(): Map<number, Set<string>> {
    const r = this.r
    let map = r.balances
    if (map === undefined) {
      map = new Map()
      if (this.firstAsset !== undefined) addTouch(map, this.firstAccount, this.firstAsset)
      const touched = this.touched
      if (touched !== undefined) {
        for (let i = 0; i < 2 * this.touches; i += 2)
          addTouch(map, touched[i] as number, touched[i + 1] as string)
      }
      r.balances = map
      this.firstAsset = undefined
      this.touched = undefined
      this.touches = 0
    }
    return map
  }

  /** Calls `each` with every account whose balances changed, maybe more than once, without making `balances`. */
  eachTouchedAccount(each: (accountId: number) => void): void {
    const map = this.rare?.balances
    if (map !== undefined) {
      for (const accountId of map.keys()) each(accountId)
      return
    }
    if (this.firstAsset !== undefined) each(this.firstAccount)
    const touched = this.touched
    if (touched !== undefined) for (let i = 0; i < 2 * this.touches; i += 2) each(touched[i] as number)
  }

  touch(accountId: number, asset: string): void {
    const map = this.rare?.balances
    if (map !== undefined) {
      addTouch(map, accountId, asset)
      return
    }
    if (this.firstAsset === undefined) {
      this.firstAccount = accountId
      this.firstAsset = asset
      return
    }
    if (this.firstAccount === accountId && this.firstAsset === asset) return
    const touched = this.touched
    if (touched === undefined) {
      // Room for three more pairs: a taker and one maker touch two assets each.
      this.touched = [accountId, asset, 0, '', 0, '']
      this.touches = 1
      return
    }
    const n = 2 * this.touches
    for (let i = 0; i < n; i += 2) if (touched[i] === accountId && touched[i + 1] === asset) return
    if (n === 2 * FLAT_TOUCHES) {
      addTouch(this.balances, accountId, asset)
      return
    }
    if (n < touched.length) {
      touched[n] = accountId
      touched[n + 1] = asset
    } else touched.push(accountId, asset)
    this.touches++
  }
}

function addTouch(map: Map<number, Set<string>>, accountId: number, asset: string): void {
  let assets = map.get(accountId)
  if (!assets) {
    assets = new Set()
    map.set(accountId, assets)
  }
  assets.add(asset)
}
