import { describe, expect, it } from 'vitest'
import { METHOD_BY_WIRE, type MethodSpec } from '../protocol/methods.js'
import { checkCredentials, credentialsFromEnv } from './credentials.js'

const spec = (wire: string) => METHOD_BY_WIRE.get(wire) as MethodSpec
const files: Record<string, string> = { '/keys/ed.pem': 'PEM' }
const readFile = (path: string) => {
  const text = files[path]
  if (text === undefined) throw Object.assign(new Error('nope'), { code: 'ENOENT' })
  return text
}

describe('credentials from the environment', () => {
  it('reads an HMAC pair, or a key file with its passphrase', () => {
    expect(credentialsFromEnv({ BINANCE_API_KEY: 'k', BINANCE_API_SECRET: 's' }, readFile)).toEqual({
      apiKey: 'k',
      apiSecret: 's',
    })
    expect(
      credentialsFromEnv(
        {
          BINANCE_API_KEY: 'k',
          BINANCE_PRIVATE_KEY_PATH: '/keys/ed.pem',
          BINANCE_PRIVATE_KEY_PASSPHRASE: 'p',
        },
        readFile,
      ),
    ).toEqual({ apiKey: 'k', privateKey: 'PEM', privateKeyPassphrase: 'p' })
    expect(credentialsFromEnv({ BINANCE_API_KEY: '' }, readFile)).toEqual({})
  })

  it('rejects inconsistent settings and unreadable key files', () => {
    expect(() => credentialsFromEnv({ BINANCE_API_SECRET: 's' }, readFile)).toThrow(
      /BINANCE_API_KEY is required/,
    )
    expect(() =>
      credentialsFromEnv(
        { BINANCE_API_KEY: 'k', BINANCE_API_SECRET: 's', BINANCE_PRIVATE_KEY_PATH: '/keys/ed.pem' },
        readFile,
      ),
    ).toThrow(/not both/)
    expect(() =>
      credentialsFromEnv({ BINANCE_API_KEY: 'k', BINANCE_PRIVATE_KEY_PATH: '/keys/x.pem' }, readFile),
    ).toThrow("cannot read BINANCE_PRIVATE_KEY_PATH '/keys/x.pem' (ENOENT)")
  })

  it('says which credentials a method needs before sending', () => {
    expect(() => checkCredentials(spec('ping'), {})).not.toThrow()
    expect(() => checkCredentials(spec('account.status'), { apiKey: 'k' })).toThrow(
      /account.status is a signed \(USER_DATA\) method: set BINANCE_API_KEY and BINANCE_API_SECRET/,
    )
    expect(() => checkCredentials(spec('account.status'), { apiKey: 'k', apiSecret: 's' })).not.toThrow()
    expect(() => checkCredentials(spec('userDataStream.subscribe'), { apiKey: 'k', apiSecret: 's' })).toThrow(
      /needs a logged-on session/,
    )
    const apiKeyOnly = [...METHOD_BY_WIRE.values()].find((m) => m.auth === 'API_KEY')
    if (apiKeyOnly) expect(() => checkCredentials(apiKeyOnly, {})).toThrow(/needs an API key/)
  })
})
