// The matching engine: price-time priority on integer units, balances, executions. Pure: time and
// client order ids come from the caller; nothing here touches a clock, a socket or Math.random.
import type { RejectReason } from '../../protocol/enums.js'
import { ME_MESSAGES } from '../../protocol/errors.js'
import { runTriggers } from './activation.js'
import { OrderBook } from './book.js'
import { costOfQty, qtyForQuote } from './book-walk.js'
import type {
  AmendResult,
  CancelResult,
  EngineOptions,
  ExecutionListener,
  Lookup,
  OrderRef,
  PlaceCommand,
  PlaceResult,
} from './commands.js'
import { Effects } from './effects.js'
import { statusExecution } from './executions.js'
import { Ledger } from './ledger.js'
import { Market, type MarketSpec } from './market.js'
import { Matcher } from './matcher.js'
import { Order, type OrderInit } from './order.js'
import type { RateUnits } from './settlement.js'
import { stpWalkSkips } from './stp.js'
import { armTrailing, wouldTriggerImmediately } from './triggers.js'

export type {
  AmendResult,
  CancelResult,
  EngineOptions,
  ExecutionListener,
  Lookup,
  OrderRef,
  PlaceCommand,
  PlaceResult,
} from './commands.js'

const STOP_TYPES = new Set(['STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT'])
const BIPS = 10_000

export class Engine {
  readonly ledger = new Ledger()
  readonly matcher: Matcher
  private readonly books = new Map<string, OrderBook>()
  private readonly rates = new Map<number, RateUnits>()
  private readonly groups = new Map<number, number>()

  constructor(private readonly options: EngineOptions) {
    this.matcher = new Matcher(this.ledger, this.rates, this.groups)
  }

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

  /** Puts the account in a trade group for self-trade prevention (-1: none). */
  setTradeGroup(accountId: number, tradeGroupId: number): void {
    this.groups.set(accountId, tradeGroupId)
  }

  tradeGroup(accountId: number): number {
    return this.matcher.tradeGroup(accountId)
  }

  /** Calls `listener` for every execution the engine creates, as it creates it. */
  onExecution(listener: ExecutionListener): void {
    this.matcher.listeners.push(listener)
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
    const isStop = STOP_TYPES.has(cmd.type)
    const stopPrice = cmd.stopPrice ?? 0
    if (isStop && wouldTriggerImmediately(cmd.type, cmd.side, stopPrice, book.lastPrice)) {
      return reject('STOP_PRICE_WOULD_TRIGGER_IMMEDIATELY', ME_MESSAGES.WOULD_TRIGGER_IMMEDIATELY)
    }
    if (cmd.type === 'LIMIT_MAKER') {
      const best = opposite.best()
      if (best && opposite.crosses(best.price, cmd.price)) {
        return reject('WOULD_MATCH_IMMEDIATELY', ME_MESSAGES.WOULD_MATCH_IMMEDIATELY)
      }
    }
    let qty = cmd.quantity
    let bookShort = false
    if (cmd.type === 'MARKET' && cmd.quoteOrderQty > 0n) {
      if (!opposite.best()) return reject('NONE', ME_MESSAGES.LIQUIDITY_BELOW_SYMBOL_MIN)
      const sized = qtyForQuote(market, opposite, cmd.quoteOrderQty, this.stpSkips(cmd, 'quote'))
      // CHANGELOG 2023-07-11: "MARKET_LOT_SIZE filter now correctly rejects reverse market orders that go over the
      // symbol's maxQty" (it no longer caps them).
      if (sized.overMarketMax) return { ok: false, reason: 'NONE', msg: '', filter: 'MARKET_LOT_SIZE' }
      qty = sized.qty
      if (qty === 0 || qty < market.lot.min) return reject('NONE', ME_MESSAGES.LIQUIDITY_BELOW_LOT_SIZE)
      if (qty < market.marketLot.min) return reject('NONE', ME_MESSAGES.LIQUIDITY_BELOW_MARKET_LOT_SIZE)
      bookShort = sized.bookShort
    }
    const lockAsset = cmd.side === 'BUY' ? market.quoteAsset : market.baseAsset
    const lock = this.reservation(cmd, book, qty)
    const lockPrice = this.reservedPrice
    if (this.ledger.free(cmd.accountId, lockAsset) < lock) {
      return reject('INSUFFICIENT_BALANCES', ME_MESSAGES.INSUFFICIENT_BALANCE)
    }

    // One reused init object: the constructor copies what it needs and keeps no reference to it.
    const init = this.init
    init.id = ++book.lastOrderId
    init.accountId = cmd.accountId
    init.market = market
    init.side = cmd.side
    init.type = cmd.type
    init.timeInForce = cmd.timeInForce
    init.price = cmd.price
    init.origQty = qty
    init.quoteOrderQty = cmd.quoteOrderQty
    init.clientOrderId = clientOrderId
    init.time = now
    init.selfTradePreventionMode = cmd.selfTradePreventionMode
    init.strategyId = cmd.strategyId
    init.strategyType = cmd.strategyType
    init.stopPrice = stopPrice
    init.trailingDelta = cmd.trailingDelta
    init.icebergQty = cmd.icebergQty ?? 0
    init.peg = cmd.peg
    const order = new Order(init)
    order.orderListId = cmd.orderListId ?? -1
    order.locked = lock
    order.lockPrice = lockPrice
    this.ledger.lock(cmd.accountId, lockAsset, lock)
    book.register(order)
    const effects = new Effects()
    if (lock > 0n) effects.touch(cmd.accountId, lockAsset)
    const m = this.matcher
    if (isStop) {
      armTrailing(order, book.lastPrice, now)
      book.park(order)
      m.emit(statusExecution(order, 'NEW', m.nextExecutionId(), now, false), undefined, effects, now)
      return { ok: true, order, trades: [], prevented: [], effects }
    }
    m.emit(statusExecution(order, 'NEW', m.nextExecutionId(), now, true), undefined, effects, now)
    const { trades, prevented } = m.work(book, order, effects, now, bookShort)
    runTriggers(this.matcher, this.ledger, book, effects, now)
    return { ok: true, order, trades, prevented, effects }
  }

  /** Finds one of the account's orders on `symbol`; by id first, then checks the client id. */
  find(accountId: number, symbol: string, ref: OrderRef): Lookup {
    const found = this.lookup(this.bookOf(symbol), accountId, ref)
    return typeof found === 'string' ? { error: found } : { order: found }
  }

  cancel(
    accountId: number,
    symbol: string,
    ref: OrderRef,
    newClientOrderId: string | undefined,
    now: number,
  ): CancelResult {
    const book = this.bookOf(symbol)
    const order = this.lookup(book, accountId, ref)
    if (typeof order === 'string') return { ok: false, error: order }
    if (!order.isOpen) return { ok: false, error: 'NOT_FOUND' }
    const origClientOrderId = order.clientOrderId
    order.status = 'CANCELED'
    order.updateTime = now
    const effects = new Effects()
    this.matcher.finish(book, order, effects)
    order.clientOrderId = newClientOrderId ?? this.freshClientId(book, accountId)
    const x = statusExecution(
      order,
      'CANCELED',
      this.matcher.nextExecutionId(),
      now,
      false,
      origClientOrderId,
    )
    this.matcher.emit(x, undefined, effects, now)
    return { ok: true, order, origClientOrderId, effects }
  }

  /** Reduces an open order's quantity in place, keeping its queue position (order.amend.keepPriority). */
  amend(
    accountId: number,
    symbol: string,
    ref: OrderRef,
    newQty: number,
    newClientOrderId: string | undefined,
    now: number,
  ): AmendResult {
    const found = this.find(accountId, symbol, ref)
    if ('error' in found) return { ok: false, error: found.error }
    const { order } = found
    if (!order.isOpen && order.status !== 'PENDING_NEW') return { ok: false, error: 'NOT_FOUND' }
    const book = this.bookOf(symbol)
    if (newQty === order.origQty) return { ok: false, error: 'REJECTED', msg: ME_MESSAGES.NO_STATE_CHANGE }
    if (newQty > order.origQty || newQty <= order.executedQty + order.preventedQty) {
      return { ok: false, error: 'REJECTED', msg: ME_MESSAGES.AMEND_QTY_INCREASE }
    }
    const clientOrderId = newClientOrderId ?? this.freshClientId(book, accountId)
    if (clientOrderId !== order.clientOrderId && book.clientIdInUse(accountId, clientOrderId)) {
      return { ok: false, error: 'REJECTED', msg: ME_MESSAGES.DUPLICATE_ORDER }
    }
    const effects = new Effects()
    const origQty = order.origQty
    const origClientOrderId = order.clientOrderId
    this.matcher.release(book, order, origQty - newQty, effects)
    book.adjust(order, () => {
      order.origQty = newQty
    })
    book.renameClientId(order, clientOrderId)
    order.amendCount++
    order.updateTime = now
    const executionId = this.matcher.nextExecutionId()
    const x = statusExecution(order, 'REPLACED', executionId, now, order.onBook, origClientOrderId)
    this.matcher.emit(x, undefined, effects, now)
    book.amendments.add({
      orderId: order.id,
      executionId,
      origClientOrderId,
      newClientOrderId: clientOrderId,
      origQty,
      newQty,
      time: now,
    })
    return { ok: true, order, origClientOrderId, executionId, effects }
  }

  /** A generated client order id no open order of the account on `symbol` uses. */
  unusedClientId(symbol: string, accountId: number): string {
    return this.freshClientId(this.bookOf(symbol), accountId)
  }

  /** The account's order, or why there is none (see find). */
  private lookup(book: OrderBook, accountId: number, ref: OrderRef): Order | 'NOT_FOUND' | 'MISMATCH' {
    let order: Order | undefined
    if (ref.orderId !== undefined) {
      order = book.order(ref.orderId)
      if (!order || order.accountId !== accountId) return 'NOT_FOUND'
      if (ref.clientOrderId !== undefined && ref.clientOrderId !== order.clientOrderId) return 'MISMATCH'
      return order
    }
    if (ref.clientOrderId !== undefined) order = book.findByClientId(accountId, ref.clientOrderId)
    return order ?? 'NOT_FOUND'
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

  private readonly init: { -readonly [K in keyof OrderInit]-?: OrderInit[K] } = {
    id: 0,
    accountId: 0,
    market: undefined as unknown as Market,
    side: 'BUY',
    type: 'LIMIT',
    timeInForce: 'GTC',
    price: 0,
    origQty: 0,
    quoteOrderQty: 0n,
    clientOrderId: '',
    time: 0,
    selfTradePreventionMode: 'NONE',
    strategyId: undefined,
    strategyType: undefined,
    stopPrice: 0,
    trailingDelta: undefined,
    icebergQty: 0,
    peg: undefined,
  }

  /** The price the last reservation() was computed at (BUY: the limit price, or an estimate; else 0). */
  private reservedPrice = 0

  /**
   * Funds to lock for an order of `qty` (money units of the asset it pays with); for a BUY, the price they were
   * computed at (the limit price, or an estimate for orders without one yet) is left in reservedPrice.
   */
  private reservation(cmd: PlaceCommand, book: OrderBook, qty: number): bigint {
    const { market } = book
    this.reservedPrice = 0
    if (cmd.side === 'SELL') return market.baseAmount(qty)
    if (cmd.type === 'MARKET') {
      return cmd.quoteOrderQty > 0n
        ? cmd.quoteOrderQty
        : costOfQty(market, book.asks, qty, this.stpSkips(cmd, 'cost'))
    }
    let price = cmd.price
    if (price === 0) {
      const base = Math.max(cmd.stopPrice ?? 0, book.lastPrice)
      const delta = cmd.trailingDelta ?? 0
      price = Math.ceil((base * (BIPS + delta)) / BIPS)
    }
    this.reservedPrice = price
    return market.notional(price, qty)
  }

  /** Makers a walk planning this taker leaves out (see stp.ts › stpWalkSkips). */
  private stpSkips(cmd: PlaceCommand, walk: 'cost' | 'quote'): ((maker: Order) => boolean) | undefined {
    return stpWalkSkips(cmd.accountId, cmd.selfTradePreventionMode, this.matcher.tradeGroup, walk)
  }
}

function reject(reason: RejectReason, msg: string): PlaceResult {
  return { ok: false, reason, msg }
}
