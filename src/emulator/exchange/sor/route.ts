// The taker phase of a SOR order (docs/emulator-fidelity.md 3.16.3, A35): the best levels across the group's
// books,
// each taken by the allocator with an IOC order there and allocated to the customer in the order
// symbol's assets. The allocator borrows from and sweeps into the exchange's inventory (the ledger's
// fees), so every asset stays conserved.
import type { Side } from '../../../protocol/enums.js'
import { levelLiquidity } from '../../engine/book-walk.js'
import { MONEY_SCALE, pow10 } from '../../engine/decimal.js'
import type { Effects } from '../../engine/effects.js'
import type { Market } from '../../engine/market.js'
import type { Account } from '../account.js'
import type { ExchangeState } from '../state.js'
import { ALLOCATOR_ACCOUNT_ID, type AllocationRecord } from './desk.js'

/** One level the order may take: its book, its price (book units and money) and size (base money, hidden included). */
export interface RouteLevel {
  readonly symbol: string
  readonly market: Market
  readonly price: number
  readonly priceMoney: bigint
  readonly qty: bigint
  /** Inside its book's price-range bounds, read once when the levels are made (3.5.5): the route stops at one outside. */
  readonly inRange: boolean
}

const money = (m: Market, price: number) => BigInt(price) * pow10(MONEY_SCALE - m.priceScale)

/** Crossing levels of every book of the group, best price first (the order's own book first on ties). */
export function routeLevels(
  state: ExchangeState,
  symbols: readonly string[],
  side: Side,
  limitMoney: bigint | undefined,
  now: number,
): RouteLevel[] {
  const levels: RouteLevel[] = []
  const ranges = state.engine.matcher.priceRanges
  for (const symbol of symbols) {
    const book = state.book(symbol)
    const range = ranges.size === 0 ? undefined : ranges.get(book)?.(side, now)
    for (const level of book.opposite(side).walk()) {
      const priceMoney = money(book.market, level.price)
      if (limitMoney !== undefined && (side === 'BUY' ? priceMoney > limitMoney : priceMoney < limitMoney))
        break
      levels.push({
        symbol,
        market: book.market,
        price: level.price,
        priceMoney,
        // What an IOC at this price takes: every resting order's full remainder, an iceberg's hidden part too.
        qty: book.market.baseAmount(levelLiquidity(level, Number.POSITIVE_INFINITY)),
        inRange: range === undefined || (level.price >= range.lo && level.price <= range.hi),
      })
    }
  }
  const better = (a: RouteLevel, b: RouteLevel) =>
    side === 'BUY' ? Number(a.priceMoney - b.priceMoney) : Number(b.priceMoney - a.priceMoney)
  return levels
    .map((l, i) => ({ l, i }))
    .sort((a, b) => Math.sign(better(a.l, b.l)) || a.i - b.i)
    .map(({ l }) => l)
}

/** What the taker phase did for the customer. */
export interface Routed {
  readonly allocations: AllocationRecord[]
  /** Σ base money allocated. */
  readonly base: bigint
  /** Σ quote money paid or received. */
  readonly quote: bigint
  readonly effects: Effects[]
  /** The price-range rule stopped the taker phase: the order expires EXECUTION_RULE_PRICE_RANGE_EXCEEDED. */
  readonly stopped: boolean
}

/** What the taker phase takes for: the customer's SOR order on its own market. */
export interface RouteOrder {
  readonly account: Account
  /** The order's own market: allocations are in its assets. */
  readonly own: Market
  readonly orderId: number
  readonly side: Side
  /** Base money to take at most. */
  readonly qty: bigint
  /** The limit price (money) of a remainder that will rest on the own book; undefined when it expires. */
  readonly restsAt: bigint | undefined
}

/** Takes up to the order's quantity from `levels` for it. */
export function route(
  state: ExchangeState,
  o: RouteOrder,
  levels: readonly RouteLevel[],
  now: number,
): Routed {
  const { account, own, orderId, side, qty } = o
  const ledger = state.engine.ledger
  const desk = state.sor
  const charge = state.chargerOf(account)
  const isBuyer = side === 'BUY'
  const allocations: AllocationRecord[] = []
  const effects: Effects[] = []
  let total = 0n
  let totalQuote = 0n
  let left = qty
  let stopped = false
  // A remainder about to rest must not rest through the own book: after `levels`, the route takes what it put there
  // itself (stops its trades triggered, list legs they started) within the limit, as long as each pass fills.
  function* toTake(): Generator<RouteLevel> {
    yield* levels
    while (o.restsAt !== undefined && left > 0n) {
      const before = left
      yield* routeLevels(state, [own.symbol], side, o.restsAt, now)
      if (left === before) return
    }
  }
  for (const level of toTake()) {
    if (left <= 0n) break
    if (!level.inRange) {
      stopped = true
      break
    }
    const m = level.market
    const unit = m.baseAmount(1)
    const units = Number((left < level.qty ? left : level.qty) / unit)
    if (units <= 0) continue
    const planned = m.baseAmount(units)
    const lendAsset = isBuyer ? m.quoteAsset : m.baseAsset
    const lend = isBuyer ? m.notional(level.price, units) : planned
    ledger.credit(ALLOCATOR_ACCOUNT_ID, lendAsset, lend)
    ledger.collectFee(lendAsset, -lend)
    const placed = state.place(
      {
        accountId: ALLOCATOR_ACCOUNT_ID,
        symbol: level.symbol,
        side,
        type: 'LIMIT',
        timeInForce: 'IOC',
        price: level.price,
        quantity: units,
        quoteOrderQty: 0n,
        selfTradePreventionMode: 'NONE',
      },
      now,
    )
    if (!placed.ok) continue
    // The reference may have moved with the route's own trades: the rule can still expire the IOC.
    stopped = placed.order.expiryReason === 'EXECUTION_RULE_PRICE_RANGE_EXCEEDED'
    if (placed.order.executedQty === 0) {
      if (stopped) break
      continue
    }
    effects.push(placed.effects)
    const base = m.baseAmount(placed.order.executedQty)
    const quote = placed.order.cumQuote
    const received = isBuyer ? base : quote
    const receivedAsset = isBuyer ? own.baseAsset : own.quoteAsset
    const paidAsset = isBuyer ? own.quoteAsset : own.baseAsset
    ledger.holding(account.id, paidAsset).free -= isBuyer ? quote : base
    ledger.credit(ALLOCATOR_ACCOUNT_ID, paidAsset, isBuyer ? quote : base)
    ledger.holding(ALLOCATOR_ACCOUNT_ID, receivedAsset).free -= received
    const fee = charge(ledger, {
      accountId: account.id,
      market: own,
      receivedAsset,
      received,
      isMaker: false,
      isBuyer,
    })
    ledger.credit(account.id, receivedAsset, received - (fee.asset === receivedAsset ? fee.amount : 0n))
    ledger.collectFee(fee.asset, fee.amount)
    const allocation: AllocationRecord = {
      symbol: own.symbol,
      allocationId: desk.nextId(own.symbol),
      accountId: account.id,
      orderId,
      price: level.priceMoney,
      qty: base,
      quoteQty: quote,
      commission: fee.amount,
      commissionAsset: fee.asset,
      time: now,
      isBuyer,
    }
    desk.record(allocation)
    allocations.push(allocation)
    left -= base
    total += base
    totalQuote += quote
    if (stopped) break
  }
  sweep(state)
  return { allocations, base: total, quote: totalQuote, effects, stopped }
}

/** Moves whatever the allocator holds into the exchange's inventory: it ends every route at zero. */
function sweep(state: ExchangeState): void {
  const ledger = state.engine.ledger
  for (const [asset, h] of ledger.holdings(ALLOCATOR_ACCOUNT_ID)) {
    ledger.collectFee(asset, h.free + h.locked)
    h.free = 0n
    h.locked = 0n
  }
}
