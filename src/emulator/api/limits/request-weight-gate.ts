// The rate-limit check of every request: 418 for a banned IP, 429 over REQUEST_WEIGHT (or, over REST,
// RAW_REQUESTS), a ban on repetition.
import { failWithData } from '../../exchange/api-failure.js'
import type { BanList } from './bans.js'
import type { WeightCounter } from './weight-counter.js'

/**
 * Throws 418 -1003 while `ip` is banned, 429 -1003 over its weight or its raw requests, 418 when that 429 earns a
 * ban. RAW_REQUESTS is answered with the spec's REQUEST_WEIGHT message naming its own limit and window
 * (docs/emulator-fidelity.md R14).
 */
export function checkRequestWeight(
  weights: WeightCounter,
  bans: BanList | undefined,
  ip: string,
  now: number,
  rawRequests?: WeightCounter,
): void {
  const banned = bans?.bannedUntil(ip, now)
  if (banned !== undefined) failWithData('IP_BANNED', { serverTime: now, retryAfter: banned }, banned)
  const over = weights.exceeded(ip, now) ?? rawRequests?.exceeded(ip, now)
  if (!over) return
  const retryAfter = over.resetsAt(now)
  const until = bans?.violation(ip, retryAfter, now)
  if (until !== undefined) failWithData('IP_BANNED', { serverTime: now, retryAfter: until }, until)
  failWithData('TOO_MUCH_WEIGHT', { serverTime: now, retryAfter }, over.rule.limit, over.label)
}
