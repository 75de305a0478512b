// The emulator that the REST clients (ccxt, binance-api-node) are pointed at: 127.0.0.1, port 0, one account per key
// kind, the loopback guard installed first. Our own client, signing as the same account, reads what the emulator
// holds. Fills are predictable without a frozen clock (these clients stamp requests with the machine's, which a frozen
// emulator clock would refuse): the synthetic liquidity is a fixed ladder that re-posts each level once it is filled.
import type { WebsocketAPIConnection } from '../../src/client/index.js'
import type { Emulator } from '../../src/emulator/index.js'
import { perFile, startExchange } from '../support/exchange.js'
import { ED25519, HMAC_SECRET, rsaKeys } from '../support/keys.js'
import type { KeyKind } from './adapter.js'
import { installLoopbackGuard, removeLoopbackGuard } from './loopback-guard.js'
import { KEY_KINDS } from './target.js'

/** What each account starts with. */
export const START_BALANCES = { USDT: '100000', BTC: '2' }

export interface RestAccount {
  readonly kind: KeyKind
  readonly apiKey: string
  /** The HMAC secret, or the private key's PEM (RSA or Ed25519): what these clients take as their secret. */
  readonly secret: string
  /** Our client as this account. */
  readonly ours: WebsocketAPIConnection
}

export interface RestTarget {
  readonly ex: Emulator
  /** `http://127.0.0.1:<port>`; the REST API is under `/api/v3`. */
  readonly http: string
  /** `ws://127.0.0.1:<port>`; market streams are under `/ws` and `/stream`. */
  readonly streams: string
  /** The WebSocket API, `ws://127.0.0.1:<port>/ws-api/v3`. */
  readonly wsApi: string
  account(kind: KeyKind): RestAccount
  close(): Promise<void>
}

const KEY = { HMAC: 'hmac', RSA: 'rsa', ED25519: 'ed25519' } as const

async function start(): Promise<RestTarget> {
  installLoopbackGuard()
  const apiKey = (kind: KeyKind) => `rest-${KEY[kind]}`
  const kit = await startExchange({
    liquidity: true,
    accounts: KEY_KINDS.map((kind) => ({ apiKey: apiKey(kind), key: KEY[kind], balances: START_BALANCES })),
  })
  const secrets = { HMAC: HMAC_SECRET, RSA: rsaKeys().privateKeyPem, ED25519: ED25519.privateKeyPem }
  const accounts = new Map<KeyKind, RestAccount>()
  for (const kind of KEY_KINDS) {
    const ours = await kit.connect(apiKey(kind))
    accounts.set(kind, { kind, apiKey: apiKey(kind), secret: secrets[kind], ours })
  }
  const origin = `${kit.ex.host}:${kit.ex.port}`
  return {
    ex: kit.ex,
    http: `http://${origin}`,
    streams: kit.ex.streams.url,
    wsApi: kit.ex.url,
    account: (kind) => {
      const account = accounts.get(kind)
      if (!account) throw new Error(`no ${kind} account`)
      return account
    },
    close: async () => {
      await kit.close()
      removeLoopbackGuard()
    },
  }
}

/** The emulator of this file: started before its tests, closed after them. */
export const restTarget = (): RestTarget => perFile(start)
