import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSigner } from '../protocol/signing.js'
import { type Emulator, startEmulator } from './index.js'
import { RawClient, type Response } from './raw-client.test-util.js'

const now = 1_700_000_000_000
const signer = createSigner({ apiSecret: 's1' })

let ex: Emulator
let client: RawClient

beforeAll(async () => {
  ex = await startEmulator({
    port: 0,
    now: () => now,
    liquidity: false,
    accounts: [
      { apiKey: 'k1', hmacSecret: 's1', balances: { USDT: '100000' } },
      { apiKey: 'k2', hmacSecret: 's2', balances: { BTC: '1' } },
    ],
  })
  client = await RawClient.open(ex.url)
})

afterAll(async () => {
  await client.close()
  await ex.close()
})

describe('emulator rate limits', () => {
  it('gives back one unfilled order on the first fill of an order, maker or taker', async () => {
    const maker = {
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: '60000.00',
      quantity: '0.01000',
    }
    const sell = await client.signed('order.place', createSigner({ apiSecret: 's2' }), 'k2', maker, now)
    expect(sell.rateLimits?.[0]).toMatchObject({ rateLimitType: 'ORDERS', count: 1 })
    const taker = { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.00400' }
    const buy = await client.signed('order.place', signer, 'k1', taker, now)
    expect(buy.rateLimits?.slice(0, 2).map((l) => l.count)).toEqual([0, 0])
    const again = await client.signed('order.place', createSigner({ apiSecret: 's2' }), 'k2', maker, now)
    expect(again.rateLimits?.[0]).toMatchObject({ count: 1 })
  })

  it('answers 429 -1015 once 50 orders are placed within 10 seconds', async () => {
    const order = { side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: '10000.00', quantity: '0.00100' }
    let last: Response | undefined
    for (let i = 0; i < 60 && last?.status !== 429; i++)
      last = await client.signed('order.place', signer, 'k1', { symbol: 'BTCUSDT', ...order }, now)
    const orders = last?.rateLimits?.filter((l) => l.rateLimitType === 'ORDERS')
    expect(last).toMatchObject({
      status: 429,
      error: {
        code: -1015,
        msg: 'Too many new orders; current limit is 50 orders per 10 SECOND.',
        data: { serverTime: now, retryAfter: 1_700_000_010_000 },
      },
    })
    expect(orders?.map((l) => [l.interval, l.intervalNum, l.count])).toEqual([
      ['SECOND', 10, 50],
      ['DAY', 1, 50],
    ])
  })

  it('answers 429 -1003 once an IP spends more than 6000 request weight in a minute', async () => {
    const quick = await startEmulator({ port: 0, now: () => now, liquidity: false })
    const c = await RawClient.open(quick.url)
    try {
      let last: Response | undefined
      for (let i = 0; i < 400 && last?.status !== 429; i++) last = await c.request('exchangeInfo')
      expect(last).toMatchObject({
        status: 429,
        error: { code: -1003, data: { serverTime: now, retryAfter: 1_700_000_040_000 } },
        rateLimits: [{ rateLimitType: 'REQUEST_WEIGHT', count: 6002 }],
      })
      expect(last?.error?.msg).toBe(
        'Too much request weight used; current limit is 6000 request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.',
      )
    } finally {
      await c.close()
      await quick.close()
    }
  })
})
