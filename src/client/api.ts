// Entry point: holds the config and the credentials, opens connections.
import type { Credentials } from './auth.js'
import { checkSignal } from './call-options.js'
import { type ClientConfig, type ResolvedConfig, resolveConfig } from './config.js'
import { WebsocketAPIConnection } from './connection.js'
import { InvalidParameterError } from './errors.js'
import { checkOptionNames } from './option-names.js'
import { platform, type SignerKey } from './platform.js'

const CONNECT_OPTIONS = { signal: true }

/** The signing key the config names, if any. */
function signerKey(c: ClientConfig): SignerKey | undefined {
  if (c.apiSecret !== undefined) return { apiSecret: c.apiSecret }
  if (c.privateKey === undefined) return undefined
  return c.privateKeyPassphrase === undefined
    ? { privateKey: c.privateKey }
    : { privateKey: c.privateKey, passphrase: c.privateKeyPassphrase }
}

/** The Binance Spot WebSocket API client. Secrets stay in a closure: never in logs, errors or `inspect()`. */
export class SpotWebsocketAPI {
  readonly #config: ResolvedConfig
  readonly #credentials: Credentials

  constructor(config: ClientConfig = {}) {
    this.#config = resolveConfig(config)
    const key = signerKey(config)
    const signer = key && platform().signer(key)
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
    checkOptionNames(options, CONNECT_OPTIONS, 'connect')
    checkSignal(options.signal)
    const connection = new WebsocketAPIConnection(this.#config, this.#credentials)
    await connection.open(options.signal)
    return connection
  }
}
