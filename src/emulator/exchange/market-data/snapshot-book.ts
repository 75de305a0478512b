// A depth snapshot supplied by the user, posted as the outside market's book of a replayed symbol (docs/replay.md
// "Depth snapshots"): it replaces whatever the synthetic liquidity's account had on the symbol, level for level, and
// like the synthesized book never crosses or fills a user's resting order: a level at or beyond the other side's
// best user order is left out.
import type { Side } from '../../../protocol/enums.js'
import type { BookSnapshot, DepthLevel, ExchangeEvent } from '../commands.js'
import { liquidityOrder } from '../liquidity.js'
import type { ExchangeState } from '../state.js'
import { bestUserPrice, clearOutsideBook } from './synth-book.js'

/** Cancels `symbol`'s outside levels and posts `snapshot`'s instead. */
export function postSnapshotBook(
  state: ExchangeState,
  symbol: string,
  snapshot: BookSnapshot,
  now: number,
  events: ExchangeEvent[],
): void {
  clearOutsideBook(state, symbol, now, events)
  const book = state.book(symbol)
  const userBid = bestUserPrice(book.bids)
  const userAsk = bestUserPrice(book.asks)
  const post = (side: Side, [price, qty]: DepthLevel) => {
    const placed = state.place(liquidityOrder(symbol, side, 'LIMIT_MAKER', price, qty), now)
    if (placed.ok) events.push(placed.effects)
  }
  for (const level of snapshot.asks) if (userBid === undefined || level[0] > userBid) post('SELL', level)
  for (const level of snapshot.bids) if (userAsk === undefined || level[0] < userAsk) post('BUY', level)
}
