// An outside market (a replay of Binance's public trades) acting on the book: one of its trades filling a resting
// order at that order's price, and its prices triggering stop orders (docs/replay.md "The fill model").
import { runTriggersAt } from './activation.js'
import { Effects } from './effects.js'
import type { Engine, PlaceResult } from './engine.js'

/**
 * Trades up to `qty` of resting order `orderId` at its own price (it is the maker) with an IOC order of
 * `counterpartyId` made for it and funded with exactly what it pays; undefined when the order is not resting.
 */
export function fillFromOutside(
  engine: Engine,
  symbol: string,
  orderId: number,
  qty: number,
  counterpartyId: number,
  now: number,
): PlaceResult | undefined {
  const book = engine.book(symbol)
  if (!book?.isOpen(orderId)) return undefined
  const maker = book.order(orderId)
  if (!maker?.onBook || maker.accountId === counterpartyId) return undefined
  const quantity = Math.min(qty, maker.remaining)
  if (quantity <= 0) return undefined
  const { market } = book
  const side = maker.side === 'BUY' ? 'SELL' : 'BUY'
  const asset = side === 'BUY' ? market.quoteAsset : market.baseAsset
  const need = side === 'BUY' ? market.notional(maker.price, quantity) : market.baseAmount(quantity)
  const free = engine.ledger.free(counterpartyId, asset)
  if (free < need) engine.ledger.credit(counterpartyId, asset, need - free)
  engine.matcher.onlyMaker = maker
  try {
    return engine.place(
      {
        accountId: counterpartyId,
        symbol,
        side,
        type: 'LIMIT',
        timeInForce: 'IOC',
        price: maker.price,
        quantity,
        quoteOrderQty: 0n,
        selfTradePreventionMode: 'NONE',
      },
      now,
    )
  } finally {
    engine.matcher.onlyMaker = undefined
  }
}

/** The stop orders on `symbol` that an outside trade at `price` triggers start working; what they did. */
export function triggerAtOutsidePrice(engine: Engine, symbol: string, price: number, now: number): Effects {
  const effects = new Effects()
  const book = engine.book(symbol)
  if (book) runTriggersAt(engine.matcher, engine.ledger, book, price, effects, now)
  return effects
}
