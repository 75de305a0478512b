// API credentials from the environment: BINANCE_API_KEY with BINANCE_API_SECRET (HMAC) or
// BINANCE_PRIVATE_KEY_PATH (Ed25519/RSA PEM file, optional BINANCE_PRIVATE_KEY_PASSPHRASE).
import { readFileSync } from 'node:fs'
import type { ClientConfig } from '../client/index.js'
import type { MethodSpec } from '../protocol/methods.js'
import { UsageError } from './command.js'

export type Credentials = Pick<ClientConfig, 'apiKey' | 'apiSecret' | 'privateKey' | 'privateKeyPassphrase'>

type Env = Readonly<Record<string, string | undefined>>

const get = (env: Env, name: string) => (env[name] ? env[name] : undefined)

/** The credentials the environment holds (possibly none); inconsistent settings are a UsageError. */
export function credentialsFromEnv(
  env: Env = process.env,
  readFile: (path: string, encoding: 'utf8') => string = readFileSync,
): Credentials {
  const apiKey = get(env, 'BINANCE_API_KEY')
  const apiSecret = get(env, 'BINANCE_API_SECRET')
  const keyPath = get(env, 'BINANCE_PRIVATE_KEY_PATH')
  const passphrase = get(env, 'BINANCE_PRIVATE_KEY_PASSPHRASE')
  if (apiSecret && keyPath) {
    throw new UsageError('set BINANCE_API_SECRET or BINANCE_PRIVATE_KEY_PATH, not both')
  }
  if ((apiSecret || keyPath) && !apiKey) {
    throw new UsageError('BINANCE_API_KEY is required with BINANCE_API_SECRET or BINANCE_PRIVATE_KEY_PATH')
  }
  const out: Credentials = {}
  if (apiKey) out.apiKey = apiKey
  if (apiSecret) out.apiSecret = apiSecret
  if (keyPath) {
    try {
      out.privateKey = readFile(keyPath, 'utf8')
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'unreadable'
      throw new UsageError(`cannot read BINANCE_PRIVATE_KEY_PATH '${keyPath}' (${code})`)
    }
    if (passphrase) out.privateKeyPassphrase = passphrase
  }
  return out
}

/** Throws a UsageError, before anything is sent, when `spec` needs credentials the environment lacks. */
export function checkCredentials(spec: MethodSpec, c: Credentials): void {
  const signing = 'set BINANCE_API_KEY and BINANCE_API_SECRET (HMAC) or BINANCE_PRIVATE_KEY_PATH'
  if (spec.auth === 'SIGNED' && !(c.apiKey && (c.apiSecret || c.privateKey))) {
    throw new UsageError(`${spec.wire} is a signed (${spec.security}) method: ${signing}`)
  }
  if (spec.auth === 'API_KEY' && !c.apiKey) {
    throw new UsageError(`${spec.wire} needs an API key: set BINANCE_API_KEY`)
  }
  if (spec.auth === 'SESSION' && !(c.apiKey && c.privateKey)) {
    throw new UsageError(
      `${spec.wire} needs a logged-on session: set BINANCE_API_KEY and BINANCE_PRIVATE_KEY_PATH (Ed25519 key)`,
    )
  }
}
