// The replayed symbols' depth snapshots, merged per symbol and followed in data time (docs/replay.md "Depth
// snapshots"): the latest snapshot at or before an event's time replaces the symbol's outside book.
import type { BookSnapshot } from '../exchange/commands.js'
import type { ReplayData } from './read-replay-file.js'
import { ReplayInputError } from './replay-input-error.js'

export interface DepthCursor {
  readonly symbol: string
  readonly time: readonly number[]
  readonly books: readonly BookSnapshot[]
  /** The next snapshot to apply. */
  index: number
  /** One past the last snapshot of the window. */
  readonly end: number
}

/**
 * One cursor per symbol with depth files (several files merge in time order), over the window `[from, to]` (ms):
 * the snapshot at or before `from` is the first. A symbol with depth but no trades to replay is refused.
 */
export function depthCursors(
  data: readonly ReplayData[],
  replayed: ReadonlySet<string>,
  from: number,
  to: number,
): DepthCursor[] {
  const bySymbol = new Map<string, { time: number; book: BookSnapshot }[]>()
  for (const d of data) {
    if (d.kind !== 'depth') continue
    if (!replayed.has(d.symbol))
      throw new ReplayInputError(
        d.file,
        0,
        `no trades, aggTrades or klines file of ${d.symbol} to replay it with`,
      )
    const list = bySymbol.get(d.symbol) ?? []
    bySymbol.set(d.symbol, list)
    for (let i = 0; i < d.depth.time.length; i++)
      list.push({ time: d.depth.time[i]!, book: d.depth.books[i]! })
  }
  const cursors: DepthCursor[] = []
  for (const symbol of [...bySymbol.keys()].sort()) {
    const list = bySymbol.get(symbol)!.sort((a, b) => a.time - b.time)
    const time = list.map((s) => s.time)
    const firstAfter = (t: number) => {
      let i = 0
      while (i < time.length && time[i]! <= t) i++
      return i
    }
    const index = Math.max(0, firstAfter(from) - 1)
    cursors.push({ symbol, time, books: list.map((s) => s.book), index, end: firstAfter(to) })
  }
  return cursors
}
