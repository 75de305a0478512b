// The standard platform: the runtime's WebSocket and WebCrypto (browsers, Deno, Bun, Workers; Node ≥ 22 too).
import { createWebSigner, type WebPrivateKey } from '../protocol/web-signing.js'
import { InvalidParameterError } from './errors.js'
import type { Platform } from './platform.js'
import { connectWebWire } from './web-wire.js'

export const webPlatform: Platform = {
  connectWire: connectWebWire,
  signer(key) {
    try {
      // A passphrase cannot help: WebCrypto imports no encrypted key, and the signer says so.
      return 'apiSecret' in key
        ? createWebSigner({ apiSecret: key.apiSecret })
        : createWebSigner({ privateKey: key.privateKey as WebPrivateKey })
    } catch (err) {
      // The messages name no key material; those about the key start with its option name.
      const message = (err as Error).message
      const [, detail] = /^privateKey: (.*)$/s.exec(message) ?? []
      throw new InvalidParameterError(
        detail === undefined && 'apiSecret' in key ? 'apiSecret' : 'privateKey',
        detail ?? message,
      )
    }
  },
}
