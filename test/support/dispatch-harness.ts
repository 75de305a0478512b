// The emulator's dispatcher in-process (no sockets), built like startEmulator builds it, with a
// settable clock and connections that record every frame they are sent. Used by the fuzz, security
// and invariant suites to look at the exchange's state around each request.
import { Connection } from '../../src/emulator/api/connection.js'
import { type DispatchEnv, dispatch } from '../../src/emulator/api/dispatch.js'
import { WeightCounter } from '../../src/emulator/api/limits/weight-counter.js'
import { UserStreams } from '../../src/emulator/api/user-streams.js'
import { DEFAULT_SYMBOLS } from '../../src/emulator/exchange/default-symbols.js'
import { Exchange, stateOf } from '../../src/emulator/exchange/exchange.js'
import { REQUEST_WEIGHT_RULE } from '../../src/emulator/exchange/limits/rules.js'
import type { AccountOptions, SymbolOptions } from '../../src/emulator/options.js'
import { type Signer, signaturePayload } from '../../src/protocol/signing.js'
import { T0 } from './exchange.js'
import { ED25519, HMAC_SECRET, keyOf, rsaKeys } from './keys.js'

/** A parsed frame the server sent. */
export type Frame = Record<string, unknown>

/** A connection whose frames are kept, in order. */
export class RecordingConnection extends Connection {
  readonly frames: Frame[] = []
  constructor(ip: string, now: number) {
    const frames: Frame[] = []
    super(ip, now, true, (text) => frames.push(JSON.parse(text) as Frame))
    this.frames = frames
  }
  /** Frames received since `from`. */
  since(from: number): Frame[] {
    return this.frames.slice(from)
  }
}

interface HarnessAccount {
  readonly apiKey: string
  readonly signer: Signer
  readonly kind: 'HMAC' | 'ED25519' | 'RSA'
}

export interface Harness {
  readonly env: DispatchEnv
  readonly exchange: Exchange
  readonly accounts: readonly HarnessAccount[]
  now: number
  connect(ip?: string): RecordingConnection
  /** Sends `text` and returns the frames it caused (response first). */
  send(connection: RecordingConnection, text: string): Frame[]
  /** Sends a request, signed with account `who` unless `who` is undefined; returns its frames. */
  request(
    connection: RecordingConnection,
    method: string,
    params: Record<string, unknown>,
    who?: HarnessAccount,
  ): Frame[]
}

export interface HarnessOptions {
  readonly liquidity?: boolean
  readonly symbols?: readonly SymbolOptions[]
  readonly balances?: Record<string, string>
  /** Extra accounts (their signers are not known to the harness). */
  readonly extraAccounts?: readonly AccountOptions[]
}

/** Three accounts, one per key type: HMAC (`hmac`), Ed25519 (`ed`), RSA (`rsa`). */
export function harness(options: HarnessOptions = {}): Harness {
  const balances = options.balances ?? { USDT: '1000000', BTC: '20', ETH: '200', BNB: '2000' }
  const accounts: HarnessAccount[] = [
    { ...keyOf('hmac'), kind: 'HMAC' },
    { ...keyOf('ed', ED25519.privateKey), kind: 'ED25519' },
    { ...keyOf('rsa', rsaKeys().privateKey), kind: 'RSA' },
  ]
  const accountOptions: AccountOptions[] = [
    { apiKey: 'hmac', hmacSecret: HMAC_SECRET, balances: { ...balances } },
    { apiKey: 'ed', publicKey: ED25519.publicKeyPem, balances: { ...balances } },
    { apiKey: 'rsa', publicKey: rsaKeys().publicKeyPem, balances: { ...balances } },
    ...(options.extraAccounts ?? []),
  ]
  const h = {
    now: T0,
  } as Harness & { now: number }
  const clock = () => h.now
  const exchange = new Exchange({
    symbols: options.symbols ?? DEFAULT_SYMBOLS,
    accounts: accountOptions,
    liquidity: options.liquidity === false ? undefined : { levels: 10, spacingBps: 5 },
    seed: 7,
    commission: undefined,
    startTime: T0,
  })
  const env: DispatchEnv = {
    exchange,
    weights: new WeightCounter(REQUEST_WEIGHT_RULE),
    streams: new UserStreams(exchange),
    clock,
  }
  let nextId = 1
  const send = (connection: RecordingConnection, text: string): Frame[] => {
    const from = connection.frames.length
    dispatch(env, connection, text)
    return connection.since(from)
  }
  return Object.assign(h, {
    env,
    exchange,
    accounts,
    connect: (ip = '127.0.0.1') => new RecordingConnection(ip, h.now),
    send,
    request: (
      connection: RecordingConnection,
      method: string,
      params: Record<string, unknown>,
      who?: HarnessAccount,
    ) => {
      let p = params
      if (who) {
        p = { ...params, apiKey: who.apiKey, timestamp: h.now }
        p = { ...p, signature: who.signer.sign(signaturePayload(p)) }
      }
      return send(connection, JSON.stringify({ id: `q${nextId++}`, method, params: p }))
    },
  })
}

/** Everything a request could change, as comparable text: balances, fees, orders, trades, sessions. */
export function stateDigest(exchange: Exchange, connections: readonly Connection[] = []): string {
  const ledger = stateOf(exchange).engine.ledger
  const parts: unknown[] = []
  for (const id of [0, ...exchange.accounts.map((a) => a.id)]) {
    parts.push([id, [...ledger.holdings(id)].map(([a, h]) => [a, String(h.free), String(h.locked)])])
  }
  parts.push([...ledger.fees].map(([a, v]) => [a, String(v)]))
  for (const symbol of exchange.symbols.keys()) {
    const book = exchange.book(symbol)
    const orders: unknown[] = []
    for (let id = 1; id <= book.lastOrderId; id++) {
      const o = book.order(id)
      if (o) orders.push([o.id, o.status, o.executedQty, o.clientOrderId, String(o.locked), o.onBook])
    }
    parts.push([symbol, book.lastTradeId, orders])
    for (const a of exchange.accounts) parts.push(exchange.trades(a.id, symbol).length)
  }
  for (const c of connections) {
    parts.push([c.session?.account.apiKey ?? null, [...c.subscriptions.keys()]])
  }
  return JSON.stringify(parts)
}
