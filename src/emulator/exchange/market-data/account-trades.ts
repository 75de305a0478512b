// Every account's trades (myTrades), per symbol, in typed-array records (RecordColumns). An object per trade that
// held the engine's Trade kept both of its orders alive as objects forever (~0.5 KB a trade); a record here is
// 72 bytes the GC never scans.
import type { Trade } from '../../engine/effects.js'
import { type ChunkStore, historyChunkBits } from '../../engine/history-chunks.js'
import { RecordColumns } from '../../engine/record-columns.js'

/** One of an account's trades, from its side: what myTrades answers, in the symbol's units. */
export interface AccountTrade {
  readonly id: number
  readonly orderId: number
  readonly orderListId: number
  readonly price: number
  readonly qty: number
  /** price × qty in quote money units. */
  readonly quote: bigint
  /** In money units of `commissionAsset`. */
  readonly commission: bigint
  readonly commissionAsset: string
  readonly time: number
  readonly isBuyer: boolean
  readonly isMaker: boolean
}

/** What myTrades selects (times in ms); `oldest`: the first `limit` that fit, else the last `limit`. */
export interface TradeQuery {
  readonly orderId?: number | undefined
  readonly fromId?: number | undefined
  readonly startTime?: number | undefined
  readonly endTime?: number | undefined
  readonly limit: number
  readonly oldest: boolean
}

/** The fields of a trade in the columns. */
const ID = 0
const ORDER_ID = 1
const LIST_ID = 2
const PRICE = 3
const QTY = 4
const QUOTE = 5
const COMMISSION = 6
const TIME = 7
/** isBuyer (bit 0), isMaker (bit 1), the commission asset's index in `assets` (bits 2 and up). */
const FLAGS = 8
const STRIDE = 9

export class AccountTrades {
  private readonly byAccount = new Map<number, Map<string, RecordColumns>>()
  /** The commission assets met, indexed by the records. */
  private readonly assets: string[] = []

  /** Records `trade` as the buyer's (`isBuyer`) or the seller's. */
  add(accountId: number, trade: Trade, isBuyer: boolean): void {
    let bySymbol = this.byAccount.get(accountId)
    if (!bySymbol) {
      bySymbol = new Map()
      this.byAccount.set(accountId, bySymbol)
    }
    const symbol = trade.market.symbol
    let list = bySymbol.get(symbol)
    if (!list) {
      // A chunk a sixteenth of the default (64 records): an account and symbol's chunk being filled stays in memory
      // and is in every snapshot, for each pair (with 256, the journal load's 400 pairs made snapshots of 8 MB).
      list = new RecordColumns(STRIDE, Math.max(2, historyChunkBits() - 4))
      bySymbol.set(symbol, list)
    }
    const order = isBuyer ? trade.buyer : trade.seller
    const asset = isBuyer ? trade.buyerCommissionAsset : trade.sellerCommissionAsset
    let assetIndex = this.assets.indexOf(asset)
    if (assetIndex < 0) assetIndex = this.assets.push(asset) - 1
    const i = list.push()
    list.set(i, ID, trade.id)
    list.set(i, ORDER_ID, order.id)
    list.set(i, LIST_ID, order.orderListId)
    list.set(i, PRICE, trade.price)
    list.set(i, QTY, trade.qty)
    list.setMoney(i, QUOTE, trade.quote)
    list.setMoney(i, COMMISSION, isBuyer ? trade.buyerCommission : trade.sellerCommission)
    list.set(i, TIME, trade.time)
    list.set(i, FLAGS, (isBuyer ? 1 : 0) | (isBuyer === trade.buyerIsMaker ? 2 : 0) | (assetIndex << 2))
  }

  /** Spills the full chunks of every account's trades to the history file. */
  spill(store: ChunkStore): void {
    for (const bySymbol of this.byAccount.values()) for (const list of bySymbol.values()) list.spill(store)
  }

  /** The account's trades on `symbol`, oldest first. */
  of(accountId: number, symbol: string): AccountTrade[] {
    const list = this.byAccount.get(accountId)?.get(symbol)
    return list ? list.map(0, list.length, (i) => this.read(list, i)) : []
  }

  /**
   * The account's trades on `symbol` that `q` selects, oldest first: the first `limit` of them when `q.oldest`,
   * else the last `limit`. Only those are made into objects.
   */
  select(accountId: number, symbol: string, q: TradeQuery): AccountTrade[] {
    const list = this.byAccount.get(accountId)?.get(symbol)
    if (!list) return []
    const picked: number[] = []
    const fits = (i: number) =>
      (q.orderId === undefined || list.get(i, ORDER_ID) === q.orderId) &&
      (q.fromId === undefined || list.get(i, ID) >= q.fromId) &&
      (q.startTime === undefined || list.get(i, TIME) >= q.startTime) &&
      (q.endTime === undefined || list.get(i, TIME) <= q.endTime)
    if (q.oldest) {
      for (let i = 0; i < list.length && picked.length < q.limit; i++) if (fits(i)) picked.push(i)
    } else {
      for (let i = list.length - 1; i >= 0 && picked.length < q.limit; i--) if (fits(i)) picked.push(i)
      picked.reverse()
    }
    return picked.map((i) => this.read(list, i))
  }

  private read(list: RecordColumns, i: number): AccountTrade {
    const flags = list.get(i, FLAGS)
    return {
      id: list.get(i, ID),
      orderId: list.get(i, ORDER_ID),
      orderListId: list.get(i, LIST_ID),
      price: list.get(i, PRICE),
      qty: list.get(i, QTY),
      quote: list.money(i, QUOTE),
      commission: list.money(i, COMMISSION),
      commissionAsset: this.assets[flags >> 2] as string,
      time: list.get(i, TIME),
      isBuyer: (flags & 1) === 1,
      isMaker: (flags & 2) === 2,
    }
  }
}
