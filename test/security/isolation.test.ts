// API key permissions by security type (-2015), account isolation (one key cannot see, cancel or
// amend another account's orders, trades or events), and session rules (Ed25519 logon only; logout
// ends its subscription; a session is per connection).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signedParams } from '../support/keys.js'
import { type Client, KEYS, type Kit, LIMIT_BUY, REJECTED_KEY, securityKit } from './security-kit.js'

let kit: Kit
let a: Client
let b: Client

beforeAll(async () => {
  kit = await securityKit()
  a = await kit.open()
  b = await kit.open()
})

afterAll(async () => {
  await kit.close()
})

describe('security: API key permissions by security type', () => {
  const cases: [keyof typeof KEYS, string, Record<string, unknown>, boolean][] = [
    ['readOnly', 'order.place', LIMIT_BUY, false],
    ['readOnly', 'order.test', LIMIT_BUY, false],
    ['readOnly', 'order.cancel', { symbol: 'BTCUSDT', orderId: 1 }, false],
    ['readOnly', 'account.status', {}, true],
    ['readOnly', 'myTrades', { symbol: 'BTCUSDT' }, true],
    ['tradeOnly', 'account.status', {}, false],
    ['tradeOnly', 'openOrders.status', {}, false],
    ['tradeOnly', 'order.test', LIMIT_BUY, true],
    ['none', 'order.test', LIMIT_BUY, false],
    ['none', 'account.status', {}, false],
  ]
  for (const [key, method, params, allowed] of cases) {
    it(`${key} ${allowed ? 'may' : 'may not'} call ${method}`, async () => {
      const r = await a.signed(method, KEYS[key], params)
      if (allowed) expect(r.status).toBe(200)
      else expect(r.error).toEqual(REJECTED_KEY)
    })
  }

  it('rejects an unknown key with -2015, whatever it signs', async () => {
    const r = await a.signed('account.status', { ...KEYS.hmac, apiKey: 'k-unknown' })
    expect(r.error).toEqual(REJECTED_KEY)
  })

  it('a USER_STREAM-only Ed25519 key can log on and subscribe, but not read the account', async () => {
    const c = await kit.open()
    const logon = await c.signed('session.logon', KEYS.streamOnly)
    expect(logon.status).toBe(200)
    expect((await c.session('account.status')).error).toEqual(REJECTED_KEY)
    expect((await c.raw.request('userDataStream.subscribe')).status).toBe(200)
  })
})

describe('security: account isolation', () => {
  let orderId: number
  const clientOrderId = 'mine-1'

  beforeAll(async () => {
    const r = await a.signed('order.place', KEYS.hmac, { ...LIMIT_BUY, newClientOrderId: clientOrderId })
    expect(r.status).toBe(200)
    orderId = (r.result as { orderId: number }).orderId
  })

  it("another key cannot see an account's order, by id or client id", async () => {
    for (const ref of [{ orderId }, { origClientOrderId: clientOrderId }]) {
      const r = await b.signed('order.status', KEYS.rsa, { symbol: 'BTCUSDT', ...ref })
      expect(r.error).toEqual({ code: -2013, msg: 'Order does not exist.' })
    }
    const open = await b.signed('openOrders.status', KEYS.rsa, {})
    expect(open.result).toEqual([])
  })

  it("another key cannot cancel an account's order, by id or client id", async () => {
    for (const ref of [{ orderId }, { origClientOrderId: clientOrderId }]) {
      const r = await b.signed('order.cancel', KEYS.rsa, { symbol: 'BTCUSDT', ...ref })
      expect(r.error).toEqual({ code: -2011, msg: 'Unknown order sent.' })
    }
    const mine = await a.signed('order.status', KEYS.hmac, { symbol: 'BTCUSDT', orderId })
    expect(mine.result).toMatchObject({ status: 'NEW', clientOrderId })
  })

  it("another key cannot cancel-replace an account's order", async () => {
    const r = await b.signed('order.cancelReplace', KEYS.rsa, {
      ...LIMIT_BUY,
      cancelReplaceMode: 'STOP_ON_FAILURE',
      cancelOrderId: orderId,
    })
    expect(r.status).toBe(400)
    expect(r.error?.code).toBe(-2022)
    const mine = await a.signed('order.status', KEYS.hmac, { symbol: 'BTCUSDT', orderId })
    expect(mine.result).toMatchObject({ status: 'NEW' })
  })

  it("another key cannot amend an account's order", async () => {
    const r = await b.signed('order.amend.keepPriority', KEYS.rsa, {
      symbol: 'BTCUSDT',
      orderId,
      newQty: '0.00500',
    })
    expect(r.error).toEqual({ code: -2038, msg: 'Unknown order sent.' })
    const mine = await a.signed('order.status', KEYS.hmac, { symbol: 'BTCUSDT', orderId })
    expect(mine.result).toMatchObject({ origQty: '0.01000000' })
  })

  it("cancelAll of one account leaves the other's orders", async () => {
    await b.signed('order.place', KEYS.rsa, { ...LIMIT_BUY, price: '49000.00' })
    expect((await b.signed('openOrders.cancelAll', KEYS.rsa, { symbol: 'BTCUSDT' })).status).toBe(200)
    const mine = await a.signed('order.status', KEYS.hmac, { symbol: 'BTCUSDT', orderId })
    expect(mine.result).toMatchObject({ status: 'NEW' })
  })

  it("a key signed by another account's secret is rejected, not run as either", async () => {
    const forged = signedParams({ apiKey: KEYS.hmac.apiKey, signer: KEYS.tradeOnly.signer }, {}, kit.now)
    expect((await b.send('openOrders.status', forged)).error?.code).toBe(-1022)
  })

  it('trades and events reach only the two accounts that traded', async () => {
    const watcher = await kit.open()
    expect((await watcher.signed('session.logon', KEYS.ed2)).status).toBe(200)
    expect((await watcher.raw.request('userDataStream.subscribe')).status).toBe(200)
    const seller = await kit.open()
    expect((await seller.signed('session.logon', KEYS.ed)).status).toBe(200)
    expect((await seller.raw.request('userDataStream.subscribe')).status).toBe(200)
    const sell = await seller.session('order.place', {
      ...LIMIT_BUY,
      side: 'SELL',
      type: 'MARKET',
      timeInForce: undefined,
      price: undefined,
    })
    expect(sell.status).toBe(200)
    const report = await seller.raw.event((e) => e.event.e === 'executionReport' && e.event['x'] === 'TRADE')
    expect(report.event).toMatchObject({ S: 'SELL', i: (sell.result as { orderId: number }).orderId })
    const other = await b.signed('myTrades', KEYS.rsa, { symbol: 'BTCUSDT' })
    expect(other.result).toEqual([])
    const mine = await a.signed('myTrades', KEYS.hmac, { symbol: 'BTCUSDT' })
    expect(mine.result).toMatchObject([{ orderId, isBuyer: true }])
    // The watcher's own stream got nothing of it: a ping round trip orders the frames.
    await watcher.raw.request('ping')
    expect(watcher.raw.log.filter((f) => 'event' in f)).toEqual([])
  })
})

describe('security: sessions', () => {
  it('logs on with an Ed25519 key only: HMAC and RSA get -2015 and no session', async () => {
    const c = await kit.open()
    for (const key of [KEYS.hmac, KEYS.rsa]) {
      const r = await c.signed('session.logon', key)
      expect(r.error).toEqual(REJECTED_KEY)
    }
    const status = await c.raw.request('session.status')
    expect(status.result).toMatchObject({ apiKey: null, authorizedSince: null })
    expect((await c.session('account.status')).error?.code).toBe(-1102)
  })

  it('a session is per connection: another connection cannot use it', async () => {
    const c = await kit.open()
    const d = await kit.open()
    expect((await c.signed('session.logon', KEYS.ed)).status).toBe(200)
    expect((await c.session('account.status')).status).toBe(200)
    expect((await d.session('account.status')).error).toEqual({
      code: -1102,
      msg: "Mandatory parameter 'apiKey' was not sent, was empty/null, or malformed.",
    })
  })

  it('logout ends the session subscription with eventStreamTerminated, and the key stops acting', async () => {
    const c = await kit.open()
    expect((await c.signed('session.logon', KEYS.ed)).status).toBe(200)
    const sub = await c.raw.request('userDataStream.subscribe')
    const subscriptionId = (sub.result as { subscriptionId: number }).subscriptionId
    const out = await c.raw.request('session.logout')
    expect(out.result).toMatchObject({ apiKey: null, authorizedSince: null, userDataStream: false })
    const ended = await c.raw.event((e) => e.event.e === 'eventStreamTerminated')
    expect(ended.subscriptionId).toBe(subscriptionId)
    expect((await c.session('order.place', LIMIT_BUY)).error?.code).toBe(-1102)
    // A new order of ed's account: no event reaches the logged-out connection.
    const before = c.raw.log.length
    await a.signed('order.place', KEYS.ed, { ...LIMIT_BUY, price: '1000.00' })
    await c.raw.request('ping')
    expect(c.raw.log.slice(before).filter((f) => 'event' in f)).toEqual([])
  })

  it('a new logon with another key ends the old key subscription', async () => {
    const c = await kit.open()
    expect((await c.signed('session.logon', KEYS.ed)).status).toBe(200)
    expect((await c.raw.request('userDataStream.subscribe')).status).toBe(200)
    expect((await c.signed('session.logon', KEYS.ed2)).status).toBe(200)
    await c.raw.event((e) => e.event.e === 'eventStreamTerminated')
    const status = await c.raw.request('session.status')
    expect(status.result).toMatchObject({ apiKey: KEYS.ed2.apiKey, userDataStream: false })
  })

  it('a timing failure on a session request is still -1021 (timestamp is checked on sessions)', async () => {
    const c = await kit.open()
    expect((await c.signed('session.logon', KEYS.ed)).status).toBe(200)
    const r = await c.raw.request('account.status', { timestamp: kit.now - 6000 })
    expect(r.error?.code).toBe(-1021)
  })
})
