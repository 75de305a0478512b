// Where the conformance suite runs: a fresh emulator on 127.0.0.1:0 (always in CI), or Spot Testnet when asked.
import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { type Emulator, startEmulator } from '../../src/emulator/index.js'
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

const pem = (key: KeyObject, type: 'pkcs8' | 'spki') => key.export({ type, format: 'pem' }).toString()

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
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const ed = generateKeyPairSync('ed25519')
  const balances = { USDT: '100000', BTC: '2' }
  const creds: Record<KeyKind, Credentials> = {
    HMAC: { kind: 'HMAC', apiKey: 'conformance-hmac', apiSecret: 'conformance-hmac-secret' },
    RSA: { kind: 'RSA', apiKey: 'conformance-rsa', privateKeyPem: pem(rsa.privateKey, 'pkcs8') },
    ED25519: { kind: 'ED25519', apiKey: 'conformance-ed25519', privateKeyPem: pem(ed.privateKey, 'pkcs8') },
  }
  const ex: Emulator = await startEmulator({
    port: 0,
    accounts: [
      { apiKey: creds.HMAC.apiKey, hmacSecret: 'conformance-hmac-secret', balances },
      { apiKey: creds.RSA.apiKey, publicKey: pem(rsa.publicKey, 'spki'), balances },
      { apiKey: creds.ED25519.apiKey, publicKey: pem(ed.publicKey, 'spki'), balances },
    ],
  })
  return {
    target: { url: ex.url, emulator: true, symbol: 'BTCUSDT' },
    credentials: (kind) => creds[kind],
    close: () => ex.close(),
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
