// Local order books under the soak: never crossed, and identical to the API's `depth` answer at the same update id.
import type { DepthSnapshot, OrderBook } from '../../src/client/index.js'
import { sleep } from './sleep.js'
import type { Tally } from './tally.js'

/** What the books' checks found, over all books. */
export interface BookStats {
  /** Full-book comparisons with a `depth` answer at the same update id, and how many were identical. */
  compared: number
  identical: number
  /** `depth` answers the book had already moved past (or never reached) when they came. */
  skipped: number
  /** Changes after which the best bid was not below the best ask. */
  crossed: number
  readonly resyncs: Tally
  readonly examples: string[]
}

/** A price as an integer of 10⁻⁸ units (prices have at most 8 decimals). */
const units = (price: string): bigint => {
  const [whole = '0', frac = ''] = price.split('.')
  return BigInt(whole + frac.padEnd(8, '0').slice(0, 8))
}

const PENDING_MAX = 8

export class BookWatch {
  readonly #pending = new Map<number, DepthSnapshot>()

  constructor(
    readonly book: OrderBook,
    readonly stats: BookStats,
  ) {
    book.on('change', (c) => this.#changed(c.updateId))
    book.on('resync', (e) => {
      stats.resyncs.add(e.reason)
      this.#drop()
    })
    book.on('status', (s) => {
      if (s.state !== 'synced') this.#drop()
    })
  }

  #drop(): void {
    this.stats.skipped += this.#pending.size
    this.#pending.clear()
  }

  #changed(updateId: number): void {
    const bid = this.book.bestBid()
    const ask = this.book.bestAsk()
    if (bid && ask && units(bid[0]) >= units(ask[0])) {
      this.stats.crossed++
      if (this.stats.examples.length < 5)
        this.stats.examples.push(`${this.book.symbol} crossed at ${updateId}: ${bid[0]} ≥ ${ask[0]}`)
    }
    for (const [id, snap] of this.#pending) {
      if (id > updateId) continue
      this.#pending.delete(id)
      if (id === updateId) this.#compare(snap)
      else this.stats.skipped++
    }
  }

  /** A `depth` answer: compared with the book once the book is at its update id. */
  expect(snap: DepthSnapshot): void {
    const at = this.book.isSynced ? this.book.updateId : undefined
    if (at === snap.lastUpdateId) this.#compare(snap)
    else if (at !== undefined && at > snap.lastUpdateId) this.stats.skipped++
    else {
      if (this.#pending.size >= PENDING_MAX) this.#drop()
      this.#pending.set(snap.lastUpdateId, snap)
    }
  }

  /** Whether a `depth` answer is still waiting for the book to reach it. */
  get waiting(): boolean {
    return this.#pending.size > 0
  }

  #compare(snap: DepthSnapshot): void {
    const view = this.book.view(5000)
    if (!view) return
    this.stats.compared++
    const same =
      JSON.stringify([view.bids, view.asks]) === JSON.stringify([snap.bids, snap.asks]) &&
      view.updateId === snap.lastUpdateId
    if (same) this.stats.identical++
    else if (this.stats.examples.length < 5)
      this.stats.examples.push(
        `${this.book.symbol} at ${snap.lastUpdateId}: book ${view.bids.length}/${view.asks.length} levels, depth ${snap.bids.length}/${snap.asks.length}`,
      )
  }
}

/**
 * Compares each book with a last `depth` answer once the load has stopped (a book must be in sync within a
 * timeout, even with no diff event to come); returns how many were identical.
 */
export async function finalBooks(
  watches: readonly BookWatch[],
  depth: (symbol: string) => Promise<DepthSnapshot | undefined>,
  timeoutMs: number,
): Promise<number> {
  let identical = 0
  for (const watch of watches) {
    const before = watch.stats.identical
    for (let attempt = 0; attempt < 2 && watch.stats.identical === before; attempt++) {
      await watch.book.ready(AbortSignal.timeout(timeoutMs)).catch(() => {})
      const snap = await depth(watch.book.symbol)
      if (snap) watch.expect(snap)
      for (let i = 0; i < 10 && watch.waiting; i++) await sleep(100)
    }
    if (watch.stats.identical > before) identical++
  }
  return identical
}
