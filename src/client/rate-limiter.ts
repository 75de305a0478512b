// The client's view of its rate limits: usage from every response, limits from exchangeInfo, server bans.
import {
  RATE_LIMIT_INTERVAL_MS as INTERVAL_MS,
  type RateLimitInterval,
  type RateLimitType,
} from '../protocol/enums.js'
import type { RateLimit } from '../protocol/envelope.js'

/** One limit with what is left of it in the current window. */
export interface RateLimitBudget {
  rateLimitType: RateLimitType
  interval: RateLimitInterval
  intervalNum: number
  limit: number
  count: number
  remaining: number
  /** Server-clock epoch ms when the current window ends. */
  resetsAt: number
}

interface Tracked {
  /** `count` is the server's count (from the last answer) plus requests that went unanswered since. */
  limit: RateLimit
  windowStart: number
}

/**
 * One request's local charge, held from the check before its send until its answer (or its loss): until then the
 * server's counts may not include it. Released once; `weight` and `orders` are 0 after that.
 */
export interface Charge {
  weight: number
  orders: number
}

const key = (l: { rateLimitType: string; interval: string; intervalNum: number }) =>
  `${l.rateLimitType}:${l.intervalNum}${l.interval}`

/**
 * Tracks usage per fixed, clock-aligned window, as the server counts it. A window's count is the server's last
 * reported count plus what was charged locally and is still unanswered: an answer's count includes its own request
 * and those sent before it on that socket, not those sent after it (nor, in a pool, those on other sockets, which
 * are then counted twice until their answers come: too high, never too low).
 */
export class RateLimiter {
  private readonly tracked = new Map<string, Tracked>()
  /** The entries in the order the last response listed them; the next one almost always repeats it (no key to build). */
  private readonly lastOrder: Tracked[] = []
  /** No request may be sent before this server time (from a 429/418 `retryAfter`). */
  blockedUntil = 0
  blockReason = ''
  /** The charges not yet answered: they count in every window of their type, a new window too. */
  #pendingWeight = 0
  #pendingOrders = 0

  /** Takes the usage reported with a response, received at server time `now`. Updates in place (hot path). */
  observe(limits: readonly RateLimit[] | undefined, now: number): void {
    if (!limits) return
    for (let i = 0; i < limits.length; i++) {
      const l = limits[i]!
      const span = INTERVAL_MS[l.interval] * l.intervalNum
      const windowStart = Math.floor(now / span) * span
      let t = this.lastOrder[i]
      if (
        t?.limit.rateLimitType !== l.rateLimitType ||
        t.limit.interval !== l.interval ||
        t.limit.intervalNum !== l.intervalNum
      ) {
        const k = key(l)
        t = this.tracked.get(k)
        if (!t) {
          t = { limit: { ...l }, windowStart }
          this.tracked.set(k, t)
        }
        this.lastOrder[i] = t
      }
      t.limit.limit = l.limit
      t.limit.count = l.count
      t.windowStart = windowStart
    }
  }

  /** Takes the limits published by `exchangeInfo` (no counts), keeping known usage. */
  observeLimits(limits: readonly Omit<RateLimit, 'count'>[], now: number): void {
    for (const l of limits) {
      if (l.rateLimitType !== 'REQUEST_WEIGHT' && l.rateLimitType !== 'ORDERS') continue
      const existing = this.tracked.get(key(l))
      if (existing) existing.limit.limit = l.limit
      else this.observe([{ ...l, count: 0 }], now)
    }
  }

  /** Records a server-declared block (429/418) until `retryAfter`. */
  block(retryAfter: number, reason: string): void {
    if (retryAfter > this.blockedUntil) {
      this.blockedUntil = retryAfter
      this.blockReason = reason
    }
  }

  /** Current budgets, windows rolled forward to `now`. */
  budget(now: number): RateLimitBudget[] {
    const out: RateLimitBudget[] = []
    for (const t of this.tracked.values()) {
      const span = INTERVAL_MS[t.limit.interval] * t.limit.intervalNum
      const start = Math.floor(now / span) * span
      const count = (start === t.windowStart ? t.limit.count : 0) + this.#pending(t)
      out.push({ ...t.limit, count, remaining: Math.max(0, t.limit.limit - count), resetsAt: start + span })
    }
    return out
  }

  /**
   * When a request of this cost may be sent: `now` if there is room, else the time the blocking window resets
   * (or the server's `retryAfter`), with the limit that blocks it.
   */
  earliestSend(weight: number, orders: number, now: number): { at: number; limit: string } {
    let at = now
    let limit = ''
    if (this.blockedUntil > now) {
      at = this.blockedUntil
      limit = this.blockReason
    }
    // As budget(now), without building it: this runs before every request.
    for (const t of this.tracked.values()) {
      const b = t.limit
      const need = b.rateLimitType === 'ORDERS' ? orders : weight
      if (need <= 0) continue
      const span = INTERVAL_MS[b.interval] * b.intervalNum
      const start = Math.floor(now / span) * span
      const count = (start === t.windowStart ? b.count : 0) + this.#pending(t)
      if (count + need > b.limit && start + span > at) {
        at = start + span
        limit = `${b.rateLimitType} ${b.limit}/${b.intervalNum} ${b.interval}`
      }
    }
    return { at, limit }
  }

  /**
   * Counts a request about to be sent (into `charge`), so back-to-back calls see each other before their answers
   * come. Held until `answered` or `unanswered`.
   */
  charge(charge: Charge, weight: number, orders: number): void {
    charge.weight = weight
    charge.orders = orders
    this.#pendingWeight += weight
    this.#pendingOrders += orders
  }

  /** The answer to a charged request came: the server's counts include it now (or gave its weight back). */
  answered(charge: Charge, limits: readonly RateLimit[] | undefined, now: number): void {
    this.#release(charge)
    this.observe(limits, now)
  }

  /**
   * A charged request got no answer. If it was `sent`, the server may have counted it: it stays counted in the
   * current windows until an answer reports the server's counts. If not, its charge is dropped.
   */
  unanswered(charge: Charge, sent: boolean, now: number): void {
    const { weight, orders } = charge
    this.#release(charge)
    if (!sent) return
    for (const t of this.tracked.values()) {
      const need = t.limit.rateLimitType === 'ORDERS' ? orders : weight
      if (need === 0) continue
      const span = INTERVAL_MS[t.limit.interval] * t.limit.intervalNum
      const start = Math.floor(now / span) * span
      if (start !== t.windowStart) {
        t.windowStart = start
        t.limit.count = 0
      }
      t.limit.count += need
    }
  }

  #release(charge: Charge): void {
    this.#pendingWeight -= charge.weight
    this.#pendingOrders -= charge.orders
    charge.weight = 0
    charge.orders = 0
  }

  #pending(t: Tracked): number {
    return t.limit.rateLimitType === 'ORDERS' ? this.#pendingOrders : this.#pendingWeight
  }
}
