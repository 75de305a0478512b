// The emulator's time as the page knows it: the last time an event gave, moved on by the page's own clock while the
// emulator's runs with real time (its `state` says so; a replay's or a manual clock stands still between events).

export class EmulatorTime {
  #at = 0
  #seenAt = 0
  #runs = false

  /** An event gave the emulator's time `now`; `runs`: it moves with real time until the next one. */
  set(now: number, runs: boolean): void {
    this.#at = now
    this.#seenAt = performance.now()
    this.#runs = runs
  }

  /** An event happened at `time` (a request's answer): the emulator's time is at least that. */
  atLeast(time: number): void {
    if (time > this.now()) this.set(time, this.#runs)
  }

  /** The emulator's time now, as far as the page can tell (ms since the epoch; 0 before any event). */
  now(): number {
    return this.#runs ? this.#at + Math.floor(performance.now() - this.#seenAt) : this.#at
  }
}
