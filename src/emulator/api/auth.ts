// Request authentication: API key and permission, timing (timestamp/recvWindow), signature, session.
import { type MethodSpec, SIGNED_IN_SESSION } from '../../protocol/methods.js'
import { signaturePayload } from '../../protocol/signing.js'
import { DECIMAL_PATTERN, significantDecimals, toUnits } from '../engine/decimal.js'
import type { Account } from '../exchange/account.js'
import { fail } from '../exchange/api-failure.js'
import type { Exchange } from '../exchange/exchange.js'
import type { ApiPermission } from '../exchange/options.js'
import type { Connection } from './connection.js'
import type { DispatchEnv } from './run-request.js'
import { formEncodedPayload } from './wire/form-encoded-payload.js'
import { coerce, isAbsent, refuseNotation } from './wire/params.js'

const MAX_RECV_WINDOW_MS = 60_000
const DEFAULT_RECV_WINDOW_US = 5_000_000
/** Timestamps at or above this are microseconds (docs/emulator-fidelity.md A6). */
const MICROSECONDS_FROM = 1e14

const REQUIRED_PERMISSION: Partial<Record<MethodSpec['security'], ApiPermission>> = {
  TRADE: 'TRADE',
  USER_DATA: 'USER_DATA',
  USER_STREAM: 'USER_STREAM',
}

/** How a REST request authenticates: the `X-MBX-APIKEY` header and the text its signature covers. */
export interface RestCredentials {
  readonly apiKey: string | undefined
  /** The query string and the body as sent (percent-encoded), concatenated, without the `signature` pair. */
  readonly payload: string
}

/** What authentication reads of a request's row; the `/sapi` endpoints, which have no row, give the same. */
export type AuthSpec = Pick<MethodSpec, 'auth' | 'security'> & { readonly wire: string }

/**
 * The account a request acts for, or undefined for public methods. `raw` are the params as sent
 * (numbers as their literal text): over the WebSocket API the signature covers exactly them; over REST
 * (`rest`) it covers the request's text, and the key comes from the header.
 */
export function authenticate(
  spec: AuthSpec,
  raw: Readonly<Record<string, unknown>>,
  connection: Connection,
  exchange: Exchange,
  clocks: Pick<DispatchEnv, 'clock' | 'wallClock'>,
  now: number,
  rest?: RestCredentials,
): Account | undefined {
  switch (spec.auth) {
    case 'NONE':
      return undefined
    case 'SESSION':
      return permitted(spec, sessionAccount(connection, exchange) ?? fail('UNAUTHORIZED'), connection)
    case 'API_KEY': {
      const apiKey = rest ? restApiKey(rest) : raw['apiKey']
      if (typeof apiKey !== 'string' || apiKey === '') return fail('MANDATORY_PARAM', 'apiKey')
      return permitted(spec, exchange.account(apiKey) ?? fail('REJECTED_MBX_KEY'), connection)
    }
    case 'SIGNED':
      return signed(spec, raw, connection, exchange, clocks, now, rest)
  }
}

/** The REST key header; a request without one is refused -2014 (docs/emulator-fidelity.md R3). */
function restApiKey(rest: RestCredentials): string {
  return rest.apiKey === undefined || rest.apiKey === '' ? fail('BAD_API_KEY_FMT') : rest.apiKey
}

function signed(
  spec: AuthSpec,
  raw: Readonly<Record<string, unknown>>,
  connection: Connection,
  exchange: Exchange,
  clocks: Pick<DispatchEnv, 'clock' | 'wallClock'>,
  now: number,
  rest: RestCredentials | undefined,
): Account {
  const apiKey = rest ? restApiKey(rest) : raw['apiKey']
  const signature = raw['signature']
  const explicit =
    rest !== undefined ||
    !isAbsent(apiKey) ||
    !isAbsent(signature) ||
    !connection.session ||
    SIGNED_IN_SESSION.has(spec.wire)
  if (explicit) {
    if (typeof apiKey !== 'string' || apiKey === '') fail('MANDATORY_PARAM', 'apiKey')
    if (typeof signature !== 'string' || signature === '') fail('MANDATORY_PARAM', 'signature')
  }
  const timestamp = coerce('LONG', raw['timestamp'])
  if (typeof timestamp !== 'number') {
    refuseNotation('LONG', raw['timestamp'] || undefined, 'timestamp')
    return fail('MANDATORY_PARAM', 'timestamp')
  }
  const recvWindowUs = recvWindowMicros(raw['recvWindow'])

  const account = explicit ? exchange.account(String(apiKey)) : sessionAccount(connection, exchange)
  if (!account) return fail('REJECTED_MBX_KEY')
  permitted(spec, account, connection)
  if (spec.wire === 'session.logon' && account.verifier.keyType !== 'ED25519') fail('REJECTED_MBX_KEY')

  const timestampUs = timestamp >= MICROSECONDS_FROM ? timestamp : timestamp * 1000
  const wall = clocks.wallClock
  const timing = wall ? timingAgainstEither(wall) : checkTiming
  timing(timestampUs, recvWindowUs, now)
  const payload = rest ? rest.payload : signaturePayload(raw)
  if (explicit && !account.verifier.verify(payload, String(signature))) {
    // Python's and Go's Binance SDKs sign the WebSocket API payload form-encoded: taken too (fidelity A-choice).
    const encoded = rest ? undefined : formEncodedPayload(raw, payload)
    if (encoded === undefined || !account.verifier.verify(encoded, String(signature)))
      fail('INVALID_SIGNATURE')
  }
  timing(timestampUs, recvWindowUs, clocks.clock())
  return account
}

/** The logged-on key, if any; -2015 if it was deleted or may no longer be used from the connection's address. */
function sessionAccount(connection: Connection, exchange: Exchange): Account | undefined {
  const account = connection.session?.account
  if (account && !keyUsable(exchange, account, connection.ip)) fail('REJECTED_MBX_KEY')
  return account
}

/** Whether `key` is still a key of the exchange (not deleted, nor replaced) that may be used from `ip`. */
export function keyUsable(exchange: Exchange, key: Account, ip: string): boolean {
  return exchange.account(key.apiKey) === key && (!key.ipWhitelist || key.ipWhitelist.has(plainIp(ip)))
}

/**
 * The key's permission for the method's security type, and its IP whitelist (docs/emulator-fidelity.md
 * 3.1.8): else -2015.
 */
function permitted(spec: AuthSpec, account: Account, connection: Connection): Account {
  const needed = REQUIRED_PERMISSION[spec.security]
  if (needed !== undefined && !account.permissions.has(needed)) fail('REJECTED_MBX_KEY')
  if (account.ipWhitelist && !account.ipWhitelist.has(plainIp(connection.ip))) fail('REJECTED_MBX_KEY')
  return account
}

/** An IPv4 peer as dotted quad, also when the socket reports it IPv4-mapped (`::ffff:127.0.0.1`). */
function plainIp(ip: string): string {
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip
}

/** recvWindow in µs: milliseconds with up to three decimals, at most 60000, 5000 when absent. */
function recvWindowMicros(value: unknown): number {
  if (value === undefined || value === null) return DEFAULT_RECV_WINDOW_US
  const text = typeof value === 'string' ? value : ''
  if (!DECIMAL_PATTERN.test(text)) {
    refuseNotation('DECIMAL', text || undefined, 'recvWindow')
    return fail('MANDATORY_PARAM', 'recvWindow')
  }
  if (significantDecimals(text) > 3) fail('BAD_PRECISION', 'recvWindow')
  const us = Number(toUnits(text, 3))
  if (us > MAX_RECV_WINDOW_MS * 1000) fail('PARAM_TOO_LARGE', 'recvWindow', MAX_RECV_WINDOW_MS)
  return us
}

/**
 * A replay's rule: the timing rule met against the data clock (`nowMs`) or the wall clock; else the error of the
 * one nearer to the timestamp.
 */
function timingAgainstEither(wall: () => number): typeof checkTiming {
  return (timestampUs, recvWindowUs, nowMs) => {
    const wallMs = wall()
    const nearer = Math.abs(timestampUs - wallMs * 1000) < Math.abs(timestampUs - nowMs * 1000)
    try {
      checkTiming(timestampUs, recvWindowUs, nearer ? wallMs : nowMs)
    } catch (nearerError) {
      try {
        checkTiming(timestampUs, recvWindowUs, nearer ? nowMs : wallMs)
      } catch {
        throw nearerError
      }
    }
  }
}

/** The spec's timing rule: not 1 s or more ahead, not older than recvWindow. */
function checkTiming(timestampUs: number, recvWindowUs: number, nowMs: number): void {
  const nowUs = Math.round(nowMs * 1000)
  if (timestampUs >= nowUs + 1_000_000) fail('TIMESTAMP_AHEAD')
  if (nowUs - timestampUs > recvWindowUs) fail('TIMESTAMP_OUTSIDE_RECV_WINDOW')
}
