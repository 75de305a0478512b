// Stop orders waking up: every trade of a command is fed to the symbol's waiting stops, and those
// that trigger start working (peg, re-reserve funds, take liquidity), which may trigger more.
import type { OrderBook } from './book.js'
import { costOfQty } from './book-walk.js'
import type { Effects } from './effects.js'
import { statusExecution } from './executions.js'
import type { Ledger } from './ledger.js'
import type { Matcher } from './matcher.js'
import type { Order } from './order.js'
import { peggedPrice } from './peg.js'
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
    for (const o of fired) if (o.isOpen && book.parked.has(o)) trigger(m, ledger, book, o, effects, now)
  }
}

/** A stop order starts working: pegs and re-reserves funds at its real price, then takes liquidity. */
function trigger(
  m: Matcher,
  ledger: Ledger,
  book: OrderBook,
  order: Order,
  effects: Effects,
  now: number,
): void {
  book.parked.delete(order)
  effects.triggered.push(order)
  order.workingTime = now
  order.updateTime = now
  if (order.peg) {
    const price = peggedPrice(book, order.side, order.peg.priceType, order.peg.offsetValue ?? 0)
    if (price === undefined) {
      m.expire(book, order, 'REJECTED', effects, undefined, now)
      return
    }
    order.price = price
  }
  if (order.side === 'BUY') {
    const { market } = book
    const need = order.executesAsMarket
      ? costOfQty(market, book.asks, order.remaining)
      : market.notional(order.price, order.remaining)
    ledger.unlock(order.accountId, market.quoteAsset, order.locked)
    order.locked = 0n
    effects.touch(order.accountId, market.quoteAsset)
    if (ledger.free(order.accountId, market.quoteAsset) < need) {
      m.expire(book, order, 'REJECTED', effects, undefined, now)
      return
    }
    ledger.lock(order.accountId, market.quoteAsset, need)
    order.locked = need
    order.lockPrice = order.executesAsMarket ? 0 : order.price
  }
  m.emit(statusExecution(order, 'NEW', m.nextExecutionId(), now, true), undefined, effects, now)
  m.work(book, order, effects, now)
}
