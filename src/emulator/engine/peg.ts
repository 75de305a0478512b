// Pegged prices: the best price on a side of the book, or a level deeper (docs/emulator-fidelity.md 3.3.9,
// A33).
import type { PegPriceType, Side } from '../../protocol/enums.js'
import type { OrderBook } from './book.js'

/**
 * The price an order of `side` pegs to: PRIMARY_PEG looks at its own side, MARKET_PEG at the
 * opposite one; `offset` levels beyond the best (0 = the best). Undefined when that level is absent.
 */
export function peggedPrice(
  book: OrderBook,
  side: Side,
  type: PegPriceType,
  offset: number,
): number | undefined {
  const levels = type === 'PRIMARY_PEG' ? book.side(side) : book.opposite(side)
  let i = 0
  for (const level of levels.walk()) {
    if (i === offset) return level.price
    i++
  }
  return undefined
}
