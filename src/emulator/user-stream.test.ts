import { generateKeyPairSync } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSigner } from '../protocol/signing.js'
import { type Emulator, startEmulator } from './index.js'
import { type EventFrame, RawClient } from './raw-client.test-util.js'

const ed = generateKeyPairSync('ed25519')
const edSigner = createSigner({ privateKey: ed.privateKey })
const hmacSigner = createSigner({ apiSecret: 's1' })
const now = 1_700_000_000_000

/** executionReport keys in the order of the spec's payload. */
const EXECUTION_REPORT_KEYS = 'e E s c S o f q p P F g C x X r i l z L n N T t I w m M O Z Y Q W V'.split(' ')

let ex: Emulator
let hmac: RawClient
let session: RawClient

const isReport = (x: string, X?: string) => (f: EventFrame) =>
  f.event.e === 'executionReport' && f.event['x'] === x && (X === undefined || f.event['X'] === X)

beforeAll(async () => {
  ex = await startEmulator({
    port: 0,
    now: () => now,
    accounts: [
      { apiKey: 'k1', hmacSecret: 's1', balances: { USDT: '100000', BTC: '2' } },
      {
        apiKey: 'k2',
        publicKey: ed.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        balances: { USDT: '5000' },
      },
    ],
  })
  hmac = await RawClient.open(ex.url)
  session = await RawClient.open(ex.url)
})

afterAll(async () => {
  await Promise.all([hmac.close(), session.close()])
  await ex.close()
})

describe('emulator user data stream', () => {
  it('refuses userDataStream.subscribe without a logged-on session', async () => {
    expect(await session.request('userDataStream.subscribe')).toMatchObject({
      status: 401,
      error: { code: -1002, msg: 'You are not authorized to execute this request.' },
    })
  })

  it('delivers executionReports and outboundAccountPosition after the response, for maker and taker', async () => {
    await session.signed('session.logon', edSigner, 'k2', {}, now)
    const sub = await session.request('userDataStream.subscribe')
    expect(sub.result).toEqual({ subscriptionId: 0 })
    expect((await session.request('session.status')).result).toMatchObject({ userDataStream: true })

    const bid = {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: '59990.00',
      quantity: '0.05000',
    }
    const placed = await session.request('order.place', {
      ...bid,
      newClientOrderId: 'my-bid',
      timestamp: now,
    })
    expect(placed.result).toMatchObject({ clientOrderId: 'my-bid', status: 'NEW' })
    const created = await session.event(isReport('NEW'))
    expect(Object.keys(created.event)).toEqual(EXECUTION_REPORT_KEYS)
    expect(created).toMatchObject({
      subscriptionId: 0,
      event: {
        s: 'BTCUSDT',
        c: 'my-bid',
        S: 'BUY',
        q: '0.05000000',
        p: '59990.00000000',
        w: true,
        n: '0',
        N: null,
        t: -1,
      },
    })
    const locked = await session.event((f) => f.event.e === 'outboundAccountPosition')
    expect(locked.event['B']).toEqual([{ a: 'USDT', f: '2000.50000000', l: '2999.50000000' }])
    expect(session.log.indexOf(placed)).toBeLessThan(session.log.indexOf(created))

    const sell = {
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'LIMIT',
      timeInForce: 'IOC',
      price: '59990.00',
      quantity: '0.02000',
    }
    const taker = await hmac.signed('order.place', hmacSigner, 'k1', sell, now)
    expect(taker.result).toMatchObject({ status: 'FILLED', executedQty: '0.02000000' })
    const fill = await session.event(isReport('TRADE'))
    expect(fill.event).toMatchObject({
      x: 'TRADE',
      X: 'PARTIALLY_FILLED',
      l: '0.02000000',
      z: '0.02000000',
      L: '59990.00000000',
      Y: '1199.80000000',
      n: '0.00002000',
      N: 'BTC',
      m: true,
      w: true,
      M: true,
    })
    const balances = await session.event((f) => f.event.e === 'outboundAccountPosition')
    expect(balances.event['B']).toEqual([
      { a: 'BTC', f: '0.01998000', l: '0.00000000' },
      { a: 'USDT', f: '2000.50000000', l: '1799.70000000' },
    ])
  })

  it('reports CANCELED with the original client order id in C', async () => {
    const cancel = await session.request('order.cancel', {
      symbol: 'BTCUSDT',
      origClientOrderId: 'my-bid',
      timestamp: now,
    })
    expect(cancel.result).toMatchObject({
      origClientOrderId: 'my-bid',
      status: 'CANCELED',
      executedQty: '0.02000000',
    })
    const canceled = await session.event(isReport('CANCELED', 'CANCELED'))
    expect(canceled.event).toMatchObject({ C: 'my-bid', w: false, z: '0.02000000' })
    expect(canceled.event['c']).toBe((cancel.result as { clientOrderId: string }).clientOrderId)
  })

  it('rejects an order the balance cannot cover with -2010, ORDERS limits first in rateLimits', async () => {
    const order = { symbol: 'ETHBTC', side: 'BUY', type: 'MARKET', quantity: '1.000', timestamp: now }
    const res = await session.request('order.place', order)
    expect(res.error).toEqual({ code: -2010, msg: 'Account has insufficient balance for requested action.' })
    expect(res.rateLimits?.map((r) => r.rateLimitType)).toEqual(['ORDERS', 'ORDERS', 'REQUEST_WEIGHT'])
  })

  it('ends the subscription with eventStreamTerminated on unsubscribe', async () => {
    expect((await session.request('userDataStream.unsubscribe')).result).toEqual({})
    expect(await session.event((f) => f.event.e === 'eventStreamTerminated')).toEqual({
      subscriptionId: 0,
      event: { e: 'eventStreamTerminated', E: now },
    })
    expect((await session.request('userDataStream.unsubscribe')).error?.code).toBe(-2036)
  })

  it('ends the session subscription on session.logout', async () => {
    expect((await session.request('userDataStream.subscribe')).result).toEqual({ subscriptionId: 1 })
    expect((await session.request('userDataStream.subscribe')).error?.code).toBe(-2035)
    await session.request('session.logout')
    expect(await session.event((f) => f.event.e === 'eventStreamTerminated')).toMatchObject({
      subscriptionId: 1,
    })
  })
})
