// Fault matrix row 16: secrets (HMAC secret, private key PEM, signatures) never show in errors, inspect() or JSON.
import { createPrivateKey } from 'node:crypto'
import { inspect } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import {
  BinanceError,
  type ClientConfig,
  ConnectError,
  ConnectionClosedError,
  InvalidParameterError,
  OutcomeUnknownError,
  RateLimitedError,
  RequestAbortedError,
  RequestTimeoutError,
  SpotWebsocketAPI,
} from '../../../src/client/index.js'
import { cleanup, clientFor, connect, startServer } from '../../support/fault-kit.js'
import { ED25519, HMAC_SECRET, rsaKeys } from '../../support/keys.js'
import { ManualTimers } from '../../support/manual-timers.js'
import { rejectionOf } from '../../support/rejection.js'
import { fail, ok, type Script } from '../../support/scripted-server.js'

afterEach(cleanup)

const rsaPem = rsaKeys().privateKeyPem

/** Every rendering of a value a user might log. */
function renderings(value: unknown): string {
  const parts = [inspect(value, { showHidden: true, depth: Number.POSITIVE_INFINITY }), safeJson(value)]
  for (let e: unknown = value; e instanceof Error; e = e.cause) parts.push(e.message, String(e.stack))
  return parts.join('\n')
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? ''
  } catch (err) {
    return String(err)
  }
}

/** The secret material: the HMAC secret, every base64 line of the PEM keys, and every signature sent. */
function secretsOf(signatures: string[]): string[] {
  const pemLines = [ED25519.privateKeyPem, rsaPem].flatMap((pem) =>
    pem.split('\n').filter((l) => l.length >= 16 && !l.startsWith('-----')),
  )
  return [HMAC_SECRET, ...pemLines, ...signatures]
}

function expectNoSecret(text: string, signatures: string[]) {
  for (const secret of secretsOf(signatures)) expect(text).not.toContain(secret)
}

describe.each<{ name: string; key: ClientConfig }>([
  { name: 'HMAC', key: { apiSecret: HMAC_SECRET } },
  { name: 'Ed25519', key: { privateKey: ED25519.privateKeyPem } },
  { name: 'RSA', key: { privateKey: rsaPem } },
])('secrets ($name key)', ({ key }) => {
  it('never appear in the errors of a signed flow, nor in inspect() / JSON of the api and the connection', async () => {
    const script: Script = (req, ws) => {
      switch (req.method) {
        case 'account.status':
          return fail(req, 400, -2015, 'Invalid API-key, IP, or permissions for action.')
        case 'myTrades':
          return undefined
        case 'order.cancel':
          return fail(req, 429, -1003, 'Too much request weight used.', {
            retryAfter: h.timers.now() + 30_000,
          })
        case 'order.place':
          ws.terminate()
          return undefined
        default:
          return ok(req)
      }
    }
    // reconnectWait: false: the last call, made while reconnecting, fails at once instead of waiting.
    const h = await connect(script, { ...key, pingInterval: 3_600_000, reconnectWait: false })
    const { server, conn, api, timers } = h
    const errors: Error[] = []
    errors.push(await rejectionOf(conn.accountStatus()))
    const timingOut = conn.myTrades({ symbol: 'BTCUSDT' })
    await server.waitFor('myTrades')
    timers.advance(10_000)
    errors.push(await rejectionOf(timingOut))
    errors.push(await rejectionOf(conn.orderCancel({ symbol: 'BTCUSDT', origClientOrderId: 'c-1' })))
    errors.push(await rejectionOf(conn.orderStatus({ symbol: 'BTCUSDT', orderId: 1 })))
    timers.advance(30_000)
    errors.push(
      await rejectionOf(conn.orderStatus({ symbol: 'BTCUSDT', orderId: 1 }, { signal: AbortSignal.abort() })),
    )
    const placing = conn.orderPlace({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '1' })
    errors.push(await rejectionOf(placing))
    errors.push(await rejectionOf(conn.accountStatus()))

    expect(errors.map((e) => e.constructor)).toEqual([
      BinanceError,
      RequestTimeoutError,
      RateLimitedError,
      RateLimitedError,
      RequestAbortedError,
      OutcomeUnknownError,
      ConnectionClosedError,
    ])
    const signatures = server.received.flatMap((r) =>
      typeof r.params?.['signature'] === 'string' ? [r.params['signature']] : [],
    )
    expect(signatures.length).toBeGreaterThanOrEqual(4)
    for (const err of errors) expectNoSecret(renderings(err), signatures)
    expectNoSecret(renderings(api), signatures)
    expectNoSecret(renderings(conn), signatures)
    expectNoSecret(renderings(conn.rateLimitBudget()), signatures)
  })
})

describe('secrets (failed logon, bad key)', () => {
  it('a refused session logon: the ConnectError chain carries no key material or signature', async () => {
    const timers = new ManualTimers()
    const server = await startServer(
      (req) => (req.method === 'session.logon' ? fail(req, 400, -1022, 'Signature not valid.') : undefined),
      timers,
    )
    const api = clientFor(server, timers, { privateKey: ED25519.privateKeyPem, autoSessionLogon: true })
    const err = await rejectionOf(api.connect())
    expect(err).toBeInstanceOf(ConnectError)
    const signature = String(server.received.find((r) => r.method === 'session.logon')?.params?.['signature'])
    expect(signature.length).toBeGreaterThan(40)
    expectNoSecret(renderings(err), [signature])
    expectNoSecret(renderings(api), [signature])
  })

  it('an unparsable private key: InvalidParameterError quoting none of it', () => {
    const broken = ED25519.privateKeyPem.replace(/[A-Za-z]{4}(?=\n-----END)/, 'zzzz')
    const err = (() => {
      try {
        return new SpotWebsocketAPI({ apiKey: 'k', privateKey: `${broken.slice(0, 50)}!${broken.slice(51)}` })
      } catch (e) {
        return e as Error
      }
    })()
    expect(err).toBeInstanceOf(InvalidParameterError)
    expectNoSecret(renderings(err), [])
  })

  it.each([
    ['PKCS#8', 'pkcs8', 'without a passphrase', undefined, 'give its passphrase as privateKeyPassphrase'],
    ['PKCS#8', 'pkcs8', 'with a wrong one', 'wrong horse', 'does not decrypt the encrypted PEM'],
    [
      'legacy PKCS#1',
      'pkcs1',
      'without a passphrase',
      undefined,
      'give its passphrase as privateKeyPassphrase',
    ],
    ['legacy PKCS#1', 'pkcs1', 'with a wrong one', 'wrong horse', 'does not decrypt the encrypted PEM'],
  ] as const)(
    'an encrypted %s PEM %s: the error names privateKeyPassphrase, quoting neither',
    (_, type, _how, passphrase, says) => {
      const pass = 'correct battery staple'
      const encrypted = createPrivateKey(type === 'pkcs8' ? ED25519.privateKeyPem : rsaPem)
        .export({ type, format: 'pem', cipher: 'aes-256-cbc', passphrase: pass })
        .toString()
      const config: ClientConfig = { apiKey: 'k', privateKey: encrypted }
      if (passphrase !== undefined) config.privateKeyPassphrase = passphrase
      const err = (() => {
        try {
          new SpotWebsocketAPI(config)
        } catch (e) {
          return e as Error
        }
        throw new Error('expected a refusal')
      })()
      expect(err).toBeInstanceOf(InvalidParameterError)
      expect(err).toMatchObject({ parameter: 'privateKeyPassphrase' })
      expect(err.message).toContain(says)
      const lines = encrypted
        .split('\n')
        .filter((l) => l.length >= 16 && !l.includes(':') && !l.startsWith('-----'))
      expectNoSecret(renderings(err), [...lines, pass, 'wrong horse'])
      // With its passphrase it loads.
      expect(new SpotWebsocketAPI({ ...config, privateKeyPassphrase: pass })).toBeInstanceOf(SpotWebsocketAPI)
    },
  )
})
