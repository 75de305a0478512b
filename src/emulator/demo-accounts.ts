// Demo accounts for an emulator started without accounts: one HMAC and one Ed25519 key, derived
// from the seed so the same seed prints the same keys.
import { createHash, createPrivateKey, createPublicKey } from 'node:crypto'
import type { AccountOptions, DemoAccount } from './options.js'

/** PKCS#8 DER header of an Ed25519 private key; the 32-byte seed follows it. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

const DEMO_BALANCES = { USDT: '100000', BTC: '2', ETH: '20', BNB: '50' }

function digest(seed: number, label: string, algorithm: 'sha256' | 'sha512'): Buffer {
  return createHash(algorithm).update(`binance-spot-ws/emulator/${seed}/${label}`).digest()
}

/** 64 base62 characters, the shape of a Binance API key. */
function derivedKey(seed: number, label: string): string {
  let out = ''
  for (const byte of digest(seed, label, 'sha512')) out += BASE62[byte % 62]
  return out
}

export function demoAccounts(seed: number): { accounts: AccountOptions[]; demo: DemoAccount[] } {
  const hmac = {
    apiKey: derivedKey(seed, 'hmac-api-key'),
    apiSecret: derivedKey(seed, 'hmac-secret'),
  }
  const privateKey = createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, digest(seed, 'ed25519-seed', 'sha256')]),
    format: 'der',
    type: 'pkcs8',
  })
  const ed25519 = {
    apiKey: derivedKey(seed, 'ed25519-api-key'),
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKeyPem: createPublicKey(privateKey).export({ format: 'pem', type: 'spki' }).toString(),
  }
  return {
    accounts: [
      { apiKey: hmac.apiKey, hmacSecret: hmac.apiSecret, balances: { ...DEMO_BALANCES } },
      { apiKey: ed25519.apiKey, publicKey: ed25519.publicKeyPem, balances: { ...DEMO_BALANCES } },
    ],
    demo: [
      { kind: 'HMAC', ...hmac, balances: { ...DEMO_BALANCES } },
      { kind: 'ED25519', ...ed25519, balances: { ...DEMO_BALANCES } },
    ],
  }
}
