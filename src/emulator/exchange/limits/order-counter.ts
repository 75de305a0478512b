// The unfilled order count (ORDERS limits), per account: up on placement, down on an order's first fill.
import type { RateLimit } from '../../../protocol/envelope.js'
import type { RateLimitRule } from '../../../protocol/results.js'
import { FixedWindow } from './fixed-window.js'

export class OrderCounter {
  private readonly accounts = new Map<number, FixedWindow[]>()

  constructor(private readonly rules: readonly RateLimitRule[]) {}

  /** The first window that `n` more orders would overflow. */
  exceeded(accountId: number, n: number, now: number): FixedWindow | undefined {
    return this.windows(accountId).find((w) => w.count(now) + n > w.rule.limit)
  }

  add(accountId: number, n: number, now: number): void {
    for (const w of this.windows(accountId)) w.add(now, n)
  }

  /** A placement counted by `add` and then refused by a filter only the book could tell: it counts no more. */
  takeBack(accountId: number, n: number, now: number): void {
    for (const w of this.windows(accountId)) w.subtract(now, n)
  }

  /** Orders of the account filled for the first time: the count drops by `n` (never below 0). */
  filled(accountId: number, now: number, n = 1): void {
    for (const w of this.windows(accountId)) w.subtract(now, n)
  }

  /** The account's entries; undefined (no account known) gives them at 0. */
  entries(accountId: number | undefined, now: number): RateLimit[] {
    return this.shown(accountId).map((w) => w.entry(now))
  }

  /** `entries()` as the JSON text of its members (no brackets; empty without ORDERS rules). */
  entriesJson(accountId: number | undefined, now: number): string {
    let out = ''
    for (const w of this.shown(accountId)) out = out === '' ? w.entryJson(now) : `${out},${w.entryJson(now)}`
    return out
  }

  // No account: fresh windows, every entry at 0 (made per call, not kept: the counter's fields are snapshot state).
  private shown(accountId: number | undefined): FixedWindow[] {
    return accountId === undefined ? this.rules.map((r) => new FixedWindow(r)) : this.windows(accountId)
  }

  private windows(accountId: number): FixedWindow[] {
    let list = this.accounts.get(accountId)
    if (!list) {
      list = this.rules.map((r) => new FixedWindow(r))
      this.accounts.set(accountId, list)
    }
    return list
  }
}
