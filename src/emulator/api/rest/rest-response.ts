// How a REST answer is written: the status, the body as Binance writes it (`{"code":…,"msg":…}` on errors), and
// the headers spec/rest-api.md names — X-MBX-USED-WEIGHT-(n)(letter) on every answer, X-MBX-ORDER-COUNT-… on
// orders, Retry-After on 429 and 418 — in one `end`.
import type { ServerResponse } from 'node:http'
import type { ApiErrorBody, RateLimit } from '../../../protocol/envelope.js'
import { retryAfterSeconds } from '../server-life/upgrade-gate.js'

const JSON_TYPE = 'application/json;charset=UTF-8'

/** `X-MBX-USED-WEIGHT-1M`, `X-MBX-ORDER-COUNT-10S`: the interval as its number and first letter. */
function intervalName(prefix: string, limit: RateLimit): string {
  return `${prefix}${limit.intervalNum}${limit.interval[0]}`
}

/** The headers of every answer: the IP's used weight, also without the interval as Binance sends it. */
export function weightHeaders(weight: RateLimit): string[] {
  const used = String(weight.count)
  return ['X-MBX-USED-WEIGHT', used, intervalName('X-MBX-USED-WEIGHT-', weight), used]
}

/** The account's unfilled order counts, on answers of methods that place orders. */
export function orderCountHeaders(counts: readonly RateLimit[], headers: string[]): void {
  for (const count of counts) headers.push(intervalName('X-MBX-ORDER-COUNT-', count), String(count.count))
}

/**
 * An error's body: a rate-limit refusal's retry time goes to the Retry-After header (pushed onto `headers`)
 * instead of `data`; other data (cancel-replace's outcome) stays, as spec/rest-api.md shows it.
 */
export function errorBody(error: ApiErrorBody, now: number, headers: string[]): string {
  const retryAt = error.data?.['retryAfter']
  if (typeof retryAt !== 'number') return JSON.stringify(error)
  headers.push('Retry-After', String(retryAfterSeconds(retryAt, now)))
  return JSON.stringify({ code: error.code, msg: error.msg })
}

/** Writes the whole answer at once; `close` ends the connection after it. */
export function writeAnswer(
  res: ServerResponse,
  status: number,
  body: string,
  headers: string[],
  contentType = JSON_TYPE,
  close = false,
): void {
  headers.push('Content-Type', contentType, 'Content-Length', String(Buffer.byteLength(body)))
  if (close) headers.push('Connection', 'close')
  res.writeHead(status, headers).end(body)
}
