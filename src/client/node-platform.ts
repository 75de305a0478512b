// Node's platform: the `ws` package (with write batching) and node:crypto, whose signing is synchronous.
import { KeyObject, type webcrypto } from 'node:crypto'
import { createSigner, type PrivateKeyInput } from '../protocol/signing.js'
import { isWebCryptoKey } from '../protocol/web-signing.js'
import { InvalidParameterError } from './errors.js'
import { connectNodeWire } from './node-wire.js'
import type { Platform } from './platform.js'

export const nodePlatform: Platform = {
  connectWire: connectNodeWire,
  signer(key) {
    if ('apiSecret' in key) return createSigner({ apiSecret: key.apiSecret })
    const k = key.privateKey
    const privateKey = isWebCryptoKey(k) ? KeyObject.from(k as webcrypto.CryptoKey) : (k as PrivateKeyInput)
    try {
      return createSigner(
        key.passphrase === undefined ? { privateKey } : { privateKey, passphrase: key.passphrase },
      )
    } catch (err) {
      // The parser's message can quote key material; say only what failed.
      const code = (err as Error & { code?: string }).code ?? 'invalid'
      if (isEncryptedPem(privateKey)) {
        throw new InvalidParameterError(
          'privateKeyPassphrase',
          key.passphrase === undefined
            ? `privateKey is an encrypted PEM: give its passphrase as privateKeyPassphrase (${code})`
            : `does not decrypt the encrypted PEM privateKey (${code})`,
        )
      }
      throw new InvalidParameterError(
        'privateKey',
        `could not be parsed as an Ed25519 or RSA private key (${code})`,
      )
    }
  },
}

/** A PEM whose key is encrypted: PKCS#8 `ENCRYPTED PRIVATE KEY`, or a legacy PEM's `Proc-Type: 4,ENCRYPTED` header. */
function isEncryptedPem(key: PrivateKeyInput): boolean {
  if (key instanceof KeyObject) return false
  const text = typeof key === 'string' ? key : Buffer.from(key).toString('latin1')
  return /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/.test(text)
}
