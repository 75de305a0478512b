// The standard platform: the runtime's WebSocket and WebCrypto (browsers, Deno, Bun, Workers; Node ≥ 22 too).
import { createWebSigner, type WebPrivateKey, type WebSigner } from '../protocol/web-signing.js'
import { InvalidParameterError } from './errors.js'
import type { ClientSigner, Platform, SignerKey } from './platform.js'
import { connectWebWire } from './web-wire.js'

/** The signer's TypeError as InvalidParameterError, naming `privateKey` when the message starts with it. */
function invalid(key: SignerKey, err: unknown): InvalidParameterError {
  const message = (err as Error).message
  const [, detail] = /^privateKey: (.*)$/s.exec(message) ?? []
  return new InvalidParameterError(
    detail === undefined && 'apiSecret' in key ? 'apiSecret' : 'privateKey',
    detail ?? message,
  )
}

export const webPlatform: Platform = {
  connectWire: connectWebWire,
  signer(key): ClientSigner {
    let signer: WebSigner
    try {
      // A passphrase cannot help: WebCrypto imports no encrypted key, and the signer says so.
      signer =
        'apiSecret' in key
          ? createWebSigner({ apiSecret: key.apiSecret })
          : createWebSigner({ privateKey: key.privateKey as WebPrivateKey })
    } catch (err) {
      throw invalid(key, err)
    }
    return {
      keyType: signer.keyType,
      // A key the runtime's WebCrypto refuses fails each signed call with the same typed error.
      sign: (payload) =>
        signer.sign(payload).catch((err: unknown) => {
          throw err instanceof TypeError ? invalid(key, err) : err
        }),
    }
  },
}
