// The matching engine: price-time priority on integer units, balances, executions. Pure: time and
// client order ids come from the caller; nothing here touches a clock, a socket or Math.random.
import type { ExpiryReason, RejectReason } from '../../protocol/enums.js'
import { ME_MESSAGES } from '../../protocol/errors.js'
import { OrderBook } from './book.js'
import type { BookSide } from './book-side.js'
import { availableQty, costOfQty, qtyForQuote } from './book-walk.js'
import type { CancelResult, EngineOptions, Lookup, OrderRef, PlaceCommand, PlaceResult } from './commands.js'
import { Effects, type Execution, type Trade } from './effects.js'
import { rests, statusExecution, tradeExecution } from './executions.js'
import { Ledger } from './ledger.js'
import { Market, type MarketSpec } from './market.js'
import { Order } from './order.js'
import { type RateUnits, settle, ZERO_RATES } from './settlement.js'

export type { CancelResult, EngineOptions, Lookup, OrderRef, PlaceCommand, PlaceResult } from './commands.js'

export class Engine {
  readonly ledger = new Ledger()
  private readonly books = new Map<string, OrderBook>()
  private readonly rates = new Map<number, RateUnits>()
  private lastExecutionId = 0

  constructor(private readonly options: EngineOptions) {}

  addMarket(spec: MarketSpec): OrderBook {
    const book = new OrderBook(new Market(spec))
    this.books.set(spec.symbol, book)
    return book
  }

  book(symbol: string): OrderBook | undefined {
    return this.books.get(symbol)
  }

  setCommission(accountId: number, rates: RateUnits): void {
    this.rates.set(accountId, rates)
  }

  place(cmd: PlaceCommand, now: number): PlaceResult {
    const book = this.bookOf(cmd.symbol)
    const { market } = book
    const opposite = book.opposite(cmd.side)
    let clientOrderId = cmd.clientOrderId
    if (clientOrderId === undefined) clientOrderId = this.freshClientId(book, cmd.accountId)
    else if (book.clientIdInUse(cmd.accountId, clientOrderId)) {
      return reject('NONE', ME_MESSAGES.DUPLICATE_ORDER)
    }
    if (cmd.type === 'LIMIT_MAKER') {
      const best = opposite.best()
      if (best && opposite.crosses(best.price, cmd.price)) {
        return reject('WOULD_MATCH_IMMEDIATELY', ME_MESSAGES.WOULD_MATCH_IMMEDIATELY)
      }
    }
    let qty = cmd.quantity
    if (cmd.type === 'MARKET' && cmd.quoteOrderQty > 0n) {
      if (!opposite.best()) return reject('NONE', ME_MESSAGES.LIQUIDITY_BELOW_SYMBOL_MIN)
      qty = qtyForQuote(market, opposite, cmd.quoteOrderQty)
      if (qty === 0 || qty < market.lot.min) return reject('NONE', ME_MESSAGES.LIQUIDITY_BELOW_LOT_SIZE)
      if (qty < market.marketLot.min) return reject('NONE', ME_MESSAGES.LIQUIDITY_BELOW_MARKET_LOT_SIZE)
    }
    const lockAsset = cmd.side === 'BUY' ? market.quoteAsset : market.baseAsset
    const lock = this.reservation(cmd, market, opposite, qty)
    if (this.ledger.free(cmd.accountId, lockAsset) < lock) {
      return reject('INSUFFICIENT_BALANCES', ME_MESSAGES.INSUFFICIENT_BALANCE)
    }

    const order = new Order({
      id: ++book.lastOrderId,
      accountId: cmd.accountId,
      market,
      side: cmd.side,
      type: cmd.type,
      timeInForce: cmd.timeInForce,
      price: cmd.price,
      origQty: qty,
      quoteOrderQty: cmd.quoteOrderQty,
      clientOrderId,
      time: now,
      selfTradePreventionMode: cmd.selfTradePreventionMode,
      strategyId: cmd.strategyId,
      strategyType: cmd.strategyType,
    })
    order.locked = lock
    this.ledger.lock(cmd.accountId, lockAsset, lock)
    book.register(order)
    const effects = new Effects()
    if (lock > 0n) effects.touch(cmd.accountId, lockAsset)
    const takerLog = effects.executions
    takerLog.push(statusExecution(order, 'NEW', ++this.lastExecutionId, now, true))

    const limit = order.type === 'MARKET' ? undefined : order.price
    if (order.timeInForce === 'FOK' && availableQty(opposite, limit, qty) < qty) {
      this.expire(book, order, 'UNFILLED_FOK_ORDER_EXPIRED', effects, takerLog, now)
      return { ok: true, order, trades: [], effects }
    }
    const makerLog: Execution[] = []
    const trades: Trade[] = []
    while (order.remaining > 0) {
      const level = opposite.best()
      if (!level || (limit !== undefined && !opposite.crosses(level.price, limit))) break
      const maker = level.head as Order
      const fillQty = Math.min(order.remaining, maker.remaining)
      level.qty -= fillQty
      trades.push(this.trade(book, order, maker, fillQty, effects, takerLog, makerLog, now))
    }
    if (order.remaining > 0) {
      if (rests(order)) book.rest(order)
      else {
        const reason = order.type === 'MARKET' ? 'INSUFFICIENT_LIQUIDITY' : 'UNFILLED_IOC_QUANTITY_EXPIRED'
        this.expire(book, order, reason, effects, takerLog, now)
      }
    }
    for (const e of makerLog) takerLog.push(e)
    return { ok: true, order, trades, effects }
  }

  /** Finds one of the account's orders on `symbol`; by id first, then checks the client id. */
  find(accountId: number, symbol: string, ref: OrderRef): Lookup {
    const book = this.bookOf(symbol)
    let order: Order | undefined
    if (ref.orderId !== undefined) {
      order = book.order(ref.orderId)
      if (!order || order.accountId !== accountId) return { error: 'NOT_FOUND' }
      if (ref.clientOrderId !== undefined && ref.clientOrderId !== order.clientOrderId) {
        return { error: 'MISMATCH' }
      }
      return { order }
    }
    if (ref.clientOrderId !== undefined) order = book.findByClientId(accountId, ref.clientOrderId)
    return order ? { order } : { error: 'NOT_FOUND' }
  }

  cancel(
    accountId: number,
    symbol: string,
    ref: OrderRef,
    newClientOrderId: string | undefined,
    now: number,
  ): CancelResult {
    const found = this.find(accountId, symbol, ref)
    if ('error' in found) return { ok: false, error: found.error }
    const { order } = found
    if (!order.isOpen) return { ok: false, error: 'NOT_FOUND' }
    const book = this.bookOf(symbol)
    const origClientOrderId = order.clientOrderId
    order.status = 'CANCELED'
    order.updateTime = now
    const effects = new Effects()
    this.finish(book, order, effects)
    order.clientOrderId = newClientOrderId ?? this.freshClientId(book, accountId)
    effects.executions.push(
      statusExecution(order, 'CANCELED', ++this.lastExecutionId, now, false, origClientOrderId),
    )
    return { ok: true, order, origClientOrderId, effects }
  }

  private bookOf(symbol: string): OrderBook {
    const book = this.books.get(symbol)
    if (!book) throw new RangeError(`unknown symbol ${symbol}`)
    return book
  }

  private freshClientId(book: OrderBook, accountId: number): string {
    for (;;) {
      const id = this.options.newClientOrderId()
      if (!book.clientIdInUse(accountId, id)) return id
    }
  }

  /** Funds to lock for an order of `qty`, in money units of the asset the order pays with. */
  private reservation(cmd: PlaceCommand, market: Market, opposite: BookSide, qty: number): bigint {
    if (cmd.side === 'SELL') return market.baseAmount(qty)
    if (cmd.type !== 'MARKET') return market.notional(cmd.price, qty)
    if (cmd.quoteOrderQty > 0n) return cmd.quoteOrderQty
    return costOfQty(market, opposite, qty)
  }

  private trade(
    book: OrderBook,
    taker: Order,
    maker: Order,
    qty: number,
    effects: Effects,
    takerLog: Execution[],
    makerLog: Execution[],
    now: number,
  ): Trade {
    const buyerIsMaker = maker.side === 'BUY'
    const buyer = buyerIsMaker ? maker : taker
    const seller = buyerIsMaker ? taker : maker
    const settled = settle(
      this.ledger,
      book.market,
      buyer,
      seller,
      this.rates.get(buyer.accountId) ?? ZERO_RATES,
      this.rates.get(seller.accountId) ?? ZERO_RATES,
      buyerIsMaker,
      maker.price,
      qty,
    )
    const trade: Trade = {
      id: ++book.lastTradeId,
      market: book.market,
      price: maker.price,
      qty,
      quote: settled.quote,
      time: now,
      buyer,
      seller,
      buyerIsMaker,
      buyerCommission: settled.buyerCommission,
      sellerCommission: settled.sellerCommission,
    }
    effects.trades.push(trade)
    book.updateId++
    this.applyFill(book, taker, trade, false, effects, takerLog, now)
    this.applyFill(book, maker, trade, true, effects, makerLog, now)
    return trade
  }

  private applyFill(
    book: OrderBook,
    order: Order,
    trade: Trade,
    isMaker: boolean,
    effects: Effects,
    log: Execution[],
    now: number,
  ): void {
    if (order.executedQty === 0) effects.firstFills.push(order.accountId)
    order.executedQty += trade.qty
    order.cumQuote += trade.quote
    order.updateTime = now
    const done = order.remaining === 0
    order.status = done ? 'FILLED' : 'PARTIALLY_FILLED'
    effects.touch(order.accountId, book.market.baseAsset)
    effects.touch(order.accountId, book.market.quoteAsset)
    if (done) this.finish(book, order, effects)
    log.push(
      tradeExecution(order, trade, ++this.lastExecutionId, !done && (isMaker || rests(order)), isMaker),
    )
  }

  private expire(
    book: OrderBook,
    order: Order,
    reason: ExpiryReason,
    effects: Effects,
    log: Execution[],
    now: number,
  ): void {
    order.status = 'EXPIRED'
    order.expiryReason = reason
    order.updateTime = now
    this.finish(book, order, effects)
    log.push(statusExecution(order, 'EXPIRED', ++this.lastExecutionId, now, false))
  }

  /** Releases what the order still has locked and takes it off the book and the open set. */
  private finish(book: OrderBook, order: Order, effects: Effects): void {
    if (order.locked !== 0n) {
      const asset = order.side === 'BUY' ? book.market.quoteAsset : book.market.baseAsset
      this.ledger.unlock(order.accountId, asset, order.locked)
      order.locked = 0n
      effects.touch(order.accountId, asset)
    }
    book.close(order)
  }
}

function reject(reason: RejectReason, msg: string): PlaceResult {
  return { ok: false, reason, msg }
}
