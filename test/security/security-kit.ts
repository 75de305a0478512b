// One emulator per security suite: an HMAC, an Ed25519 and an RSA account with full permissions,
// plus one key per single permission, on an injected clock; raw sockets to talk to it.
import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import { type Emulator, startEmulator } from '../../src/emulator/index.js'
import { RawClient, type Response } from '../../src/emulator/raw-client.test-util.js'
import { createSigner, type Signer, signaturePayload } from '../../src/protocol/signing.js'

export const NOW = 1_700_000_000_000
export const HMAC_SECRET = 'hmac-secret-Zq9'

const pem = (k: KeyObject) => k.export({ type: 'spki', format: 'pem' }).toString()
const ed = generateKeyPairSync('ed25519')
const ed2 = generateKeyPairSync('ed25519')
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })

export interface Key {
  readonly apiKey: string
  readonly signer: Signer
}

export const KEYS = {
  hmac: { apiKey: 'k-hmac', signer: createSigner({ apiSecret: HMAC_SECRET }) },
  ed: { apiKey: 'k-ed', signer: createSigner({ privateKey: ed.privateKey }) },
  ed2: { apiKey: 'k-ed2', signer: createSigner({ privateKey: ed2.privateKey }) },
  rsa: { apiKey: 'k-rsa', signer: createSigner({ privateKey: rsa.privateKey }) },
  tradeOnly: { apiKey: 'k-trade', signer: createSigner({ apiSecret: 's-trade' }) },
  readOnly: { apiKey: 'k-read', signer: createSigner({ apiSecret: 's-read' }) },
  streamOnly: { apiKey: 'k-stream', signer: createSigner({ privateKey: ed2.privateKey }) },
  none: { apiKey: 'k-none', signer: createSigner({ apiSecret: 's-none' }) },
} satisfies Record<string, Key>

export const PRIVATE_PEMS = [ed, ed2, rsa].map((k) =>
  k.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
)

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
  const kit = { now: NOW } as Kit & { now: number }
  const ex = await startEmulator({
    port: 0,
    now: () => kit.now,
    liquidity: false,
    accounts: [
      { apiKey: KEYS.hmac.apiKey, hmacSecret: HMAC_SECRET, balances: BALANCES },
      { apiKey: KEYS.ed.apiKey, publicKey: pem(ed.publicKey), balances: BALANCES },
      { apiKey: KEYS.ed2.apiKey, publicKey: pem(ed2.publicKey), balances: BALANCES },
      { apiKey: KEYS.rsa.apiKey, publicKey: pem(rsa.publicKey), balances: BALANCES },
      { apiKey: KEYS.tradeOnly.apiKey, hmacSecret: 's-trade', balances: BALANCES, permissions: ['TRADE'] },
      { apiKey: KEYS.readOnly.apiKey, hmacSecret: 's-read', balances: BALANCES, permissions: ['USER_DATA'] },
      {
        apiKey: KEYS.streamOnly.apiKey,
        publicKey: pem(ed2.publicKey),
        balances: BALANCES,
        permissions: ['USER_STREAM'],
      },
      { apiKey: KEYS.none.apiKey, hmacSecret: 's-none', balances: BALANCES, permissions: [] },
    ],
  })
  return Object.assign(kit, {
    ex,
    async open(): Promise<Client> {
      const raw = await RawClient.open(ex.url)
      clients.push(raw)
      return {
        raw,
        signed: (method, key, params = {}, timestamp = kit.now) =>
          raw.signed(method, key.signer, key.apiKey, params, timestamp),
        session: (method, params = {}) => raw.request(method, { ...params, timestamp: kit.now }),
        send: (method, params) => raw.request(method, params),
      }
    },
    async close() {
      await Promise.all(clients.map((c) => c.close()))
      await ex.close()
    },
  })
}

/** `params` with apiKey and timestamp added and signed by `key`. */
export function signedParams(key: Key, params: Record<string, unknown>, timestamp: number) {
  const all = { ...params, apiKey: key.apiKey, timestamp }
  return { ...all, signature: key.signer.sign(signaturePayload(all)) }
}

export const LIMIT_BUY = {
  symbol: 'BTCUSDT',
  side: 'BUY',
  type: 'LIMIT',
  timeInForce: 'GTC',
  price: '50000.00',
  quantity: '0.01000',
}

export const INVALID_SIGNATURE = { code: -1022, msg: 'Signature for this request is not valid.' }
export const REJECTED_KEY = { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' }
