import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSigner } from '../protocol/signing.js'
import { type Emulator, startEmulator } from './index.js'
import { RawClient, type Response } from './raw-client.test-util.js'

const now = 1_700_000_000_000
const signer = createSigner({ apiSecret: 's1' })
const makerSigner = createSigner({ apiSecret: 's2' })

let ex: Emulator
let client: RawClient

const place = (params: Record<string, unknown>, key = 'k1') =>
  client.signed(
    'order.place',
    key === 'k1' ? signer : makerSigner,
    key,
    { symbol: 'BTCUSDT', ...params },
    now,
  )
const call = (method: string, params: Record<string, unknown> = {}) =>
  client.signed(method, signer, 'k1', params, now)
const result = <T>(r: Response) => r.result as T

beforeAll(async () => {
  ex = await startEmulator({
    port: 0,
    now: () => now,
    liquidity: false,
    accounts: [
      { apiKey: 'k1', hmacSecret: 's1', balances: { USDT: '100000', BTC: '2' } },
      {
        apiKey: 'k2',
        hmacSecret: 's2',
        balances: { USDT: '100000', BTC: '2' },
        commission: { maker: '0', taker: '0' },
      },
    ],
  })
  client = await RawClient.open(ex.url)
})

afterAll(async () => {
  await client.close()
  await ex.close()
})

describe('emulator orders', () => {
  it('rests a LIMIT order; RESULT has the spec fields in order; status and open orders find it', async () => {
    const limit = { side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: '50000.00', quantity: '0.10000' }
    const r = await place({ ...limit, newOrderRespType: 'RESULT', newClientOrderId: 'a1' })
    expect(Object.keys(r.result as object)).toEqual([
      'symbol',
      'orderId',
      'orderListId',
      'clientOrderId',
      'transactTime',
      'price',
      'origQty',
      'executedQty',
      'origQuoteOrderQty',
      'cummulativeQuoteQty',
      'status',
      'timeInForce',
      'type',
      'side',
      'workingTime',
      'selfTradePreventionMode',
    ])
    expect(r.result).toMatchObject({
      price: '50000.00000000',
      origQty: '0.10000000',
      origQuoteOrderQty: '0.00000000',
    })
    const status = await call('order.status', { symbol: 'BTCUSDT', origClientOrderId: 'a1' })
    expect(status.result).toMatchObject({
      clientOrderId: 'a1',
      status: 'NEW',
      isWorking: true,
      stopPrice: '0.00000000',
    })
    const open = await call('openOrders.status')
    expect(result<{ clientOrderId: string }[]>(open).map((o) => o.clientOrderId)).toEqual(['a1'])
    expect((await place({ ...limit, newClientOrderId: 'a1' })).error).toEqual({
      code: -2010,
      msg: 'Duplicate order sent.',
    })
    const account = await call('account.status', { omitZeroBalances: true })
    expect(result<{ balances: unknown[] }>(account).balances).toEqual([
      { asset: 'BTC', free: '2.00000000', locked: '0.00000000' },
      { asset: 'USDT', free: '95000.00000000', locked: '5000.00000000' },
    ])
    const canceled = await call('order.cancel', {
      symbol: 'BTCUSDT',
      origClientOrderId: 'a1',
      newClientOrderId: 'c1',
    })
    expect(canceled.result).toMatchObject({
      origClientOrderId: 'a1',
      clientOrderId: 'c1',
      status: 'CANCELED',
    })
    expect((await call('order.cancel', { symbol: 'BTCUSDT', origClientOrderId: 'c1' })).error).toEqual({
      code: -2011,
      msg: 'Unknown order sent.',
    })
    expect((await call('order.status', { symbol: 'BTCUSDT', orderId: 999 })).error?.code).toBe(-2013)
  })

  it('fills a MARKET order against resting makers with FULL fills and commission', async () => {
    await place(
      { side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price: '60000.00', quantity: '0.10000' },
      'k2',
    )
    await place(
      { side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price: '60100.00', quantity: '0.10000' },
      'k2',
    )
    const r = await place({ side: 'BUY', type: 'MARKET', quantity: '0.15000' })
    expect(r.result).toMatchObject({
      status: 'FILLED',
      executedQty: '0.15000000',
      cummulativeQuoteQty: '9005.00000000',
      price: '0.00000000',
      timeInForce: 'GTC',
      fills: [
        { price: '60000.00000000', qty: '0.10000000', commission: '0.00010000', commissionAsset: 'BTC' },
        { price: '60100.00000000', qty: '0.05000000', commission: '0.00005000', commissionAsset: 'BTC' },
      ],
    })
    const trades = await call('myTrades', { symbol: 'BTCUSDT' })
    expect(result<object[]>(trades).at(-1)).toMatchObject({
      price: '60100.00000000',
      qty: '0.05000000',
      quoteQty: '3005.00000000',
      isBuyer: true,
      isMaker: false,
      isBestMatch: true,
    })
    const recent = await client.request('trades.recent', { symbol: 'BTCUSDT', limit: 2 })
    expect(result<object[]>(recent).map((t) => Object.keys(t))[0]).toEqual([
      'id',
      'price',
      'qty',
      'quoteQty',
      'time',
      'isBuyerMaker',
      'isBestMatch',
    ])
    const klines = await client.request('klines', { symbol: 'BTCUSDT', interval: '1h' })
    expect(klines.result).toEqual([
      [
        1699999200000,
        '60000.00000000',
        '60100.00000000',
        '60000.00000000',
        '60100.00000000',
        '0.15000000',
        1700002799999,
        '9005.00000000',
        2,
        '0.15000000',
        '9005.00000000',
        '0',
      ],
    ])
    expect((await client.request('avgPrice', { symbol: 'BTCUSDT' })).result).toEqual({
      mins: 5,
      price: '60033.33333333',
      closeTime: now,
    })
  })

  it('buys by quoteOrderQty and expires the unfilled part of IOC and FOK orders', async () => {
    const q = await place({
      side: 'BUY',
      type: 'MARKET',
      quoteOrderQty: '1202.00',
      newOrderRespType: 'RESULT',
    })
    expect(q.result).toMatchObject({
      status: 'FILLED',
      origQty: '0.02000000',
      origQuoteOrderQty: '1202.00000000',
      cummulativeQuoteQty: '1202.00000000',
    })
    const fok = await place({
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'FOK',
      price: '60100.00',
      quantity: '1.00000',
    })
    expect(fok.result).toMatchObject({
      status: 'EXPIRED',
      executedQty: '0.00000000',
      expiryReason: 'UNFILLED_FOK_ORDER_EXPIRED',
      fills: [],
    })
    const ioc = await place({
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'IOC',
      price: '60100.00',
      quantity: '1.00000',
    })
    expect(ioc.result).toMatchObject({
      status: 'EXPIRED',
      executedQty: '0.03000000',
      expiryReason: 'UNFILLED_IOC_QUANTITY_EXPIRED',
    })
  })

  it('rejects with the spec errors: filters, LIMIT_MAKER crossing, missing params', async () => {
    await place(
      { side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price: '61000.00', quantity: '0.01000' },
      'k2',
    )
    const limit = { side: 'BUY', type: 'LIMIT', timeInForce: 'GTC' }
    expect((await place({ ...limit, price: '50000.001', quantity: '0.01000' })).error).toEqual({
      code: -1013,
      msg: 'Filter failure: PRICE_FILTER',
    })
    expect((await place({ ...limit, price: '50000.00', quantity: '0.000015' })).error).toEqual({
      code: -1013,
      msg: 'Filter failure: LOT_SIZE',
    })
    expect((await place({ ...limit, price: '100.00', quantity: '0.01000' })).error).toEqual({
      code: -1013,
      msg: 'Filter failure: NOTIONAL',
    })
    expect(
      (await place({ side: 'BUY', type: 'LIMIT_MAKER', price: '61000.00', quantity: '0.01000' })).error,
    ).toEqual({
      code: -2010,
      msg: 'Order would immediately match and take.',
    })
    expect(
      (await place({ side: 'BUY', type: 'LIMIT', price: '61000.00', quantity: '0.01000' })).error,
    ).toEqual({
      code: -1102,
      msg: "Mandatory parameter 'timeInForce' was not sent, was empty/null, or malformed.",
    })
    expect((await place({ side: 'BUY', type: 'MARKET' })).error).toEqual({
      code: -1102,
      msg: "Param 'quantity' or 'quoteOrderQty' must be sent, but both were empty/null!",
    })
    expect((await place({ side: 'UP', type: 'MARKET', quantity: '1' })).error).toEqual({
      code: -1117,
      msg: 'Invalid side.',
    })
    expect((await place({ side: 'BUY', type: 'STOP_LOSS', quantity: '1', stopPrice: '1' })).error).toEqual({
      code: -2010,
      msg: 'Order would trigger immediately.',
    })
  })

  it('validates order.test without placing, and computes commission rates on request', async () => {
    const before = await call('openOrders.status', { symbol: 'BTCUSDT' })
    const test = {
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: '70000.00',
      quantity: '0.01000',
    }
    const r = await call('order.test', test)
    expect(r.result).toEqual({})
    expect(r.rateLimits?.map((l) => l.rateLimitType)).toEqual(['REQUEST_WEIGHT'])
    expect((await call('openOrders.status', { symbol: 'BTCUSDT' })).result).toEqual(before.result)
    const rates = await call('order.test', { ...test, computeCommissionRates: true })
    expect(rates.result).toMatchObject({
      standardCommissionForOrder: { maker: '0.00100000', taker: '0.00100000' },
    })
    expect(rates.rateLimits?.[0]?.count).toBe((r.rateLimits?.[0]?.count ?? 0) + 6 + 20)
  })
  it('order.test refuses what order.place refuses up to the matching engine: iceberg and peg combinations', async () => {
    const before = await call('openOrders.status', { symbol: 'BTCUSDT' })
    const limit = { side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price: '70000.00', quantity: '0.01000' }
    const cases: [Record<string, unknown>, string][] = [
      [{ ...limit, icebergQty: '0.01000' }, 'IcebergQty exceeds QTY.'],
      [{ ...limit, timeInForce: 'IOC', icebergQty: '0.00500' }, 'Unsupported order combination'],
      [
        { ...limit, timeInForce: 'IOC', pegPriceType: 'PRIMARY_PEG' },
        'This price peg cannot be used with this order type.',
      ],
    ]
    for (const [params, msg] of cases) {
      for (const method of ['order.test', 'order.place']) {
        const r = await call(method, { symbol: 'BTCUSDT', ...params })
        expect(r.error, `${method} ${msg}`).toEqual({ code: -2010, msg })
      }
    }
    expect((await call('openOrders.status', { symbol: 'BTCUSDT' })).result).toEqual(before.result)
  })
})
