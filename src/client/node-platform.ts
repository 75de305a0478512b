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
      throw new InvalidParameterError(
        'privateKey',
        `could not be parsed as an Ed25519 or RSA private key (${(err as Error & { code?: string }).code ?? 'invalid'})`,
      )
    }
  },
}
