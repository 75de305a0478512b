// Area D end to end: 418 IP bans after repeated 429s, connection-attempt limits at the upgrade, and the
// unfilled order count's first-fill credits (taker and maker).

import { afterEach, describe, expect, it } from 'vitest'
import { ConnectError, SpotWebsocketAPI } from '../../../src/client/index.js'
import type { Emulator } from '../../../src/emulator/index.js'
import { RawClient, type Response } from '../../../src/emulator/raw-client.test-util.js'
import { exchangePerTest, T0, type TestExchangeOptions } from '../../support/exchange.js'
import { keyOf, signedParams } from '../../support/keys.js'
import { limit } from '../../support/order-params.js'
import { rejection } from '../../support/rejection.js'
import { restBase, restCall } from '../../support/rest-client.js'
import { upgradeRefusal } from '../../support/upgrade-refusal.js'

const exchange = exchangePerTest()
const cleanup: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f()
})

/** An emulator without accounts on a clock frozen at T0, closed after the test. */
async function emulator(options: TestExchangeOptions): Promise<Emulator> {
  return (await exchange({ clock: T0, ...options })).ex
}

describe('REQUEST_WEIGHT bans', () => {
  it('bans the IP with 418 after repeated 429s, disconnects it, refuses upgrades until the ban ends', async () => {
    const ex = await emulator({ limits: { banAfter: 1, banDurations: [120_000, 600_000] } })
    const r = await RawClient.open(ex.url)
    cleanup.push(() => r.close())
    let last: Response | undefined
    for (let i = 0; i < 400 && last?.status !== 429; i++) last = await r.request('exchangeInfo')
    expect(last).toMatchObject({ status: 429, error: { code: -1003 } })
    const banned = await r.request('ping')
    const msg =
      'Way too much request weight used; IP banned until 1700000120000. Please use WebSocket Streams for live updates to avoid bans.'
    expect(banned).toMatchObject({
      status: 418,
      error: { code: -1003, msg, data: { serverTime: T0, retryAfter: T0 + 120_000 } },
    })
    await expect.poll(() => ex.connections()).toHaveLength(0)
    expect(await upgradeRefusal(ex.url)).toEqual({
      status: 418,
      body: { code: -1003, msg },
      retryAfter: '120',
    })

    ex.clock.advance(120_000)
    const c = await new SpotWebsocketAPI({ wsURL: ex.url }).connect()
    cleanup.push(() => c.disconnect())
    expect((await c.ping()).status).toBe(200)
  })
})

describe('the weight gate before params and auth (fidelity A23)', () => {
  const key = keyOf('k1')
  const waited = (retryAfter: number) => ({ serverTime: T0, retryAfter })

  it('an IP over its weight gets 429 for a malformed, unknown or badly signed request too; each counts toward the ban', async () => {
    const ex = await emulator({
      limits: { requestWeight: 10, banAfter: 4, banDurations: [120_000] },
      accounts: [{ apiKey: 'k1', key: 'hmac' }],
    })
    const r = await RawClient.open(ex.url)
    cleanup.push(() => r.close())
    const over = { status: 429, error: { code: -1003, data: waited(T0 + 40_000) } }
    // 2 for the connection, 20 for exchangeInfo: the first 429.
    expect(await r.request('exchangeInfo')).toMatchObject(over)
    expect(await r.request('depth')).toMatchObject(over)
    expect(await r.request('no.such.method')).toMatchObject(over)
    const badlySigned = { ...signedParams(key, {}, T0), signature: '00'.repeat(32) }
    expect(await r.request('account.status', badlySigned)).toMatchObject(over)
    // The fifth violation is the ban, a malformed REST request's too.
    const banned = await restCall(restBase(ex), '/api/v3/depth')
    expect(banned.status).toBe(418)
    expect(banned.headers.get('retry-after')).toBe('120')
    await expect.poll(() => ex.connections()).toHaveLength(0)
  })

  it('a banned IP gets 418 for every REST request: malformed, unsigned, badly signed, a wrong time unit', async () => {
    const ex = await emulator({
      limits: { requestWeight: 1, banAfter: 0, banDurations: [120_000] },
      accounts: [{ apiKey: 'k1', key: 'hmac' }],
    })
    const base = restBase(ex)
    expect((await restCall(base, '/api/v3/exchangeInfo')).status).toBe(418)
    const msg = `Way too much request weight used; IP banned until ${T0 + 120_000}. Please use WebSocket Streams for live updates to avoid bans.`
    const answers = [
      await restCall(base, '/api/v3/depth'),
      await restCall(base, '/api/v3/account', {
        query: { timestamp: String(T0) },
        headers: { 'X-MBX-APIKEY': 'k1' },
      }),
      await restCall(base, '/api/v3/account', { key: keyOf('k1', 'not the secret'), timestamp: T0 }),
      await restCall(base, '/api/v3/account', { key, timestamp: T0 - 60_000 }),
      await restCall(base, '/api/v3/time', { headers: { 'X-MBX-TIME-UNIT': 'NANOSECOND' } }),
    ]
    for (const a of answers) {
      expect({ status: a.status, retryAfter: a.headers.get('retry-after'), body: a.json }).toEqual({
        status: 418,
        retryAfter: '120',
        body: { code: -1003, msg },
      })
    }
    ex.clock.advance(120_000)
    expect((await restCall(base, '/api/v3/ping')).status).toBe(200)
  })
})

describe('ORDERS entries on every answer of an order-entry method (fidelity A4)', () => {
  it('a refused order.place lists the ORDERS counts of the account its key names, unchanged; an unknown key 0', async () => {
    const ex = await emulator({ accounts: [{ apiKey: 'k1', key: 'hmac' }] })
    const r = await RawClient.open(ex.url)
    cleanup.push(() => r.close())
    const key = keyOf('k1')
    const order = limit('BTCUSDT', 'BUY', '50000.00', '0.01000')
    const types = (a: Response) => [
      a.status,
      a.error?.code,
      a.rateLimits?.map((l) => `${l.rateLimitType} ${l.count}`),
    ]
    const counted = ['ORDERS 1', 'ORDERS 1', expect.stringMatching(/^REQUEST_WEIGHT /)]
    expect(types(await r.signed('order.place', key.signer, 'k1', order, T0))).toEqual([
      200,
      undefined,
      counted,
    ])
    const badlySigned = { ...signedParams(key, order, T0), signature: '00'.repeat(32) }
    const unknownKey = signedParams(keyOf('nobody'), order, T0)
    const refused = [
      [await r.signed('order.place', key.signer, 'k1', order, T0 - 6000), -1021],
      [await r.signed('order.place', key.signer, 'k1', order, T0 + 1000), -1021],
      [await r.request('order.place', badlySigned), -1022],
      [await r.signed('order.place', key.signer, 'k1', { ...order, side: undefined }, T0), -1102],
    ] as const
    for (const [answer, code] of refused) expect(types(answer)).toEqual([400, code, counted])
    expect(types(await r.request('order.place', unknownKey))).toEqual([
      401,
      -2015,
      ['ORDERS 0', 'ORDERS 0', expect.stringMatching(/^REQUEST_WEIGHT /)],
    ])
    // REST's order count headers name the same counts.
    const rest = await restCall(restBase(ex), '/api/v3/order', {
      method: 'POST',
      body: { ...order, timestamp: String(T0) },
      key: keyOf('k1', 'not the secret'),
    })
    expect([rest.status, rest.headers.get('x-mbx-order-count-10s')]).toEqual([400, '1'])
  })
})

describe('connection attempts', () => {
  it("refuses the upgrade with HTTP 429 -1034 beyond the limit per 5 minutes; our client's connect fails", async () => {
    const ex = await emulator({ limits: { connectionAttempts: 2 } })
    const opened = [await RawClient.open(ex.url), await RawClient.open(ex.url)]
    cleanup.push(async () => {
      for (const o of opened) await o.close()
    })
    const msg = "Too many connection attempts from IP; current limit is 2 per '5 MINUTE'."
    expect(await upgradeRefusal(ex.url)).toEqual({
      status: 429,
      body: { code: -1034, msg },
      retryAfter: '100',
    })
    await expect(new SpotWebsocketAPI({ wsURL: ex.url }).connect()).rejects.toBeInstanceOf(ConnectError)
    ex.clock.advance(100_000)
    opened.push(await RawClient.open(ex.url))
    expect(ex.connections()).toHaveLength(3)
  })
})

describe('configurable rate limits', () => {
  it('lists and enforces the configured REQUEST_WEIGHT and ORDERS limits', async () => {
    const kit = await exchange({
      limits: { requestWeight: 400, ordersPer10Seconds: 2, ordersPerDay: 1000, connectionAttempts: 50 },
      accounts: [{ apiKey: 'trader' }, { apiKey: 'other', key: 'hmac' }],
    })
    const [trader, other] = await kit.connectAll(['trader', 'other'])
    const info = await trader.exchangeInfo({ symbol: 'BTCUSDT' })
    expect(info.data.rateLimits).toEqual([
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 400 },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 2 },
      { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 1000 },
      { rateLimitType: 'CONNECTIONS', interval: 'MINUTE', intervalNum: 5, limit: 50 },
    ])
    // The three orders below must fall in one 10-second ORDERS window, and the weight spent in one 1-minute window
    // (windows start at multiples of their length on the emulator's clock, here the wall clock): with less than 3 s
    // left of either, the next ones are awaited (a minute's start is a 10 s window's start too).
    const now = kit.ex.clock.now()
    const left = Math.min(10_000 - (now % 10_000), 60_000 - (now % 60_000))
    if (left < 3_000) await new Promise((resolve) => setTimeout(resolve, left))
    await trader.orderPlace(limit('BTCUSDT', 'BUY', '50000.00', '0.00100'))
    await trader.orderPlace(limit('BTCUSDT', 'BUY', '50000.00', '0.00100'))
    // A fresh connection has not learnt the counts, so the server itself answers.
    const fresh = () => kit.connect('trader', { autoSessionLogon: false })
    const orders = await rejection((await fresh()).orderPlace(limit('BTCUSDT', 'BUY', '50000.00', '0.00100')))
    expect(orders).toMatchObject({
      code: -1015,
      status: 429,
      msg: 'Too many new orders; current limit is 2 orders per 10 SECOND.',
    })
    // Two connections that learnt the weight before it was spent each think one more request fits.
    const [c1, c2] = [await fresh(), await fresh()]
    const remaining = () => other.rateLimitBudget().find((b) => b.rateLimitType === 'REQUEST_WEIGHT')
    await other.ping()
    while ((remaining()?.remaining ?? 0) >= 160) await other.ticker24hr({})
    const settled = await Promise.allSettled([c1.ticker24hr({}), c2.ticker24hr({})])
    const refused = settled.find((r) => r.status === 'rejected')
    const weight = await rejection(Promise.reject(refused?.reason))
    expect(weight).toMatchObject({
      code: -1003,
      status: 429,
      msg: expect.stringContaining('current limit is 400 request weight per 1 MINUTE'),
    })
  })
})
