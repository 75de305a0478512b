// The taker phase of a working order against one book: trades at the makers' prices within the
// price range rule, self-trade prevention, iceberg slices, then the remainder rests or expires.
// Also every order-closing step.
import type { ExpiryReason, SelfTradePreventionMode } from '../../protocol/enums.js'
import type { OrderBook } from './book.js'
import type { ExecutionListener } from './commands.js'
import type { Effects, Execution, Trade } from './effects.js'
import { preventionExecution, rests, statusExecution, tradeExecution } from './executions.js'
import type { Ledger } from './ledger.js'
import type { Order } from './order.js'
import type { PreventedMatch } from './prevented-match.js'
import type { PriceBounds, PriceRangeSource } from './price-range.js'
import { type Mutable, type RateUnits, settle, ZERO_RATES } from './settlement.js'
import { effectiveStpMode, NO_TRADE_GROUP, preventedQuantities } from './stp.js'

/** One engine command's work on one book: the book, where the command's effects go, when it happens. */
export interface Step {
  readonly book: OrderBook
  readonly effects: Effects
  readonly now: number
}

/** What one order's taker phase produced. */
export interface TakerOutcome {
  /** Frozen and shared when empty. */
  readonly trades: readonly Trade[]
  readonly prevented: readonly PreventedMatch[]
}

/** The outcome arrays of a taker phase that had no trades / no prevented matches (never written to). */
const NO_TRADES = Object.freeze([]) as readonly Trade[] as Trade[]
const NO_PREVENTED = Object.freeze([]) as readonly PreventedMatch[] as PreventedMatch[]

export class Matcher {
  readonly listeners: ExecutionListener[] = []
  /** The Price Range Execution Rule of the books that have one. */
  readonly priceRanges = new Map<OrderBook, PriceRangeSource>()
  private lastExecutionId = 0
  /** The makers' executions of the taker phases under way (nested when a listener starts another), by depth. */
  private readonly makerLogs: Execution[][] = []
  /** The step of each taker phase under way, by depth: one object per depth, rewritten by each work(). */
  private readonly steps: { -readonly [K in keyof Step]: Step[K] }[] = []
  private depth = 0
  /** The one maker the next work() may trade with (an outside market's trade with a resting order), if set. */
  onlyMaker: Order | undefined = undefined
  /** What work() returns: one object, rewritten by every call (callers read it at once). */
  private readonly outcome: { trades: readonly Trade[]; prevented: readonly PreventedMatch[] } = {
    trades: NO_TRADES,
    prevented: NO_PREVENTED,
  }

  constructor(
    private readonly ledger: Ledger,
    private readonly rates: ReadonlyMap<number, RateUnits>,
    private readonly groups: ReadonlyMap<number, number>,
  ) {}

  readonly tradeGroup = (accountId: number): number => this.groups.get(accountId) ?? NO_TRADE_GROUP

  nextExecutionId(): number {
    return ++this.lastExecutionId
  }

  /** Appends an execution to `log` (undefined: the effects' executions) and tells the listeners. */
  emit(x: Execution, log: Execution[] | undefined, effects: Effects, now: number): void {
    if (log === undefined) effects.record(x)
    else log.push(x)
    for (const listener of this.listeners) listener(x, effects, now)
  }

  /**
   * Matches a working order against the opposite side; the remainder rests or expires. The outcome is one reused
   * object: read it before the next call. `bookShort`: the order is a MARKET order by quoteOrderQty whose book ran
   * out before its quote amount did; once its quantity is filled it expires (INSUFFICIENT_LIQUIDITY) rather than
   * fills, as an order by quantity the book cannot fill does (docs/emulator-fidelity.md 3.3.4).
   */
  work(book: OrderBook, order: Order, effects: Effects, now: number, bookShort = false): TakerOutcome {
    const depth = this.depth++
    let step = this.steps[depth]
    if (step === undefined) {
      step = { book, effects, now }
      this.steps[depth] = step
    } else {
      step.book = book
      step.effects = effects
      step.now = now
    }
    const only = this.onlyMaker
    this.onlyMaker = undefined
    try {
      return this.takerPhase(step, order, depth, only, bookShort)
    } finally {
      this.depth = depth
    }
  }

  private takerPhase(
    step: Step,
    order: Order,
    depth: number,
    only: Order | undefined,
    bookShort: boolean,
  ): TakerOutcome {
    const { book, effects, now } = step
    let trades: Trade[] = NO_TRADES
    let prevented: PreventedMatch[] = NO_PREVENTED
    const opposite = book.opposite(order.side)
    const limit = order.executesAsMarket ? undefined : order.price
    const range = this.priceRanges.size === 0 ? undefined : this.priceRanges.get(book)?.(order.side, now)
    if (order.timeInForce === 'FOK' && this.fillable(book, order, limit, range) < order.remaining) {
      this.expire(step, order, 'UNFILLED_FOK_ORDER_EXPIRED')
      return this.result(trades, prevented)
    }
    /** The makers' executions, published after the taker's: a reused array per depth, emptied below. */
    let makerLog = this.makerLogs[depth]
    if (makerLog === undefined) {
      makerLog = []
      this.makerLogs[depth] = makerLog
    }
    const makerStart = makerLog.length
    while (order.isOpen && order.remaining > 0) {
      const level = only ? (only.isOpen ? only.level : null) : opposite.best()
      if (!level || (limit !== undefined && !opposite.crosses(level.price, limit))) break
      if (range !== undefined && (level.price < range.lo || level.price > range.hi)) {
        this.expire(step, order, 'EXECUTION_RULE_PRICE_RANGE_EXCEEDED')
        break
      }
      const maker = only ?? (level.head as Order)
      const mode = effectiveStpMode(order, maker, this.tradeGroup)
      if (mode !== 'NONE') {
        const match = this.prevent(step, order, maker, mode, makerLog)
        if (prevented === NO_PREVENTED) prevented = [match]
        else prevented.push(match)
        continue
      }
      let qty = Math.min(order.remaining, maker.visible)
      if (order.side === 'BUY' && order.executesAsMarket) {
        qty = Math.min(qty, Number(order.locked / book.market.unitCost(level.price)))
        if (qty <= 0) break
      }
      level.qty -= qty
      book.levelChanged(maker.side, level.price)
      const trade = this.trade(step, order, maker, qty, makerLog, bookShort)
      if (trades === NO_TRADES) trades = [trade]
      else trades.push(trade)
      if (maker.isOpen && maker.onBook && maker.visible === 0) book.requeue(maker)
    }
    if (order.isOpen && (order.remaining > 0 || bookShort)) {
      if (rests(order)) book.rest(order)
      else {
        const reason = order.executesAsMarket ? 'INSUFFICIENT_LIQUIDITY' : 'UNFILLED_IOC_QUANTITY_EXPIRED'
        this.expire(step, order, reason)
      }
    }
    const makerEnd = makerLog.length
    for (let k = makerStart; k < makerEnd; k++) {
      effects.record(makerLog[k] as Execution)
      makerLog[k] = undefined as unknown as Execution
    }
    // Shrinking by one element at a time keeps the backing store (`length = 0` would drop it).
    while (makerLog.length > makerStart) makerLog.pop()
    return this.result(trades, prevented)
  }

  private result(trades: readonly Trade[], prevented: readonly PreventedMatch[]): TakerOutcome {
    const out = this.outcome
    out.trades = trades
    out.prevented = prevented
    return out
  }

  /** Expires an open order for `reason`; its execution goes to `log` (default: the effects' executions). */
  expire(step: Step, order: Order, reason: ExpiryReason, log?: Execution[]): void {
    const { book, effects, now } = step
    order.status = 'EXPIRED'
    order.expiryReason = reason
    order.updateTime = now
    this.finish(book, order, effects)
    this.emit(statusExecution(order, 'EXPIRED', this.nextExecutionId(), now, false), log, effects, now)
  }

  /** Releases what the order still has locked and takes it off the book and the open set. */
  finish(book: OrderBook, order: Order, effects: Effects): void {
    if (order.locked !== 0n) {
      const asset = order.side === 'BUY' ? book.market.quoteAsset : book.market.baseAsset
      this.ledger.unlock(order.accountId, asset, order.locked)
      order.locked = 0n
      effects.touch(order.accountId, asset)
    }
    book.close(order)
  }

  /** Unlocks the funds reserved for `qty` of an open order (amend, STP). */
  release(book: OrderBook, order: Order, qty: number, effects: Effects): void {
    const { market } = book
    const isBuy = order.side === 'BUY'
    let amount = isBuy ? market.notional(order.lockPrice, qty) : market.baseAmount(qty)
    if (amount > order.locked) amount = order.locked
    if (amount === 0n) return
    const asset = isBuy ? market.quoteAsset : market.baseAsset
    this.ledger.unlock(order.accountId, asset, amount)
    order.locked -= amount
    effects.touch(order.accountId, asset)
  }

  /**
   * Quantity a FOK taker could fill now: crossing liquidity within the Price Range Execution Rule's bounds (the
   * taker would expire at the first level beyond them), less the makers STP would remove.
   */
  private fillable(
    book: OrderBook,
    order: Order,
    limit: number | undefined,
    range: PriceBounds | undefined,
  ): number {
    const side = book.opposite(order.side)
    let qty = 0
    for (const level of side.walk()) {
      if (limit !== undefined && !side.crosses(level.price, limit)) break
      if (range !== undefined && (level.price < range.lo || level.price > range.hi)) break
      for (let m = level.head; m; m = m.next) {
        if (effectiveStpMode(order, m, this.tradeGroup) !== 'NONE') return qty
        qty += m.remaining
        if (qty >= order.remaining) return qty
      }
    }
    return qty
  }

  /** `takerStaysOpen`: the taker does not fill even when its quantity is done (a book-short quoteOrderQty order). */
  private trade(
    step: Step,
    taker: Order,
    maker: Order,
    qty: number,
    makerLog: Execution[],
    takerStaysOpen: boolean,
  ): Trade {
    const { book, effects, now } = step
    const buyerIsMaker = maker.side === 'BUY'
    const buyer = buyerIsMaker ? maker : taker
    const seller = buyerIsMaker ? taker : maker
    const trade: Mutable<Trade> = {
      id: ++book.lastTradeId,
      market: book.market,
      price: maker.price,
      qty,
      quote: 0n,
      time: now,
      buyer,
      seller,
      buyerIsMaker,
      buyerCommission: 0n,
      sellerCommission: 0n,
      buyerCommissionAsset: '',
      sellerCommissionAsset: '',
    }
    const rates = this.rates
    settle(
      this.ledger,
      trade,
      rates.get(buyer.accountId) ?? ZERO_RATES,
      rates.get(seller.accountId) ?? ZERO_RATES,
    )
    effects.addTrade(trade)
    book.updateId++
    book.lastPrice = maker.price
    this.applyFill(step, taker, trade, undefined, takerStaysOpen)
    this.applyFill(step, maker, trade, makerLog, false)
    return trade
  }

  /** Books `trade` on one of its orders: the maker's, whose execution goes to `makerLog`, or the taker's (undefined). */
  private applyFill(
    step: Step,
    order: Order,
    trade: Trade,
    makerLog: Execution[] | undefined,
    staysOpen: boolean,
  ): void {
    const { book, effects, now } = step
    const isMaker = makerLog !== undefined
    if (order.executedQty === 0) effects.addFirstFill(order.accountId)
    if (isMaker && order.icebergQty > 0) order.sliceLeft -= trade.qty
    order.executedQty += trade.qty
    // A first fill takes the trade's quote as it is (0n + quote would be a new BigInt).
    order.cumQuote = order.cumQuote === 0n ? trade.quote : order.cumQuote + trade.quote
    order.updateTime = now
    // A taker the book is too short for stays open at its last fill; it expires after its taker phase.
    const done = order.remaining === 0 && !staysOpen
    order.status = done ? 'FILLED' : 'PARTIALLY_FILLED'
    effects.touch(order.accountId, book.market.baseAsset)
    effects.touch(order.accountId, book.market.quoteAsset)
    if (done) this.finish(book, order, effects)
    const onBook = !done && (isMaker || rests(order))
    this.emit(tradeExecution(order, trade, this.nextExecutionId(), onBook, isMaker), makerLog, effects, now)
  }

  /** Records a prevented match and expires what the mode says from the taker and/or the maker. */
  private prevent(
    step: Step,
    taker: Order,
    maker: Order,
    mode: SelfTradePreventionMode,
    makerLog: Execution[],
  ): PreventedMatch {
    const { book, effects, now } = step
    const q = preventedQuantities(mode, taker.remaining, maker.remaining)
    const match: PreventedMatch = {
      id: book.preventedMatches.length,
      taker,
      maker,
      tradeGroupId: this.tradeGroup(taker.accountId),
      mode,
      price: maker.price,
      takerQty: q.taker,
      makerQty: q.maker,
      time: now,
    }
    book.preventedMatches.push(match)
    effects.prevented.push(match)
    const wouldTrade = Math.min(taker.remaining, maker.remaining)
    const transfer = mode === 'TRANSFER' && taker.accountId !== maker.accountId
    if (transfer) this.transfer(step, taker, maker, wouldTrade)
    const view = (counter: Order, lastQty: number) => ({
      match,
      lastQty,
      counter,
      qty: wouldTrade,
      quote: book.market.notional(match.price, wouldTrade),
    })
    if (q.taker !== undefined) {
      this.expireSome(step, taker, q.taker, { matchId: match.id, releaseLock: !transfer })
      const x = preventionExecution(taker, view(maker, q.taker), this.nextExecutionId(), now, false)
      this.emit(x, undefined, effects, now)
    }
    if (q.maker !== undefined) {
      this.expireSome(step, maker, q.maker, { matchId: match.id, releaseLock: !transfer })
      const x = preventionExecution(maker, view(taker, q.maker), this.nextExecutionId(), now, true)
      this.emit(x, makerLog, effects, now)
    }
    return match
  }

  /** Adds `qty` to an order's prevented quantity; it expires in match once nothing is left. */
  private expireSome(
    step: Step,
    order: Order,
    qty: number,
    { matchId, releaseLock }: { readonly matchId: number; readonly releaseLock: boolean },
  ): void {
    const { book, effects, now } = step
    if (releaseLock) this.release(book, order, qty, effects)
    order.preventedMatchId = matchId
    book.adjust(order, () => {
      order.preventedQty += qty
    })
    order.updateTime = now
    if (order.remaining === 0) {
      order.status = 'EXPIRED_IN_MATCH'
      this.finish(book, order, effects)
    } else if (order.onBook && order.visible === 0) book.requeue(order)
  }

  /** TRANSFER between two accounts of a trade group: base and quote move at the maker's price, no commission, no trade. */
  private transfer(step: Step, taker: Order, maker: Order, qty: number): void {
    const { book, effects } = step
    const { market } = book
    const buyer = taker.side === 'BUY' ? taker : maker
    const seller = buyer === taker ? maker : taker
    const quote = market.notional(maker.price, qty)
    const base = market.baseAmount(qty)
    const reserved = buyer.executesAsMarket ? quote : market.notional(buyer.price, qty)
    this.ledger.spendLocked(buyer.accountId, market.quoteAsset, reserved)
    buyer.locked -= reserved
    this.ledger.credit(buyer.accountId, market.quoteAsset, reserved - quote)
    this.ledger.spendLocked(seller.accountId, market.baseAsset, base)
    seller.locked -= base
    this.ledger.credit(buyer.accountId, market.baseAsset, base)
    this.ledger.credit(seller.accountId, market.quoteAsset, quote)
    for (const o of [buyer, seller]) {
      effects.touch(o.accountId, market.baseAsset)
      effects.touch(o.accountId, market.quoteAsset)
    }
  }
}
