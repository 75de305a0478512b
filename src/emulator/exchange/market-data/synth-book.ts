// The book a replay synthesizes around the replayed price (docs/replay.md "Marketable orders"): per symbol, levels
// each side at a tick distance, a fixed quantity per level, posted by the synthetic liquidity's account. It is
// re-posted after each data event whose price moved, and never crosses a user's resting order: each side starts
// beyond the other side's best user order, so it can neither cross nor fill one.
import type { Side } from '../../../protocol/enums.js'
import type { OrderBook } from '../../engine/book.js'
import type { BookSide } from '../../engine/book-side.js'
import { toSafeUnits } from '../../engine/decimal.js'
import type { ExchangeEvent } from '../commands.js'
import { LIQUIDITY_ACCOUNT_ID, liquidityOrder } from '../liquidity.js'
import type { ExchangeState } from '../state.js'
import { findFilter } from '../symbols.js'

/** One symbol's synthesized book, resolved (`replay.book` with its defaults). */
export interface SynthBookSettings {
  /** Levels on each side. */
  readonly levels: number
  /** Ticks from the replayed price to each side's first level. */
  readonly offsetTicks: number
  /** Ticks between two levels of one side. */
  readonly stepTicks: number
  /** Quantity of each level, in the symbol's quantity units. */
  readonly qty: number
  /** `replay.impact`: liquidity a user's order takes is not re-posted until the book is rebuilt. */
  readonly impact?: boolean | undefined
}

/** The best price on `side` of an order that is not the synthetic liquidity's, if any. */
export function bestUserPrice(side: BookSide): number | undefined {
  for (const level of side.walk()) {
    for (let o = level.head; o; o = o.next) if (o.accountId !== LIQUIDITY_ACCOUNT_ID) return level.price
  }
  return undefined
}

/** Cancels every order of the synthetic liquidity's account on `symbol`. */
export function clearOutsideBook(
  state: ExchangeState,
  symbol: string,
  now: number,
  events: ExchangeEvent[],
): void {
  for (const order of state.book(symbol).openOrders(LIQUIDITY_ACCOUNT_ID)) {
    const canceled = state.cancel(LIQUIDITY_ACCOUNT_ID, symbol, { orderId: order.id }, undefined, now)
    if (canceled.ok) events.push(canceled.effects)
  }
}

/** Cancels `symbol`'s synthetic levels and posts them again around `centre` (price units). */
export function recentreSynthBook(
  state: ExchangeState,
  symbol: string,
  centre: number,
  settings: SynthBookSettings,
  now: number,
  events: ExchangeEvent[],
): void {
  const book: OrderBook = state.book(symbol)
  const listed = state.symbols.get(symbol)
  const tickSize = listed && findFilter(listed.info.filters, 'PRICE_FILTER')?.tickSize
  const tick = Math.max(1, tickSize ? toSafeUnits(tickSize, book.market.priceScale) : 1)
  clearOutsideBook(state, symbol, now, events)
  if (settings.qty <= 0 || settings.levels <= 0) return
  const userBid = bestUserPrice(book.bids)
  const userAsk = bestUserPrice(book.asks)
  const offset = settings.offsetTicks * tick
  const step = Math.max(1, settings.stepTicks) * tick
  let ask = centre + offset
  if (userBid !== undefined && ask <= userBid) ask = userBid + tick
  let bid = centre - offset
  if (userAsk !== undefined && bid >= userAsk) bid = userAsk - tick
  const post = (side: Side, price: number) => {
    if (price <= 0) return
    const placed = state.place(liquidityOrder(symbol, side, 'LIMIT_MAKER', price, settings.qty), now)
    if (placed.ok) events.push(placed.effects)
  }
  for (let k = 0; k < settings.levels; k++) {
    post('SELL', ask + k * step)
    post('BUY', bid - k * step)
  }
}
