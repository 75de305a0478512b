// The "late snapshot" fault: a book state captured now and served by the next `depth` request of the symbol.
import type { LevelView } from '../../engine/book.js'
import type { Exchange } from '../../exchange/exchange.js'

interface HeldDepth {
  readonly updateId: number
  readonly bids: readonly LevelView[]
  readonly asks: readonly LevelView[]
}

const held = new WeakMap<Exchange, Map<string, HeldDepth>>()

/** Captures the symbol's whole book as it is now, for the next `depth` answer. */
export function holdDepth(exchange: Exchange, symbol: string): void {
  const book = exchange.book(symbol)
  const { bids, asks } = book.depth(Number.MAX_SAFE_INTEGER)
  const map = held.get(exchange) ?? new Map<string, HeldDepth>()
  held.set(exchange, map)
  map.set(symbol, { updateId: book.updateId, bids, asks })
}

/** The held (stale) depth of the symbol, once, cut to `limit` levels; undefined when none is held. */
export function takeHeldDepth(
  exchange: Exchange,
  symbol: string,
  limit: number,
): { updateId: number; bids: LevelView[]; asks: LevelView[] } | undefined {
  const map = held.get(exchange)
  const h = map?.get(symbol)
  if (!h) return undefined
  map?.delete(symbol)
  return { updateId: h.updateId, bids: h.bids.slice(0, limit), asks: h.asks.slice(0, limit) }
}
