// Order lists on top of the engine: placement (all legs or none), cancellation, and the list rules
// that follow every execution of a leg (OCO: one leg working ends the other; OTO: the working order
// filling places the pending ones; OPO: they get what it received).
import type { ExpiryReason, RejectReason } from '../../../protocol/enums.js'
import { ME_MESSAGES } from '../../../protocol/errors.js'
import { runTriggers } from '../activation.js'
import type { OrderBook } from '../book.js'
import type { PlaceCommand } from '../commands.js'
import { Effects, type Execution, type Trade } from '../effects.js'
import type { Engine } from '../engine.js'
import type { Step } from '../matcher.js'
import type { Order } from '../order.js'
import {
  announcePending,
  cancelLeg,
  expireLeg,
  isLive,
  LIVE_STATUSES,
  legReservation,
  pegAtStart,
  registerLeg,
  reject as rejectLeg,
  startLeg,
} from './list-legs.js'
import { type ListLookup, type ListRef, ListRegistry } from './list-registry.js'
import { mergeEffects } from './merge-effects.js'
import { ocoPricesStraddle } from './oco-prices.js'
import { opoPendingQty } from './opo.js'
import { type ListKind, listUpdate, OrderList } from './order-list.js'

/** A list to place: its legs in orderId order (working first), each as an engine command. */
export interface ListCommand {
  readonly accountId: number
  readonly symbol: string
  readonly kind: ListKind
  readonly listClientOrderId: string | undefined
  readonly legs: readonly PlaceCommand[]
}

export type ListPlaceResult =
  | {
      readonly ok: true
      readonly list: OrderList
      readonly effects: Effects
      readonly trades: readonly Trade[]
    }
  | { readonly ok: false; readonly msg: string }

export type ListCancelResult =
  | {
      readonly ok: true
      readonly list: OrderList
      readonly origClientOrderIds: ReadonlyMap<Order, string>
      readonly effects: Effects
    }
  | { readonly ok: false; readonly error: 'NOT_FOUND' | 'MISMATCH' }

export class ListDesk {
  readonly registry = new ListRegistry()
  /** Lists whose working order filled; their pending legs start when the current command ends. */
  private readonly toActivate: OrderList[] = []
  /** Set while the desk itself moves several legs of one list, so their executions cause nothing more. */
  private quiet = false

  constructor(
    private readonly engine: Engine,
    private readonly newClientId: () => string,
  ) {
    engine.onExecution((x, effects, now) => this.react(x, effects, now))
  }

  place(cmd: ListCommand, now: number): ListPlaceResult {
    const book = this.bookOf(cmd.symbol)
    const ids = this.clientIds(book, cmd)
    if (!ids) return { ok: false, msg: ME_MESSAGES.DUPLICATE_ORDER }
    const listClientOrderId = cmd.listClientOrderId ?? this.freshListId(cmd.accountId)
    if (this.registry.clientIdInUse(cmd.accountId, listClientOrderId))
      return { ok: false, msg: ME_MESSAGES.DUPLICATE_ORDER }
    const id = this.registry.nextId()
    const effects = new Effects()
    const legs: Order[] = []
    let trades: readonly Trade[] = []
    const isOco = cmd.kind === 'OCO'
    if (isOco) {
      const failure = this.checkOcoLegs(book, cmd)
      if (failure) return { ok: false, msg: failure }
      for (const [i, leg] of cmd.legs.entries()) legs.push(registerLeg(book, leg, ids[i] as string, id, now))
    } else {
      const [workingCmd, ...pendingCmds] = cmd.legs
      if (!workingCmd) throw new RangeError('a list needs a working order')
      const placed = this.engine.place({ ...workingCmd, clientOrderId: ids[0], orderListId: id }, now)
      if (!placed.ok) return { ok: false, msg: placed.msg }
      mergeEffects(effects, placed.effects)
      trades = placed.trades
      legs.push(placed.order)
      for (const [i, leg] of pendingCmds.entries()) {
        const order = registerLeg(book, leg, ids[i + 1] as string, id, now)
        announcePending(this.engine, order, effects, now)
        legs.push(order)
      }
    }
    const list = new OrderList({
      id,
      accountId: cmd.accountId,
      symbol: cmd.symbol,
      kind: cmd.kind,
      listClientOrderId,
      legs,
      time: now,
    })
    this.registry.add(list)
    if (isOco) this.startPair({ book, effects, now }, list, list.legs)
    effects.listUpdates.push(listUpdate(list, now))
    const working = list.working
    if (working) for (const x of placed(effects, working)) this.react(x, effects, now)
    return { ok: true, list, effects, trades }
  }

  /** Cancels every live leg (orderList.cancel, or order.cancel of one leg); the list gets `newListClientOrderId`. */
  cancel(
    accountId: number,
    ref: ListRef,
    newListClientOrderId: string | undefined,
    now: number,
  ): ListCancelResult {
    const found: ListLookup = this.registry.find(accountId, ref)
    if ('error' in found) return { ok: false, error: found.error }
    const { list } = found
    if (!list.isOpen) return { ok: false, error: 'NOT_FOUND' }
    return this.cancelList(list, newListClientOrderId, now)
  }

  cancelList(
    list: OrderList,
    newListClientOrderId: string | undefined,
    now: number,
  ): ListCancelResult & { ok: true } {
    const book = this.bookOf(list.symbol)
    const effects = new Effects()
    const step = { book, effects, now }
    const origClientOrderIds = new Map<Order, string>()
    this.quiet = true
    try {
      this.releaseOpo(list, effects)
      for (const leg of list.legs) {
        if (isLive(leg))
          origClientOrderIds.set(
            leg,
            cancelLeg(this.engine, step, leg, this.freshOrderId(book, list.accountId)),
          )
      }
    } finally {
      this.quiet = false
    }
    this.registry.rename(list, newListClientOrderId ?? this.freshListId(list.accountId))
    this.finishList(list, effects, now)
    return { ok: true, list, origClientOrderIds, effects }
  }

  /**
   * The exchange ends an open list (e.g. EXCHANGE_CANCELED): every live leg expires with `reason`, none of them
   * sets off a list rule (no OCO_TRIGGER), and the list ends ALL_DONE.
   */
  expireList(list: OrderList, reason: ExpiryReason, effects: Effects, now: number): void {
    if (!list.isOpen) return
    const step = { book: this.bookOf(list.symbol), effects, now }
    this.quietly(() => {
      this.releaseOpo(list, effects)
      for (const leg of list.legs) if (isLive(leg)) expireLeg(this.engine, step, leg, reason)
    })
    this.finishList(list, effects, now)
  }

  /** Starts the pending legs of lists whose working order filled during the command that made `effects`. */
  drain(effects: Effects, now: number): void {
    while (this.toActivate.length > 0) {
      const list = this.toActivate.shift() as OrderList
      if (!list.isOpen) continue
      const sub = new Effects()
      const announced = effects.listUpdates.some(
        (u) => u.list === list && u.listStatusType === 'EXEC_STARTED',
      )
      this.activate(list, sub, now, announced)
      runTriggers(this.engine.matcher, this.engine.ledger, this.bookOf(list.symbol), sub, now)
      mergeEffects(effects, sub)
    }
  }

  /** The list rules after one execution of any order. */
  react(x: Execution, effects: Effects, now: number): void {
    const o = x.order
    if (o.orderListId < 0 || this.quiet) return
    const list = this.registry.ofOrder(o)
    if (!list?.isOpen) return
    const book = this.bookOf(list.symbol)
    const step = { book, effects, now }
    const ended = !LIVE_STATUSES.has(x.status)
    if (x.executionType === 'CANCELED') {
      this.quietly(() => {
        this.releaseOpo(list, effects)
        for (const leg of list.legs) {
          if (isLive(leg)) cancelLeg(this.engine, step, leg, this.freshOrderId(book, list.accountId))
        }
      })
    } else if (list.pair.includes(o)) {
      const started =
        x.executionType === 'TRADE' || (x.executionType === 'NEW' && o.isStop && x.workingTime !== -1)
      if (started || ended) this.endSiblings(step, list, o, started)
    } else if (o === list.working) {
      if (x.executionType === 'TRADE' && list.paysOther) this.holdReceived(list, x, effects)
      if (x.status === 'FILLED') this.toActivate.push(list)
      else if (ended) this.endPending(step, list)
    }
    this.finishList(list, effects, now)
  }

  /**
   * Ends the other legs of an OCO pair. If `active` started and still works, it takes from their
   * reservation what its remainder lacks (it may hold only part of the pair's, even nothing); the
   * rest, reserved for the larger leg (e.g. a BUY stop-limit price above the LIMIT_MAKER's), is
   * released as they expire, so the leg locks exactly what its remainder needs.
   */
  private endSiblings(step: Step, list: OrderList, active: Order, started: boolean): void {
    this.quietly(() => {
      for (const leg of list.pair) {
        if (leg === active || !isLive(leg)) continue
        if (started && active.isOpen) {
          const lack = remainderLock(active) - active.locked
          const moved = lack <= 0n ? 0n : lack < leg.locked ? lack : leg.locked
          active.locked += moved
          leg.locked -= moved
        }
        expireLeg(this.engine, step, leg, 'OCO_TRIGGER')
      }
    })
  }

  /** The working order expired (or was rejected) unfilled: the pending legs expire with it. */
  private endPending(step: Step, list: OrderList): void {
    this.quietly(() => {
      this.releaseOpo(list, step.effects)
      for (const leg of list.pending)
        if (isLive(leg)) expireLeg(this.engine, step, leg, 'OTO_PHASE_ONE_EXPIRED')
    })
  }

  /** OPO: locks the base the working order just received, net of commission unless free funds cover it. */
  private holdReceived(list: OrderList, x: Execution, effects: Effects): void {
    const { market } = x.order
    const received = market.baseAmount(x.lastQty)
    const free = this.engine.ledger.free(list.accountId, market.baseAsset)
    const amount = received < free ? received : free
    if (amount <= 0n) return
    this.engine.ledger.lock(list.accountId, market.baseAsset, amount)
    list.opoLocked += amount
    effects.touch(list.accountId, market.baseAsset)
  }

  private releaseOpo(list: OrderList, effects: Effects): void {
    if (list.opoLocked === 0n) return
    const asset = this.bookOf(list.symbol).market.baseAsset
    this.engine.ledger.unlock(list.accountId, asset, list.opoLocked)
    list.opoLocked = 0n
    effects.touch(list.accountId, asset)
  }

  /**
   * The working order filled: the pending legs start (OPO: with the quantity it received). `announced`: the
   * command already reports the list EXEC_STARTED (its working order filled as it was placed): no second copy.
   */
  private activate(list: OrderList, effects: Effects, now: number, announced: boolean): void {
    const book = this.bookOf(list.symbol)
    const step = { book, effects, now }
    const pending = list.pending.filter((o) => o.status === 'PENDING_NEW')
    if (list.paysOther) {
      const qty = opoPendingQty(book.market, list.opoLocked, pending)
      this.releaseOpo(list, effects)
      for (const leg of pending) leg.origQty = qty
    }
    // EXEC_STARTED first: a pending leg may finish while it starts (fill at once, be rejected),
    // and then finishList sends ALL_DONE, which must come after it, once.
    list.transactionTime = now
    if (!announced) effects.listUpdates.push(listUpdate(list, now))
    // Pegged pending legs take their price now; if one cannot, the pending legs are rejected (like funds).
    if (!pending.every((leg) => pegAtStart(book, leg))) {
      this.quietly(() => {
        for (const leg of pending) startLegRejected(this.engine, step, leg)
      })
    } else if (list.pair.length > 0 && !pairStraddles(book, pending)) {
      this.quietly(() => {
        for (const leg of pending) startLegRejected(this.engine, step, leg, 'OCO_BAD_PRICES')
      })
    } else if (list.pair.length > 0) this.startPair(step, list, pending)
    else for (const leg of pending) this.startSingle(step, leg)
    this.finishList(list, effects, now)
  }

  private startSingle(step: Step, leg: Order): void {
    const { book } = step
    const r = legReservation(book, commandOf(leg), leg.origQty)
    const asset = leg.side === 'BUY' ? book.market.quoteAsset : book.market.baseAsset
    if (leg.origQty <= 0 || this.engine.ledger.free(leg.accountId, asset) < r.amount) {
      this.quietly(() => startLegRejected(this.engine, step, leg))
      return
    }
    startLeg(this.engine, step, leg, r)
  }

  /** Starts an OCO pair sharing one reservation: the first leg holds its own, the second the rest of the larger. */
  private startPair(step: Step, list: OrderList, pair: readonly Order[]): void {
    const { book } = step
    const [first, second] = pair
    if (!first || !second) return
    const a = legReservation(book, commandOf(first), first.origQty)
    const b = legReservation(book, commandOf(second), second.origQty)
    const asset = first.side === 'BUY' ? book.market.quoteAsset : book.market.baseAsset
    const need = a.amount > b.amount ? a.amount : b.amount
    if (first.origQty <= 0 || this.engine.ledger.free(list.accountId, asset) < need) {
      this.quietly(() => {
        for (const leg of pair) startLegRejected(this.engine, step, leg)
      })
      return
    }
    startLeg(this.engine, step, first, a)
    if (isLive(second)) startLeg(this.engine, step, second, { amount: need - a.amount, price: b.price })
  }

  /** OCO placement checks the engine would otherwise make per leg: funds for the larger leg, a post-only leg that would take. */
  private checkOcoLegs(book: OrderBook, cmd: ListCommand): string | undefined {
    let need = 0n
    for (const leg of cmd.legs) {
      const { amount } = legReservation(book, leg, leg.quantity)
      if (amount > need) need = amount
      const opposite = book.opposite(leg.side)
      const best = opposite.best()
      if (leg.type === 'LIMIT_MAKER' && best && opposite.crosses(best.price, leg.price))
        return ME_MESSAGES.WOULD_MATCH_IMMEDIATELY
    }
    const first = cmd.legs[0]
    const asset = first?.side === 'BUY' ? book.market.quoteAsset : book.market.baseAsset
    if (this.engine.ledger.free(cmd.accountId, asset) < need) return ME_MESSAGES.INSUFFICIENT_BALANCE
    return undefined
  }

  /** ALL_DONE once no leg is live. */
  private finishList(list: OrderList, effects: Effects, now: number): void {
    if (!list.isOpen || list.legs.some(isLive)) return
    this.releaseOpo(list, effects)
    list.listStatusType = 'ALL_DONE'
    list.listOrderStatus = 'ALL_DONE'
    list.transactionTime = now
    this.registry.close(list)
    effects.listUpdates.push(listUpdate(list, now))
  }

  /** The legs' client order ids (generated where absent); undefined when one is taken or repeated. */
  private clientIds(book: OrderBook, cmd: ListCommand): string[] | undefined {
    const ids: string[] = []
    for (const leg of cmd.legs) {
      const id = leg.clientOrderId
      if (id === undefined) continue
      if (ids.includes(id) || book.clientIdInUse(cmd.accountId, id)) return undefined
      ids.push(id)
    }
    return cmd.legs.map((leg) => leg.clientOrderId ?? this.freshOrderId(book, cmd.accountId, ids))
  }

  private freshOrderId(book: OrderBook, accountId: number, taken: string[] = []): string {
    for (;;) {
      const id = this.newClientId()
      if (!book.clientIdInUse(accountId, id) && !taken.includes(id)) {
        taken.push(id)
        return id
      }
    }
  }

  private freshListId(accountId: number): string {
    for (;;) {
      const id = this.newClientId()
      if (!this.registry.clientIdInUse(accountId, id)) return id
    }
  }

  private quietly(task: () => void): void {
    const was = this.quiet
    this.quiet = true
    try {
      task()
    } finally {
      this.quiet = was
    }
  }

  private bookOf(symbol: string): OrderBook {
    const book = this.engine.book(symbol)
    if (!book) throw new RangeError(`unknown symbol ${symbol}`)
    return book
  }
}

/** The executions of `order` in `effects`, in order. */
function placed(effects: Effects, order: Order): Execution[] {
  return effects.executions.filter((x) => x.order === order)
}

/**
 * What `o`'s remainder must have locked: base for a SELL, quote at its price for a BUY (what a fill
 * spends). A market-like BUY (a triggered STOP_LOSS) holds what its trigger reserved: that.
 */
function remainderLock(o: Order): bigint {
  const { market } = o
  if (o.side === 'SELL') return market.baseAmount(o.remaining)
  return o.executesAsMarket ? o.locked : market.notional(o.price, o.remaining)
}

/** A registered leg as the command that would place it. */
function commandOf(o: Order): PlaceCommand {
  return {
    accountId: o.accountId,
    symbol: o.market.symbol,
    side: o.side,
    type: o.type,
    timeInForce: o.timeInForce,
    price: o.price,
    quantity: o.origQty,
    quoteOrderQty: 0n,
    selfTradePreventionMode: o.selfTradePreventionMode,
    stopPrice: o.stopPrice,
    trailingDelta: o.trailingDelta,
  }
}

function startLegRejected(engine: Engine, step: Step, leg: Order, reason?: RejectReason): void {
  if (isLive(leg)) rejectLeg(engine, step, leg, reason)
}

/**
 * A pending OCO pair meets the price relationship at the last price of the moment it starts, not at placement:
 * the working order's own fill moves that price (docs/emulator-fidelity.md 3.6.10).
 */
function pairStraddles(book: OrderBook, pair: readonly Order[]): boolean {
  if (book.lastPrice <= 0) return true
  const known = (v: number) => (v > 0 ? v : undefined)
  const legs = pair.map((o) => ({
    type: o.type,
    side: o.side,
    price: known(o.price),
    stopPrice: known(o.stopPrice),
  }))
  return ocoPricesStraddle(legs, book.lastPrice)
}
