// What the client needs of its runtime: a WebSocket and request signing. The standard ones by default (WebSocket,
// WebCrypto); the package's Node entry point (index.ts) installs Node's (`ws`, node:crypto) before anything connects.
import type { KeyType } from '../protocol/signature-payload.js'
import { webPlatform } from './web-platform.js'
import type { ConnectWire } from './wire.js'

/** A private key: PEM text (a string or its bytes), or a key object of the runtime's crypto. */
export type PrivateKeyInput = string | Uint8Array | PrivateKeyObject

/** Node's `KeyObject` or WebCrypto's `CryptoKey`, structurally (the declarations need no runtime's types). */
interface PrivateKeyObject {
  readonly type: string
}

export type SignerKey = { apiSecret: string } | { privateKey: PrivateKeyInput; passphrase?: string }

/** Signs request payloads with one key: synchronously with node:crypto, through a promise with WebCrypto. */
export interface ClientSigner {
  readonly keyType: KeyType
  sign(payload: string): string | Promise<string>
}

export interface Platform {
  readonly connectWire: ConnectWire
  /** Parses the key once; throws InvalidParameterError naming the option when it cannot. */
  signer(key: SignerKey): ClientSigner
}

let current: Platform = webPlatform

/** Makes clients created from now on use `p` (the Node entry point calls this as it loads). */
export function usePlatform(p: Platform): void {
  current = p
}

export function platform(): Platform {
  return current
}
