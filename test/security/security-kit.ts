// One emulator per security suite: an HMAC, an Ed25519 and an RSA account with full permissions,
// plus one key per single permission, on a clock the tests move; raw sockets to talk to it.
import type { Emulator } from '../../src/emulator/index.js'
import { RawClient, type Response } from '../../src/emulator/raw-client.test-util.js'
import { startExchange, T0, type TestExchange } from '../support/exchange.js'
import { ED25519, type Key, keyOf, OTHER_ED25519, rsaKeys } from '../support/keys.js'
import { limit } from '../support/order-params.js'

const NOW = T0

export const KEYS = {
  hmac: keyOf('k-hmac'),
  ed: keyOf('k-ed', ED25519.privateKey),
  ed2: keyOf('k-ed2', OTHER_ED25519.privateKey),
  rsa: keyOf('k-rsa', rsaKeys().privateKey),
  tradeOnly: keyOf('k-trade', 's-trade'),
  readOnly: keyOf('k-read', 's-read'),
  streamOnly: keyOf('k-stream', OTHER_ED25519.privateKey),
  none: keyOf('k-none', 's-none'),
} satisfies Record<string, Key>

export const PRIVATE_PEMS = [ED25519, OTHER_ED25519, rsaKeys()].map((k) => k.privateKeyPem)

const BALANCES = { USDT: '100000', BTC: '10' }

export interface Kit {
  readonly ex: Emulator
  /** Moves the emulator's clock. */
  now: number
  open(): Promise<Client>
  close(): Promise<void>
}

/** A raw client with helpers that sign with one of the KEYS at the kit's clock. */
export interface Client {
  readonly raw: RawClient
  signed(method: string, key: Key, params?: Record<string, unknown>, timestamp?: number): Promise<Response>
  /** Sends `params` (plus timestamp) with no apiKey and no signature: the session's key acts. */
  session(method: string, params?: Record<string, unknown>): Promise<Response>
  /** Sends params exactly as given, signature included. */
  send(method: string, params: Record<string, unknown>): Promise<Response>
}

export async function securityKit(): Promise<Kit> {
  const clients: RawClient[] = []
  const exchange = await startExchange({
    clock: NOW,
    accounts: [
      { apiKey: KEYS.hmac.apiKey, key: 'hmac', balances: BALANCES },
      { apiKey: KEYS.ed.apiKey, balances: BALANCES },
      { apiKey: KEYS.ed2.apiKey, key: 'other-ed25519', balances: BALANCES },
      { apiKey: KEYS.rsa.apiKey, key: 'rsa', balances: BALANCES },
      {
        apiKey: KEYS.tradeOnly.apiKey,
        key: 'hmac',
        secret: 's-trade',
        balances: BALANCES,
        permissions: ['TRADE'],
      },
      {
        apiKey: KEYS.readOnly.apiKey,
        key: 'hmac',
        secret: 's-read',
        balances: BALANCES,
        permissions: ['USER_DATA'],
      },
      {
        apiKey: KEYS.streamOnly.apiKey,
        key: 'other-ed25519',
        balances: BALANCES,
        permissions: ['USER_STREAM'],
      },
      { apiKey: KEYS.none.apiKey, key: 'hmac', secret: 's-none', balances: BALANCES, permissions: [] },
    ],
  })
  const kit = exchange as TestExchange & Kit
  const closeExchange = exchange.close
  return Object.assign(kit, {
    async open(): Promise<Client> {
      const raw = await RawClient.open(exchange.ex.url)
      clients.push(raw)
      return {
        raw,
        signed: (method: string, key: Key, params: Record<string, unknown> = {}, timestamp = kit.now) =>
          raw.signed(method, key.signer, key.apiKey, params, timestamp),
        session: (method: string, params: Record<string, unknown> = {}) =>
          raw.request(method, { ...params, timestamp: kit.now }),
        send: (method: string, params: Record<string, unknown>) => raw.request(method, params),
      }
    },
    close: async () => {
      await Promise.all(clients.map((c) => c.close()))
      await closeExchange()
    },
  })
}

export const LIMIT_BUY = limit('BTCUSDT', 'BUY', '50000.00', '0.01000')

export const INVALID_SIGNATURE = { code: -1022, msg: 'Signature for this request is not valid.' }
export const REJECTED_KEY = { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' }
