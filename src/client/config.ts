// Client configuration: option names follow the official connector where it has one.
import { TIME_UNIT, type TimeUnit } from '../protocol/enums.js'
import { PRODUCTION_WS_API_URL } from '../protocol/envelope.js'
import { InvalidParameterError } from './errors.js'
import { checkOptionNames, type OptionNames } from './option-names.js'
import { recvWindowProblem } from './param-check.js'
import type { PrivateKeyInput } from './platform.js'
import { realTimers, type Timers } from './timers.js'

export interface ClientConfig {
  /** Endpoint; default Binance production. Point it at the emulator: `ws://127.0.0.1:<port>/ws-api/v3`. */
  wsURL?: string
  apiKey?: string
  /** HMAC secret. Give this or `privateKey`. */
  apiSecret?: string
  /**
   * Ed25519 or RSA private key, its type detected: PEM text (string or bytes; PKCS#8, or PKCS#1 for RSA), a Node
   * `KeyObject` or a WebCrypto `CryptoKey`. An encrypted PEM (with `privateKeyPassphrase`) works on Node only: WebCrypto
   * imports no encrypted key.
   */
  privateKey?: PrivateKeyInput
  privateKeyPassphrase?: string
  /** Per-request deadline in ms (default 10 000, Binance's own backend timeout). */
  timeout?: number
  /** Sent with signed requests when set; the server default is 5000 ms. */
  recvWindow?: number
  /**
   * `MICROSECOND`: answers and events carry µs; the client still reads them, and stamps `timestamp`, in epoch ms.
   * Either case, as the URL parameter takes it.
   */
  timeUnit?: TimeUnit | Lowercase<TimeUnit>
  /**
   * `false` connects with `?returnRateLimits=false`: answers carry no `rateLimits` unless a call passes
   * `returnRateLimits: true` (default true). The local rate-limit view then learns no counts from the server.
   */
  returnRateLimits?: boolean
  /** Delay before a reconnect attempt in ms (default 5000). */
  reconnectDelay?: number
  mode?: 'single' | 'pool'
  poolSize?: number
  /** Log on (Ed25519 keys only) at every (re)connect; signed requests then carry no per-request signature. */
  autoSessionLogon?: boolean
  /** Re-log on after a reconnect when the session was logged on (default true). */
  autoSessionReLogon?: boolean
  /**
   * Give every order, list, cancel and amend its client id (`newClientOrderId`, `listClientOrderId`,
   * `cancelNewClientOrderId`) when the caller did not (default true), so its outcome can be reconciled.
   */
  autoClientOrderId?: boolean
  /** Upper bound of the reconnect backoff in ms (default 30 000). */
  maxReconnectDelay?: number
  /** Replace each socket make-before-break at this age in ms (default 23 h; Binance closes at 24 h). */
  renewAfter?: number
  /** Ping the server after this many ms of silence (default 30 000). */
  pingInterval?: number
  /** A ping unanswered for this many ms means the socket is dead (default 10 000). */
  pongTimeout?: number
  /** Wait for rate-limit capacity (up to the request's timeout) instead of rejecting (default false). */
  rateLimitWait?: boolean
  /**
   * A request made while its connection reconnects (or renews after the old socket closed) waits for the new socket,
   * up to its timeout, then is sent (default true). False: it fails at once with ConnectionClosedError (`sent: false`).
   */
  reconnectWait?: boolean
  /**
   * Measure the server clock offset at (re)connect and stamp timestamps with it (default true). `false` stamps with
   * the local clock until a -1021, which resyncs and retries once whatever this says.
   */
  syncClock?: boolean
  /** `time` requests sent together per clock sync; the one with the smallest round trip is kept (default 3). */
  clockSamples?: number
  /** A clock sample whose round trip exceeds this many ms is never applied (default 1000). */
  maxClockRoundTrip?: number
  /** Clock and timers; injectable so tests can run 24 h in a moment. */
  timers?: Timers
}

export interface ResolvedConfig {
  wsURL: string
  apiKey: string | undefined
  timeout: number
  recvWindow: number | undefined
  timeUnit: TimeUnit | undefined
  returnRateLimits: boolean
  reconnectDelay: number
  mode: 'single' | 'pool'
  poolSize: number
  autoSessionLogon: boolean
  autoSessionReLogon: boolean
  autoClientOrderId: boolean
  maxReconnectDelay: number
  renewAfter: number
  pingInterval: number
  pongTimeout: number
  rateLimitWait: boolean
  reconnectWait: boolean
  syncClock: boolean
  clockSamples: number
  maxClockRoundTrip: number
  timers: Timers
}

const CONFIG_OPTIONS: OptionNames<ClientConfig> = {
  wsURL: true,
  apiKey: true,
  apiSecret: true,
  privateKey: true,
  privateKeyPassphrase: true,
  timeout: true,
  recvWindow: true,
  timeUnit: true,
  returnRateLimits: true,
  reconnectDelay: true,
  mode: true,
  poolSize: true,
  autoSessionLogon: true,
  autoSessionReLogon: true,
  autoClientOrderId: true,
  maxReconnectDelay: true,
  renewAfter: true,
  pingInterval: true,
  pongTimeout: true,
  rateLimitWait: true,
  reconnectWait: true,
  syncClock: true,
  clockSamples: true,
  maxClockRoundTrip: true,
  timers: true,
}

/** `v`, or `dflt` when undefined; throws InvalidParameterError naming the option unless it is a positive number. */
export function positive(name: string, v: number | undefined, dflt: number): number {
  if (v === undefined) return dflt
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
    throw new InvalidParameterError(
      name,
      `must be a positive number, got ${typeof v === 'string' ? `the string '${v}'` : v}`,
    )
  return v
}

/** The time unit in the spec's upper case; the URL parameter takes either case (web-socket-api.md, General API Information). */
export function timeUnit(v: string | undefined): TimeUnit | undefined {
  if (v === undefined) return undefined
  const unit = typeof v === 'string' ? v.toUpperCase() : v
  if (!(TIME_UNIT as readonly unknown[]).includes(unit))
    throw new InvalidParameterError(
      'timeUnit',
      `must be 'MILLISECOND' or 'MICROSECOND' (either case), got ${String(v)}`,
    )
  return unit as TimeUnit
}

function count(name: string, v: number | undefined, dflt: number): number {
  if (v === undefined) return dflt
  if (!Number.isInteger(v) || v < 1) throw new InvalidParameterError(name, `must be an integer ≥ 1, got ${v}`)
  return v
}

/** Validates the options (errors name the option) and fills in the defaults. Secrets are not kept here. */
export function resolveConfig(c: ClientConfig): ResolvedConfig {
  checkOptionNames(c, CONFIG_OPTIONS, 'config')
  const wsURL = c.wsURL ?? PRODUCTION_WS_API_URL
  if (!/^wss?:\/\//.test(wsURL))
    throw new InvalidParameterError('wsURL', `must start with ws:// or wss://, got '${wsURL}'`)
  if (c.apiSecret !== undefined && c.privateKey !== undefined) {
    throw new InvalidParameterError('privateKey', 'give either apiSecret (HMAC) or privateKey, not both')
  }
  if ((c.apiSecret !== undefined || c.privateKey !== undefined) && !c.apiKey) {
    throw new InvalidParameterError('apiKey', 'is required with apiSecret or privateKey')
  }
  const mode = c.mode ?? 'single'
  if (mode !== 'single' && mode !== 'pool')
    throw new InvalidParameterError('mode', `must be 'single' or 'pool'`)
  if (c.recvWindow !== undefined) {
    // As a call's `recvWindow` is checked, but a number: (0, 60000] ms, up to 3 decimals.
    const problem =
      typeof c.recvWindow === 'number'
        ? recvWindowProblem(c.recvWindow)
        : `must be a number of ms, got ${typeof c.recvWindow}`
    if (problem) throw new InvalidParameterError('recvWindow', problem)
  }
  if (c.returnRateLimits !== undefined && typeof c.returnRateLimits !== 'boolean')
    throw new InvalidParameterError(
      'returnRateLimits',
      `must be true or false, got ${String(c.returnRateLimits)}`,
    )
  return {
    wsURL,
    apiKey: c.apiKey,
    timeout: positive('timeout', c.timeout, 10_000),
    recvWindow: c.recvWindow,
    timeUnit: timeUnit(c.timeUnit),
    returnRateLimits: c.returnRateLimits ?? true,
    reconnectDelay: positive('reconnectDelay', c.reconnectDelay, 5000),
    mode,
    poolSize: mode === 'pool' ? Math.floor(positive('poolSize', c.poolSize, 2)) : 1,
    autoSessionLogon: c.autoSessionLogon ?? false,
    autoSessionReLogon: c.autoSessionReLogon ?? true,
    autoClientOrderId: c.autoClientOrderId ?? true,
    maxReconnectDelay: positive('maxReconnectDelay', c.maxReconnectDelay, 30_000),
    renewAfter: positive('renewAfter', c.renewAfter, 23 * 3_600_000),
    pingInterval: positive('pingInterval', c.pingInterval, 30_000),
    pongTimeout: positive('pongTimeout', c.pongTimeout, 10_000),
    rateLimitWait: c.rateLimitWait ?? false,
    reconnectWait: c.reconnectWait ?? true,
    syncClock: c.syncClock ?? true,
    clockSamples: count('clockSamples', c.clockSamples, 3),
    maxClockRoundTrip: positive('maxClockRoundTrip', c.maxClockRoundTrip, 1000),
    timers: c.timers ?? realTimers,
  }
}
