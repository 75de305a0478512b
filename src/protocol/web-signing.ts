// Request signing with WebCrypto (`crypto.subtle`), as the client's web entry does it (browsers, Deno, Bun, Workers):
// the same three key kinds and encodings as signing.ts; WebCrypto is asynchronous, so `sign` returns a promise.
import { pkcs8FromPem } from './pkcs8.js'
import type { KeyType } from './signature-payload.js'

/** A WebCrypto key, structurally: the DOM's `CryptoKey` (no runtime's type declarations are needed). */
export interface WebCryptoKey {
  readonly type: string
  readonly algorithm: { readonly name: string; readonly hash?: { readonly name: string } }
}

/** PEM text (string or its bytes), or a private CryptoKey (Ed25519, or RSASSA-PKCS1-v1_5 with SHA-256). */
export type WebPrivateKey = string | Uint8Array | WebCryptoKey

/** Signs payloads with one key, imported once; `sign` resolves to the signature. */
export interface WebSigner {
  readonly keyType: KeyType
  sign(payload: string): Promise<string>
}

type Subtle = typeof crypto.subtle
type Algorithm = Parameters<Subtle['sign']>[0]
type SubtleKey = Awaited<ReturnType<Subtle['importKey']>>

const utf8 = new TextEncoder()
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

const hex = (bytes: ArrayBuffer) => Array.from(new Uint8Array(bytes), (b) => HEX[b]).join('')
const base64 = (bytes: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(bytes)))

const ALGORITHMS: Record<Exclude<KeyType, 'HMAC'>, Algorithm & Parameters<Subtle['importKey']>[2]> = {
  ED25519: { name: 'Ed25519' },
  RSA: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
}

export const isWebCryptoKey = (k: unknown): k is WebCryptoKey =>
  typeof k === 'object' && k !== null && 'algorithm' in k && 'type' in k

/** The key kind of a CryptoKey; throws TypeError for anything the API cannot verify. */
function cryptoKeyType(key: WebCryptoKey): Exclude<KeyType, 'HMAC'> {
  if (key.type !== 'private') throw new TypeError(`privateKey: a ${key.type} CryptoKey cannot sign`)
  const { name, hash } = key.algorithm
  if (name === 'Ed25519') return 'ED25519'
  if (name === 'RSASSA-PKCS1-v1_5' && hash?.name === 'SHA-256') return 'RSA'
  throw new TypeError(`privateKey: a ${name} CryptoKey is not Ed25519 or RSASSA-PKCS1-v1_5 with SHA-256`)
}

/**
 * Builds a signer from an HMAC secret or a private key (Ed25519 or RSA, detected). Throws TypeError at once for a
 * key it cannot read; a key the runtime's WebCrypto refuses (e.g. no Ed25519) fails each `sign` instead.
 */
export function createWebSigner(
  key: { apiSecret: string } | { privateKey: WebPrivateKey },
  subtle: Subtle | undefined = globalThis.crypto?.subtle,
): WebSigner {
  if (!subtle) {
    throw new TypeError(
      'WebCrypto (crypto.subtle) is unavailable: a browser offers it only in secure contexts (https:// or localhost)',
    )
  }
  let keyType: KeyType
  let imported: Promise<SubtleKey>
  let algorithm: Algorithm
  let encode: (signature: ArrayBuffer) => string
  if ('apiSecret' in key) {
    keyType = 'HMAC'
    algorithm = { name: 'HMAC' }
    encode = hex
    const secret = utf8.encode(key.apiSecret)
    imported = subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  } else {
    const k = key.privateKey
    let type: Exclude<KeyType, 'HMAC'>
    if (isWebCryptoKey(k)) {
      type = cryptoKeyType(k)
      imported = Promise.resolve(k as unknown as SubtleKey)
    } else {
      const pkcs8 = pkcs8FromPem(typeof k === 'string' ? k : new TextDecoder().decode(k))
      type = pkcs8.keyType
      imported = subtle.importKey('pkcs8', pkcs8.der, ALGORITHMS[type], false, ['sign'])
    }
    keyType = type
    algorithm = ALGORITHMS[type]
    encode = base64
  }
  const kind = keyType
  const ready = imported.catch((err: Error) => {
    throw new TypeError(`privateKey: this runtime's WebCrypto cannot import the ${kind} key (${err.name})`)
  })
  // Reported by `sign`; without this a key never used would be an unhandled rejection.
  ready.catch(() => {})
  return {
    keyType,
    sign: (payload) => ready.then((k) => subtle.sign(algorithm, k, utf8.encode(payload))).then(encode),
  }
}
