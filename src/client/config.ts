// Client configuration: option names follow the official connector where it has one.
import type { TimeUnit } from '../protocol/enums.js'
import { PRODUCTION_WS_API_URL } from '../protocol/envelope.js'
import { InvalidParameterError } from './errors.js'
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
  /** `MICROSECOND`: answers and events carry µs; the client still reads them, and stamps `timestamp`, in epoch ms. */
  timeUnit?: TimeUnit
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

/** `v`, or `dflt` when undefined; throws InvalidParameterError naming the option unless it is a positive number. */
export function positive(name: string, v: number | undefined, dflt: number): number {
  if (v === undefined) return dflt
  if (!Number.isFinite(v) || v <= 0)
    throw new InvalidParameterError(name, `must be a positive number, got ${v}`)
  return v
}

function count(name: string, v: number | undefined, dflt: number): number {
  if (v === undefined) return dflt
  if (!Number.isInteger(v) || v < 1) throw new InvalidParameterError(name, `must be an integer ≥ 1, got ${v}`)
  return v
}

/** Validates the options (errors name the option) and fills in the defaults. Secrets are not kept here. */
export function resolveConfig(c: ClientConfig): ResolvedConfig {
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
  if (c.recvWindow !== undefined && (!(c.recvWindow > 0) || c.recvWindow > 60_000)) {
    throw new InvalidParameterError('recvWindow', `must be in (0, 60000] ms, got ${c.recvWindow}`)
  }
  if (c.timeUnit !== undefined && c.timeUnit !== 'MILLISECOND' && c.timeUnit !== 'MICROSECOND') {
    throw new InvalidParameterError('timeUnit', `must be 'MILLISECOND' or 'MICROSECOND'`)
  }
  return {
    wsURL,
    apiKey: c.apiKey,
    timeout: positive('timeout', c.timeout, 10_000),
    recvWindow: c.recvWindow,
    timeUnit: c.timeUnit,
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
