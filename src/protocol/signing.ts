// Request signing and verification with node:crypto: HMAC-SHA256 (hex), RSA PKCS#1 v1.5 SHA-256 and Ed25519
// (base64), synchronous. Where node:crypto is absent the client signs with WebCrypto (web-signing.ts).
import {
  createHmac,
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  KeyObject,
  sign,
  timingSafeEqual,
  verify,
} from 'node:crypto'
import type { KeyType, Signer } from './signature-payload.js'

export { type KeyType, type Signer, signaturePayload } from './signature-payload.js'

export type PrivateKeyInput = string | Buffer | KeyObject

/** Builds a signer from an HMAC secret, or from a PEM/KeyObject private key (RSA or Ed25519, detected). */
export function createSigner(
  key: { apiSecret: string } | { privateKey: PrivateKeyInput; passphrase?: string },
): Signer {
  if ('apiSecret' in key) {
    // A KeyObject, not a Buffer: createHmac then skips preparing the key bytes on every request.
    const secret = createSecretKey(Buffer.from(key.apiSecret, 'utf8'))
    return {
      keyType: 'HMAC',
      sign: (payload) => createHmac('sha256', secret).update(payload, 'utf8').digest('hex'),
    }
  }
  const keyObject =
    key.privateKey instanceof KeyObject
      ? key.privateKey
      : createPrivateKey(
          key.passphrase === undefined
            ? unindented(key.privateKey)
            : { key: unindented(key.privateKey), passphrase: key.passphrase },
        )
  const kind = keyObject.asymmetricKeyType
  if (kind === 'ed25519') {
    return {
      keyType: 'ED25519',
      sign: (payload) => sign(null, Buffer.from(payload, 'utf8'), keyObject).toString('base64'),
    }
  }
  if (kind === 'rsa') {
    return {
      keyType: 'RSA',
      sign: (payload) => sign('sha256', Buffer.from(payload, 'utf8'), keyObject).toString('base64'),
    }
  }
  throw new TypeError(`privateKey: unsupported key type '${String(kind)}'; expected Ed25519 or RSA`)
}

/**
 * PEM text with each line's surrounding spaces taken off: a key copied from an indented listing (a banner, a YAML
 * file) parses as WebCrypto's reader takes it. Blank lines stay (an encrypted PEM's headers end at one); DER passes.
 */
function unindented(key: string | Buffer): string | Buffer {
  const text = typeof key === 'string' ? key : key.includes('-----BEGIN') ? key.toString('latin1') : undefined
  if (text === undefined || !/^[ \t]/m.test(text)) return key
  return `${text
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .trim()}\n`
}

/** Checks signatures made with one key, parsed once. */
export interface Verifier {
  readonly keyType: KeyType
  verify(payload: string, signature: string): boolean
}

/** Builds a verifier from an HMAC secret or a public key PEM (RSA or Ed25519, detected). */
export function createVerifier(
  key: { hmacSecret: string } | { publicKey: string | Buffer | KeyObject },
): Verifier {
  if ('hmacSecret' in key) {
    const secret = Buffer.from(key.hmacSecret, 'utf8')
    return {
      keyType: 'HMAC',
      verify(payload, signature) {
        if (!/^[0-9a-fA-F]{64}$/.test(signature)) return false
        const expected = createHmac('sha256', secret).update(payload, 'utf8').digest()
        return timingSafeEqual(expected, Buffer.from(signature, 'hex'))
      },
    }
  }
  const keyObject =
    key.publicKey instanceof KeyObject ? key.publicKey : createPublicKey(unindented(key.publicKey))
  const kind = keyObject.asymmetricKeyType
  if (kind !== 'ed25519' && kind !== 'rsa') {
    throw new TypeError(`publicKey: unsupported key type '${String(kind)}'; expected Ed25519 or RSA`)
  }
  const algorithm = kind === 'rsa' ? 'sha256' : null
  return {
    keyType: kind === 'rsa' ? 'RSA' : 'ED25519',
    verify(payload, signature) {
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signature)) return false
      return verify(algorithm, Buffer.from(payload, 'utf8'), keyObject, Buffer.from(signature, 'base64'))
    },
  }
}
