// Records what an emitter emits and waits for what has not come yet (no polling, no sleeps).
/** Emitted values in order; `until` finds one already recorded (from a mark) or waits for it. */
export class EventRecorder<T> {
  readonly items: T[] = []
  readonly #waiters: { from: number; pred: (v: T) => boolean; resolve: (v: T) => void }[] = []
  #seen = 0

  push(v: T): void {
    this.items.push(v)
    const index = this.items.length - 1
    for (const w of [...this.#waiters]) {
      if (index >= w.from && w.pred(v)) {
        this.#waiters.splice(this.#waiters.indexOf(w), 1)
        w.resolve(v)
      }
    }
  }

  /** Position of the next value: pass it to `until` to ignore what came before. */
  mark(): number {
    return this.items.length
  }

  /** The first value from `from` on that `pred` accepts, now or when it comes. */
  until(pred: (v: T) => boolean, from = 0): Promise<T> {
    const found = this.items.slice(from).find(pred)
    if (found !== undefined) return Promise.resolve(found)
    return new Promise((resolve) => this.#waiters.push({ from, pred, resolve }))
  }

  since(from: number): T[] {
    return this.items.slice(from)
  }

  /** The values after those the last call returned, up to and including the next one `last` accepts. */
  async next(last: (v: T) => boolean): Promise<T[]> {
    const from = this.#seen
    const match = await this.until(last, from)
    const end = this.items.indexOf(match, from) + 1
    this.#seen = end
    return this.items.slice(from, end)
  }
}
