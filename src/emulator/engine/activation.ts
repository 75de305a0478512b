import type { OrderBook } from './book.js'
import { costOfQty } from './book-walk.js'
import type { Effects } from './effects.js'
import { statusExecution } from './executions.js'
import type { Ledger } from './ledger.js'
import type { Matcher, Step } from './matcher.js'
import type { Order } from './order.js'
import { peggedPrice } from './peg.js'
import { stpWalkSkips } from './stp.js'
import { observeTrade } from './triggers.js'

/** Feeds the command's trades to the waiting stop orders; triggered ones work in turn (and may trade). */
export function runTriggers(
  m: Matcher,
  ledger: Ledger,
  book: OrderBook,
  effects: Effects,
  now: number,
): void {
  if (book.parked.size === 0 || effects.tradeCount === 0) return
  let cursor = 0
  while (book.parked.size > 0 && cursor < effects.trades.length) {
    const fired: Order[] = []
    for (; cursor < effects.trades.length; cursor++) {
      const trade = effects.trades[cursor]
      if (!trade || trade.market !== book.market) continue
      for (const o of book.parked) {
        if (!fired.includes(o) && observeTrade(o, trade.price, now)) fired.push(o)
      }
    }
    const step = { book, effects, now }
    for (const o of fired) if (o.isOpen && book.parked.has(o)) trigger(m, ledger, step, o)
  }
}

/** A stop order starts working: pegs and re-reserves funds at its real price, then takes liquidity. */
function trigger(m: Matcher, ledger: Ledger, step: Step, order: Order): void {
  const { book, effects, now } = step
  book.parked.delete(order)
  effects.triggered.push(order)
  order.workingTime = now
  order.updateTime = now
  if (order.peg) {
    const price = peggedPrice(book, order.side, order.peg.priceType, order.peg.offsetValue ?? 0)
    if (price === undefined) {
      m.expire(step, order, 'REJECTED')
      return
    }
    order.price = price
  }
  if (order.side === 'BUY') {
    const { market } = book
    // A market-like stop reserves the walk over what it will take: makers its STP mode walks past left out.
    const need = order.executesAsMarket
      ? costOfQty(
          market,
          book.asks,
          order.remaining,
          stpWalkSkips(order.accountId, order.selfTradePreventionMode, m.tradeGroup, 'cost'),
        )
      : market.notional(order.price, order.remaining)
    ledger.unlock(order.accountId, market.quoteAsset, order.locked)
    order.locked = 0n
    effects.touch(order.accountId, market.quoteAsset)
    if (ledger.free(order.accountId, market.quoteAsset) < need) {
      m.expire(step, order, 'REJECTED')
      return
    }
    ledger.lock(order.accountId, market.quoteAsset, need)
    order.locked = need
    order.lockPrice = order.executesAsMarket ? 0 : order.price
  }
  m.emit(statusExecution(order, 'NEW', m.nextExecutionId(), now, true), undefined, effects, now)
  m.work(book, order, effects, now)
}

/** Feeds an outside market's trade price to the waiting stop orders; triggered ones work in turn (and may trade). */
export function runTriggersAt(
  m: Matcher,
  ledger: Ledger,
  book: OrderBook,
  price: number,
  effects: Effects,
  now: number,
): void {
  if (book.parked.size === 0) return
  const fired: Order[] = []
  for (const o of book.parked) if (observeTrade(o, price, now)) fired.push(o)
  const step = { book, effects, now }
  for (const o of fired) if (o.isOpen && book.parked.has(o)) trigger(m, ledger, step, o)
  runTriggers(m, ledger, book, effects, now)
}
