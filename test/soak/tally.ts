// Counts by name, for the report.

export class Tally {
  readonly #counts = new Map<string, number>()

  add(key: string, n = 1): void {
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + n)
  }

  get(key: string): number {
    return this.#counts.get(key) ?? 0
  }

  get total(): number {
    let n = 0
    for (const v of this.#counts.values()) n += v
    return n
  }

  /** The counts as an object, largest first. */
  toJSON(): Record<string, number> {
    return Object.fromEntries([...this.#counts].sort((a, b) => b[1] - a[1]))
  }
}
