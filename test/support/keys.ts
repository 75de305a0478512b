// The key material of every test account (made fresh per test file, never a real exchange's) and raw signing.
import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import { createSigner, type Signer, signaturePayload } from '../../src/protocol/signing.js'

export interface KeyPair {
  readonly privateKey: KeyObject
  readonly publicKey: KeyObject
  readonly privateKeyPem: string
  readonly publicKeyPem: string
}

function pemPair({ privateKey, publicKey }: { privateKey: KeyObject; publicKey: KeyObject }): KeyPair {
  return {
    privateKey,
    publicKey,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  }
}

/** The Ed25519 key of every Ed25519 test account. */
export const ED25519: KeyPair = pemPair(generateKeyPairSync('ed25519'))

/** A second Ed25519 key: what it signs does not verify under `ED25519`. */
export const OTHER_ED25519: KeyPair = pemPair(generateKeyPairSync('ed25519'))

let rsa: KeyPair | undefined
/** The RSA 2048 key of every RSA test account, made at first use (it takes a while). */
export function rsaKeys(): KeyPair {
  rsa ??= pemPair(generateKeyPairSync('rsa', { modulusLength: 2048 }))
  return rsa
}

/** The HMAC secret of every HMAC test account that does not name its own. */
export const HMAC_SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j'

/** An API key and what signs for it, for requests written by hand. */
export interface Key {
  readonly apiKey: string
  readonly signer: Signer
}

/** `params` with apiKey and timestamp added and signed by `key`, as a client sends them. */
export function signedParams(key: Key, params: Record<string, unknown>, timestamp: number) {
  const all = { ...params, apiKey: key.apiKey, timestamp }
  return { ...all, signature: key.signer.sign(signaturePayload(all)) }
}

/** A Key for `apiKey` signing with the HMAC secret (default `HMAC_SECRET`) or a private key. */
export function keyOf(apiKey: string, secret: string | KeyObject = HMAC_SECRET): Key {
  return {
    apiKey,
    signer: createSigner(typeof secret === 'string' ? { apiSecret: secret } : { privateKey: secret }),
  }
}
