// Passes each user data event of one stream once while two sockets deliver it (a renewal's make-before-break overlap).

/** Texts remembered per stream; the oldest is forgotten beyond this. */
const MAX_TEXTS = 4096

/**
 * Each socket delivers, in order, the part of the stream's one event sequence its subscription covers, so the n-th
 * copy of a text on any socket is the n-th event with that text: it passes when no socket has passed n copies of it
 * yet. The copy of an event on the other socket is dropped; two genuine identical events come twice on each socket
 * that saw both, and both pass. Counting starts when the new socket's subscribe is sent: an event the old socket
 * delivered before then was pushed before the new subscription existed, and cannot come on the new socket. So no
 * event passes twice; one is lost only if identical events (same `E`, to the ms) came one just before the new
 * subscription took effect and one after the old socket stopped, i.e. the whole overlap fit within that millisecond.
 */
export class OverlapDedupe {
  /** Per text: copies passed, and copies seen per socket. */
  readonly #texts = new Map<string, { passed: number; seen: Map<object, number> }>()
  #until: number

  /** Deduplicates until `until` (epoch ms), extended by `extend`. */
  constructor(until: number) {
    this.#until = until
  }

  /** The overlap is over: no socket but the stream's current one can deliver any more. */
  expired(now: number): boolean {
    return now > this.#until
  }

  /** Keeps the window open until at least `until`. */
  extend(until: number): void {
    this.#until = Math.max(this.#until, until)
  }

  /** True when the event `text` arriving on `socket` is new, false when it is another socket's copy. */
  pass(text: string, socket: object): boolean {
    let entry = this.#texts.get(text)
    if (!entry) {
      entry = { passed: 0, seen: new Map() }
      this.#texts.set(text, entry)
      if (this.#texts.size > MAX_TEXTS) this.#texts.delete(this.#texts.keys().next().value as string)
    }
    const seen = (entry.seen.get(socket) ?? 0) + 1
    entry.seen.set(socket, seen)
    if (seen <= entry.passed) return false
    entry.passed = seen
    return true
  }
}
