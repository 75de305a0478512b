// Entry point: holds the config and the credentials, opens connections.
import { createSigner } from '../protocol/signing.js'
import type { Credentials } from './auth.js'
import { type ClientConfig, type ResolvedConfig, resolveConfig } from './config.js'
import { WebsocketAPIConnection } from './connection.js'
import { InvalidParameterError } from './errors.js'

/** The Binance Spot WebSocket API client. Secrets stay in a closure: never in logs, errors or `inspect()`. */
export class SpotWebsocketAPI {
  readonly #config: ResolvedConfig
  readonly #credentials: Credentials

  constructor(config: ClientConfig = {}) {
    this.#config = resolveConfig(config)
    let signer: Credentials['signer']
    try {
      if (config.apiSecret !== undefined) signer = createSigner({ apiSecret: config.apiSecret })
      else if (config.privateKey !== undefined) {
        signer = createSigner(
          config.privateKeyPassphrase === undefined
            ? { privateKey: config.privateKey }
            : { privateKey: config.privateKey, passphrase: config.privateKeyPassphrase },
        )
      }
    } catch (err) {
      // The parser's message can quote key material; say only what failed.
      throw new InvalidParameterError(
        'privateKey',
        `could not be parsed as an Ed25519 or RSA private key (${(err as Error & { code?: string }).code ?? 'invalid'})`,
      )
    }
    if (this.#config.autoSessionLogon && signer?.keyType !== 'ED25519') {
      throw new InvalidParameterError(
        'autoSessionLogon',
        'needs an Ed25519 privateKey (session logon supports Ed25519 only)',
      )
    }
    this.#credentials = Object.freeze({ apiKey: config.apiKey, signer })
  }

  /** Opens a connection; rejects with ConnectError (unreachable, refused, failed logon) and never hangs. */
  async connect(options: { signal?: AbortSignal } = {}): Promise<WebsocketAPIConnection> {
    const connection = new WebsocketAPIConnection(this.#config, this.#credentials)
    await connection.open(options.signal)
    return connection
  }
}
