// Where the conformance suite runs: a fresh emulator on 127.0.0.1:0 (always in CI), or Spot Testnet when asked.
import { readFileSync } from 'node:fs'
import { startExchange } from '../support/exchange.js'
import { ED25519, HMAC_SECRET, rsaKeys } from '../support/keys.js'
import type { Credentials, KeyKind, Target } from './adapter.js'
import { installLoopbackGuard } from './loopback-guard.js'

const env = process.env

/**
 * Testnet only when the user sets `BINANCE_TESTNET_URL` and `CI` is unset. Keys, per kind:
 * `BINANCE_TESTNET_HMAC_API_KEY` + `BINANCE_TESTNET_HMAC_API_SECRET`,
 * `BINANCE_TESTNET_RSA_API_KEY` + `BINANCE_TESTNET_RSA_PRIVATE_KEY_PATH`,
 * `BINANCE_TESTNET_ED25519_API_KEY` + `BINANCE_TESTNET_ED25519_PRIVATE_KEY_PATH`; symbol: `BINANCE_TESTNET_SYMBOL`.
 */
export const useTestnet = Boolean(env['BINANCE_TESTNET_URL']) && !env['CI']

export const KEY_KINDS: readonly KeyKind[] = ['HMAC', 'RSA', 'ED25519']

export interface Environment {
  readonly target: Target
  /** Undefined when no key of this kind is configured (testnet only). */
  credentials(kind: KeyKind): Credentials | undefined
  close(): Promise<void>
}

function testnetCredentials(kind: KeyKind): Credentials | undefined {
  const apiKey = env[`BINANCE_TESTNET_${kind}_API_KEY`]
  if (!apiKey) return undefined
  if (kind === 'HMAC') {
    const apiSecret = env['BINANCE_TESTNET_HMAC_API_SECRET']
    return apiSecret ? { kind, apiKey, apiSecret } : undefined
  }
  const path = env[`BINANCE_TESTNET_${kind}_PRIVATE_KEY_PATH`]
  return path ? { kind, apiKey, privateKeyPem: readFileSync(path, 'utf8') } : undefined
}

/** An emulator with one account per key kind, its keys generated here; a loopback guard is installed first. */
async function emulatorEnvironment(): Promise<Environment> {
  installLoopbackGuard()
  const balances = { USDT: '100000', BTC: '2' }
  const creds: Record<KeyKind, Credentials> = {
    HMAC: { kind: 'HMAC', apiKey: 'conformance-hmac', apiSecret: HMAC_SECRET },
    RSA: { kind: 'RSA', apiKey: 'conformance-rsa', privateKeyPem: rsaKeys().privateKeyPem },
    ED25519: { kind: 'ED25519', apiKey: 'conformance-ed25519', privateKeyPem: ED25519.privateKeyPem },
  }
  const kit = await startExchange({
    liquidity: true,
    accounts: [
      { apiKey: creds.HMAC.apiKey, key: 'hmac', balances },
      { apiKey: creds.RSA.apiKey, key: 'rsa', balances },
      { apiKey: creds.ED25519.apiKey, balances },
    ],
  })
  return {
    target: { url: kit.ex.url, emulator: true, symbol: 'BTCUSDT' },
    credentials: (kind) => creds[kind],
    close: () => kit.close(),
  }
}

export async function openEnvironment(): Promise<Environment> {
  if (!useTestnet) return emulatorEnvironment()
  return {
    target: {
      url: env['BINANCE_TESTNET_URL'] ?? '',
      emulator: false,
      symbol: env['BINANCE_TESTNET_SYMBOL'] ?? 'BTCUSDT',
    },
    credentials: testnetCredentials,
    close: async () => {},
  }
}
