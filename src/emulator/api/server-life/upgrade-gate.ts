// Which WebSocket upgrades are accepted: not from a banned IP (418), not over the connection-attempt
// limit (429 -1034), not with a bad `timeUnit` (400 -1194). A refusal is an HTTP answer with a JSON body.
import type { Duplex } from 'node:stream'
import type { TimeUnit } from '../../../protocol/enums.js'
import type { ApiErrorBody } from '../../../protocol/envelope.js'
import { API_ERRORS, type ApiErrorKey, apiError } from '../../../protocol/errors.js'
import type { FixedWindow } from '../../exchange/limits/fixed-window.js'
import type { BanList } from '../limits/bans.js'
import type { ConnectionAttempts } from '../limits/connection-attempts.js'
import { parseTimeUnit } from './time-unit.js'

export type Admission =
  | { readonly ok: true; readonly timeUnit: TimeUnit }
  | { readonly ok: false; readonly status: number; readonly body: ApiErrorBody; readonly retryAt?: number }

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  418: "I'm a teapot",
  429: 'Too Many Requests',
}

type Refusal = Extract<Admission, { ok: false }>

function refusal(key: ApiErrorKey, args: (string | number)[], retryAt?: number): Refusal {
  const body = apiError(key, ...args)
  const status = API_ERRORS[key].status
  return retryAt === undefined ? { ok: false, status, body } : { ok: false, status, body, retryAt }
}

/** Counts the attempt, then decides. */
export function admit(
  url: URL,
  ip: string,
  now: number,
  attempts: ConnectionAttempts,
  bans: BanList,
): Admission {
  const over = attempts.attempt(ip, now)
  const banned = bans.bannedUntil(ip, now)
  if (banned !== undefined) return refusal('IP_BANNED', [banned], banned)
  if (over) return attemptRefusal(over, now)
  const timeUnit = parseTimeUnit(url.searchParams.get('timeUnit'))
  if (!timeUnit) return refusal('INVALID_TIME_UNIT', [])
  return { ok: true, timeUnit }
}

/** 429 -1034 for an IP over its connection attempts, with when its window resets (the streams answer so too). */
export function attemptRefusal(over: FixedWindow, now: number): Refusal {
  return refusal('TOO_MANY_IP_CONNECTION_ATTEMPTS', [over.rule.limit, over.label], over.resetsAt(now))
}

/** Answers the upgrade request with the refusal and closes the socket. */
export function refuse(socket: Duplex, refusal: Refusal, now: number): void {
  const body = JSON.stringify(refusal.body)
  const headers = [
    `HTTP/1.1 ${refusal.status} ${REASONS[refusal.status] ?? 'Error'}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
  ]
  if (refusal.retryAt !== undefined) {
    headers.push(`Retry-After: ${retryAfterSeconds(refusal.retryAt, now)}`)
  }
  socket.end(`${headers.join('\r\n')}\r\n\r\n${body}`)
}

/** A Retry-After header's value: whole seconds until `retryAt`, at least 1. */
export function retryAfterSeconds(retryAt: number, now: number): number {
  return Math.max(1, Math.ceil((retryAt - now) / 1000))
}
