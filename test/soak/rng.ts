// Seeded choices for the soak: the same seed draws the same operations and faults (timing still varies).
import { SeededRandom } from '../../src/emulator/exchange/random.js'

export class Rng {
  readonly #random: SeededRandom

  constructor(seed: number) {
    this.#random = new SeededRandom(seed)
  }

  #next(): number {
    return this.#random.next()
  }

  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + (this.#next() % (hi - lo + 1))
  }

  chance(p: number): boolean {
    return this.#next() / 2 ** 32 < p
  }

  pick<T>(items: readonly T[]): T {
    return items[this.#next() % items.length] as T
  }

  /** A key drawn with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][]
    let r = this.#next() % entries.reduce((s, [, w]) => s + w, 0)
    for (const [k, w] of entries) {
      r -= w
      if (r < 0) return k
    }
    return entries[0]![0]
  }

  /** A generator of its own, seeded from this one. */
  fork(): Rng {
    return new Rng(this.#next())
  }
}
