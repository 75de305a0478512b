// The open-order counts each book keeps (what the count filters read) against a recount of the open orders.
import { isDeepStrictEqual } from 'node:util'
import type { OpenCounts } from '../../src/emulator/engine/client-ids.js'
import { type Exchange, stateOf } from '../../src/emulator/exchange/exchange.js'
import { countOpen } from '../../src/emulator/exchange/filters/open-counts.js'

/** One line per book and account (the synthetic liquidity's 0 included) whose kept counts differ from a recount. */
export function openCountProblems(ex: Exchange, seen?: (kept: OpenCounts) => void): string[] {
  const problems: string[] = []
  const state = stateOf(ex)
  for (const symbol of ex.symbols.keys()) {
    const book = state.book(symbol)
    for (const id of [0, ...ex.accounts.map((a) => a.id)]) {
      const kept = book.openCounts(id)
      const recount = countOpen(book.openOrders(id))
      seen?.(kept)
      if (!isDeepStrictEqual(kept, recount)) {
        problems.push(
          `${symbol} account ${id}: kept ${JSON.stringify(kept)}, recounted ${JSON.stringify(recount)}`,
        )
      }
    }
  }
  return problems
}
