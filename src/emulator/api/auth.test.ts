import { createHmac, generateKeyPairSync } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSigner } from '../../protocol/signing.js'
import { type Emulator, startEmulator } from '../index.js'
import { RawClient } from '../raw-client.test-util.js'

const ed = generateKeyPairSync('ed25519')
const edPublic = ed.publicKey.export({ type: 'spki', format: 'pem' }).toString()
const edSigner = createSigner({ privateKey: ed.privateKey })
const hmacSigner = createSigner({ apiSecret: 's1' })

const now = 1_700_000_000_000
let ex: Emulator
let client: RawClient

const LIMIT_BUY = {
  symbol: 'BTCUSDT',
  side: 'BUY',
  type: 'LIMIT',
  timeInForce: 'GTC',
  price: '50000.00',
  quantity: '0.01000',
}

beforeAll(async () => {
  ex = await startEmulator({
    port: 0,
    now: () => now,
    accounts: [
      { apiKey: 'k1', hmacSecret: 's1', balances: { USDT: '100000', BTC: '2' } },
      { apiKey: 'k2', publicKey: edPublic, balances: { USDT: '5000' } },
      { apiKey: 'reader', hmacSecret: 's3', permissions: ['USER_DATA'] },
    ],
  })
  client = await RawClient.open(ex.url)
})

afterAll(async () => {
  await client.close()
  await ex.close()
})

describe('emulator auth: signed requests', () => {
  it('accepts an HMAC-signed order and rejects the same order with a wrong signature', async () => {
    const ok = await client.signed('order.place', hmacSigner, 'k1', LIMIT_BUY, now)
    expect(ok).toMatchObject({ status: 200, result: { symbol: 'BTCUSDT', status: 'NEW', side: 'BUY' } })
    const bad = await client.request('order.place', {
      ...LIMIT_BUY,
      apiKey: 'k1',
      timestamp: now,
      signature: '0'.repeat(64),
    })
    expect(bad).toMatchObject({
      status: 400,
      error: { code: -1022, msg: 'Signature for this request is not valid.' },
    })
  })

  it('accepts an upper-case HMAC signature, signed over the numbers exactly as sent', async () => {
    const params = { ...LIMIT_BUY, apiKey: 'k1', recvWindow: 5000, timestamp: now }
    const payload = `apiKey=k1&price=50000.00&quantity=0.01000&recvWindow=5000.0&side=BUY&symbol=BTCUSDT&timeInForce=GTC&timestamp=${now}&type=LIMIT`
    const signature = createHmac('sha256', 's1').update(payload).digest('hex').toUpperCase()
    const text = JSON.stringify({
      id: 'raw',
      method: 'order.place',
      params: { ...params, signature },
    }).replace('"recvWindow":5000', '"recvWindow":5000.0')
    client.sendText(text)
    expect(await client.response((r) => r.id === 'raw')).toMatchObject({ status: 200 })
  })

  it('accepts a signature over the form-encoded payload (Python and Go SDKs), HMAC and Ed25519; not over other text', async () => {
    const order = (key: string, id: string) => ({
      ...LIMIT_BUY,
      apiKey: key,
      newClientOrderId: id,
      timestamp: now,
    })
    const sign = (params: Record<string, unknown>, payload: (p: string) => string, signer = hmacSigner) => {
      const raw = Object.keys(params)
        .sort()
        .map((k) => `${k}=${params[k]}`)
        .join('&')
      return { ...params, signature: signer.sign(payload(raw)) }
    }
    // `py:3` becomes `py%3A3` in Python's urlencode and Go's url.Values.Encode; `a/b:c` becomes `a%2Fb%3Ac`.
    const encoded = (p: string) => p.replace('py:3', 'py%3A3').replace('a/b:c', 'a%2Fb%3Ac')
    expect(await client.request('order.place', sign(order('k1', 'py:3'), encoded))).toMatchObject({
      status: 200,
      result: { clientOrderId: 'py:3' },
    })
    expect(await client.request('order.place', sign(order('k2', 'a/b:c'), encoded, edSigner))).toMatchObject({
      status: 200,
      result: { clientOrderId: 'a/b:c' },
    })
    // The raw payload (the spec's) still works; a payload encoded some other way does not.
    expect(
      await client.request(
        'order.place',
        sign(order('k1', 'py:4'), (p) => p),
      ),
    ).toMatchObject({
      status: 200,
    })
    const other = (p: string) => p.replace('py:5', 'py%3a5')
    expect(await client.request('order.place', sign(order('k1', 'py:5'), other))).toMatchObject({
      status: 400,
      error: { code: -1022 },
    })
  })

  it('rejects timestamps outside the recvWindow and 1000 ms ahead with -1021', async () => {
    const late = await client.signed('account.status', hmacSigner, 'k1', { recvWindow: 100 }, now - 101)
    expect(late.error).toEqual({
      code: -1021,
      msg: 'Timestamp for this request is outside of the recvWindow.',
    })
    const ahead = await client.signed('account.status', hmacSigner, 'k1', {}, now + 1000)
    expect(ahead.error).toEqual({
      code: -1021,
      msg: "Timestamp for this request was 1000ms ahead of the server's time.",
    })
    const micros = await client.signed('account.status', hmacSigner, 'k1', {}, (now - 10) * 1000)
    expect(micros.status).toBe(200)
  })

  it('caps recvWindow at 60000', async () => {
    const r = await client.signed('account.status', hmacSigner, 'k1', { recvWindow: 60001 }, now)
    expect(r.error).toEqual({
      code: -1102,
      msg: "'recvWindow' contains unexpected value. Cannot be greater than 60000.",
    })
  })

  it('rejects unknown keys and keys without the needed permission with -2015', async () => {
    const unknown = await client.signed('account.status', hmacSigner, 'nobody', {}, now)
    expect(unknown.error).toEqual({ code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' })
    const reader = createSigner({ apiSecret: 's3' })
    expect((await client.signed('account.status', reader, 'reader', {}, now)).status).toBe(200)
    const trade = await client.signed('order.place', reader, 'reader', LIMIT_BUY, now)
    expect(trade.error?.code).toBe(-2015)
  })

  it('requires apiKey on a connection that is not logged on', async () => {
    expect((await client.request('account.status', { timestamp: now })).error).toEqual({
      code: -1102,
      msg: "Mandatory parameter 'apiKey' was not sent, was empty/null, or malformed.",
    })
  })
})

describe('emulator auth: sessions', () => {
  it('logs on with Ed25519, then places an order without apiKey or signature', async () => {
    const session = await RawClient.open(ex.url)
    try {
      const logon = await session.signed('session.logon', edSigner, 'k2', {}, now)
      expect(logon.result).toEqual({
        apiKey: 'k2',
        authorizedSince: now,
        connectedSince: now,
        returnRateLimits: true,
        serverTime: now,
        userDataStream: false,
      })
      const order = await session.request('order.place', {
        ...LIMIT_BUY,
        quantity: '0.00100',
        timestamp: now,
      })
      expect(order).toMatchObject({ status: 200, result: { status: 'NEW' } })
      expect((await session.request('order.place', { ...LIMIT_BUY })).error).toMatchObject({ code: -1102 })
      const status = await session.request('session.status')
      expect(status.result).toMatchObject({ apiKey: 'k2', authorizedSince: now })
      const logout = await session.request('session.logout')
      expect(logout.result).toMatchObject({ apiKey: null, authorizedSince: null })
      const after = await session.request('order.place', { ...LIMIT_BUY, timestamp: now })
      expect(after.error).toMatchObject({ code: -1102 })
    } finally {
      await session.close()
    }
  })

  it('lets an explicit apiKey and signature override the session key', async () => {
    const session = await RawClient.open(ex.url)
    try {
      await session.signed('session.logon', edSigner, 'k2', {}, now)
      const r = await session.signed(
        'order.place',
        hmacSigner,
        'k1',
        { ...LIMIT_BUY, quantity: '1.00000' },
        now,
      )
      expect(r.status).toBe(200)
    } finally {
      await session.close()
    }
  })

  it('refuses session.logon with an HMAC key', async () => {
    const r = await client.signed('session.logon', hmacSigner, 'k1', {}, now)
    expect(r).toMatchObject({ status: 401, error: { code: -2015 } })
  })

  it('answers a request whose processing throws with 500 -1000 and keeps serving', async () => {
    /** Counts clock reads once connected: the 2nd read of a request is authentication's re-check. */
    let calls = Number.NEGATIVE_INFINITY
    const faulty = await startEmulator({
      port: 0,
      accounts: [{ apiKey: 'k1', hmacSecret: 's1' }],
      now: () => {
        if (++calls === 2) throw new Error('clock failure')
        return now
      },
    })
    const c = await RawClient.open(faulty.url)
    calls = 0
    try {
      const r = await c.signed('account.status', hmacSigner, 'k1', {}, now)
      expect(r).toMatchObject({
        status: 500,
        error: { code: -1000, msg: 'An unknown error occurred while processing the request.' },
      })
      expect((await c.request('ping')).status).toBe(200)
    } finally {
      await c.close()
      await faulty.close()
    }
  })
})
