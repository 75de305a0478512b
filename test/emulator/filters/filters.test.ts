// Area C end to end: filters, commission (standard/tax/special, BNB) and SOR, through our client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BinanceError, SpotWebsocketAPI, type WebsocketAPIConnection } from '../../../src/client/index.js'
import { DEFAULT_SYMBOLS, type Emulator, startEmulator } from '../../../src/emulator/index.js'

const FAQ_RATES = {
  standard: { maker: '0.00000010', taker: '0.00000020', buyer: '0.00000030', seller: '0.00000040' },
  special: { maker: '0.01000000', taker: '0.02000000', buyer: '0.03000000', seller: '0.04000000' },
  tax: { maker: '0.00000112', taker: '0.00000114', buyer: '0.00000118', seller: '0.00000116' },
}
const ZERO = { maker: '0', taker: '0', buyer: '0', seller: '0' }

let ex: Emulator
const conns: Record<string, WebsocketAPIConnection> = {}

async function rejection(p: Promise<unknown>): Promise<{ code: number; msg: string }> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  )
  if (!(e instanceof BinanceError)) throw new Error(`expected a BinanceError, got ${String(e)}`)
  return { code: e.code, msg: e.msg }
}

const symbols = DEFAULT_SYMBOLS.map((s) =>
  s.symbol === 'ETHUSDT'
    ? {
        ...s,
        filters: [
          ...s.filters.filter((f) => f.filterType !== 'MAX_NUM_ORDERS'),
          { filterType: 'MAX_NUM_ORDERS' as const, maxNumOrders: 2 },
        ],
      }
    : s,
)

beforeAll(async () => {
  ex = await startEmulator({
    port: 0,
    liquidity: false,
    symbols,
    exchangeFilters: [{ filterType: 'EXCHANGE_MAX_NUM_ORDERS', maxNumOrders: 4 }],
    bnbDiscount: { formula: 'MULTIPLY' },
    accounts: [
      { apiKey: 'mk', hmacSecret: 's', commission: ZERO, balances: { BTC: '20', USDT: '100000', USDC: '0' } },
      { apiKey: 'faq', hmacSecret: 's', commissions: FAQ_RATES, balances: { BTC: '1' } },
      {
        apiKey: 'bnb',
        hmacSecret: 's',
        commissions: { ...FAQ_RATES, payInBnb: true },
        balances: { BTC: '1', BNB: '10' },
      },
      {
        apiKey: 'lim',
        hmacSecret: 's',
        balances: { USDT: '100000', ETH: '10' },
        assetFilters: [{ filterType: 'MAX_ASSET', asset: 'ETH', limit: '1.00000000' }],
      },
      { apiKey: 'sor', hmacSecret: 's', commission: ZERO, balances: { USDT: '300000' } },
    ],
  })
  for (const key of ['mk', 'faq', 'bnb', 'lim', 'sor']) {
    conns[key] = await new SpotWebsocketAPI({ wsURL: ex.url, apiKey: key, apiSecret: 's' }).connect()
  }
})

afterAll(async () => {
  await Promise.all(Object.values(conns).map((c) => c.disconnect()))
  await ex?.close()
})

const c = (key: string) => conns[key] as WebsocketAPIConnection

describe('filters (DIGEST 3.12)', () => {
  it('MAX_NUM_ORDERS, then EXCHANGE_MAX_NUM_ORDERS, count the open orders', async () => {
    const lim = c('lim')
    const bid = (symbol: string, price: string) =>
      lim.orderPlace({ symbol, side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price, quantity: '0.1000' })
    await bid('ETHUSDT', '100.00')
    await bid('ETHUSDT', '101.00')
    expect(await rejection(bid('ETHUSDT', '102.00'))).toEqual({
      code: -1013,
      msg: 'Filter failure: MAX_NUM_ORDERS',
    })
    const btcBid = (price: string) =>
      lim.orderPlace({
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        price,
        quantity: '0.10000',
      })
    await btcBid('100.00')
    await btcBid('101.00')
    expect(await rejection(btcBid('102.00'))).toEqual({
      code: -1013,
      msg: 'Filter failure: EXCHANGE_MAX_NUM_ORDERS',
    })
  })

  it('MAX_ASSET caps one order; myFilters shows the exchange, symbol and asset filters', async () => {
    const lim = c('lim')
    const big = lim.orderTest({
      symbol: 'ETHBTC',
      side: 'SELL',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: '0.05000',
      quantity: '1.001',
    })
    expect(await rejection(big)).toEqual({ code: -1013, msg: 'Filter failure: MAX_ASSET' })
    const f = await lim.myFilters({ symbol: 'ETHBTC' })
    expect(f.data.exchangeFilters).toEqual([{ filterType: 'EXCHANGE_MAX_NUM_ORDERS', maxNumOrders: 4 }])
    expect(f.data.symbolFilters.map((x) => x.filterType)).toContain('LOT_SIZE')
    expect(f.data.assetFilters).toEqual([{ filterType: 'MAX_ASSET', asset: 'ETH', limit: '1.00000000' }])
    expect((await lim.myFilters({ symbol: 'BNBUSDT' })).data.assetFilters).toEqual([])
  })
})

describe('commission (DIGEST 3.15, commission_faq.md)', () => {
  it('account.commission and order.test computeCommissionRates show the configured rates', async () => {
    const r = await c('faq').accountCommission({ symbol: 'BTCUSDT' })
    expect(r.data).toEqual({
      symbol: 'BTCUSDT',
      standardCommission: FAQ_RATES.standard,
      specialCommission: FAQ_RATES.special,
      taxCommission: FAQ_RATES.tax,
      discount: {
        enabledForAccount: false,
        enabledForSymbol: true,
        discountAsset: 'BNB',
        discount: '0.25000000',
      },
    })
    const t = await c('faq').orderTest({
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'MARKET',
      quantity: '0.49975',
      computeCommissionRates: true,
    })
    expect(t.data).toEqual({
      standardCommissionForOrder: { maker: '0.00000050', taker: '0.00000060' },
      specialCommissionForOrder: { maker: '0.05000000', taker: '0.06000000' },
      taxCommissionForOrder: { maker: '0.00000228', taker: '0.00000230' },
      discount: {
        enabledForAccount: false,
        enabledForSymbol: true,
        discountAsset: 'BNB',
        discount: '0.25000000',
      },
    })
    expect(t.rateLimits?.[0]?.count).toBeGreaterThanOrEqual(20)
  })

  it('the FAQ example: SELL MARKET 0.49975 @ 35000 pays standard + tax + special out of the USDT', async () => {
    await c('mk').orderPlace({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: '35000.00',
      quantity: '0.49975',
    })
    const r = await c('faq').orderPlace({
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'MARKET',
      quantity: '0.49975',
    })
    expect(r.data.fills).toEqual([
      {
        price: '35000.00000000',
        qty: '0.49975000',
        commission: '1049.52572463',
        commissionAsset: 'USDT',
        tradeId: expect.any(Number),
      },
    ])
    const usdt = (await c('faq').accountStatus()).data.balances.find((b) => b.asset === 'USDT')
    expect(usdt?.free).toBe('16441.72427537')
  })

  it('with the BNB discount enabled and enough BNB, the commission is paid in BNB at the BNBUSDT price', async () => {
    await c('mk').orderPlace({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: '35000.00',
      quantity: '0.49975',
    })
    const r = await c('bnb').orderPlace({
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'MARKET',
      quantity: '0.49975',
    })
    expect(r.data.fills?.[0]).toMatchObject({ commission: '1.74919642', commissionAsset: 'BNB' })
    const balances = (await c('bnb').accountStatus()).data.balances
    expect(balances.find((b) => b.asset === 'USDT')?.free).toBe('17491.25000000')
    expect(balances.find((b) => b.asset === 'BNB')?.free).toBe('8.25080358')
  })
})

describe('SOR (DIGEST 3.16, sor_faq.md)', () => {
  it('exchangeInfo lists the default SOR group', async () => {
    const info = await c('sor').exchangeInfo({ symbols: ['BTCUSDT'] })
    expect(info.data.sors).toEqual([{ baseAsset: 'BTC', symbols: ['BTCUSDT', 'BTCUSDC'] }])
  })

  it('a LIMIT GTC BUY takes the best levels across BTCUSDT and BTCUSDC as allocations, paying USDT', async () => {
    const mk = c('mk')
    const ask = (symbol: string, price: string, quantity: string) =>
      mk.orderPlace({ symbol, side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price, quantity })
    await ask('BTCUSDT', '30800.00', '3.00000')
    await ask('BTCUSDT', '30500.00', '3.00000')
    await ask('BTCUSDC', '30000.00', '1.00000')
    await ask('BTCUSDC', '28000.00', '1.00000')
    const t = await c('sor').sorOrderTest({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: '31000.00',
      quantity: '5.00000',
      computeCommissionRates: true,
    })
    expect(Object.keys(t.data)).toEqual(['standardCommissionForOrder', 'taxCommissionForOrder', 'discount'])
    const r = await c('sor').sorOrderPlace({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: '31000.00',
      quantity: '5.00000',
    })
    expect(r.data).toHaveLength(1)
    const order = r.data[0]
    expect(order).toMatchObject({
      symbol: 'BTCUSDT',
      status: 'FILLED',
      executedQty: '5.00000000',
      cummulativeQuoteQty: '149500.00000000',
      workingFloor: 'SOR',
      usedSor: true,
    })
    expect(Object.keys(order ?? {}).slice(-4)).toEqual([
      'fills',
      'workingFloor',
      'selfTradePreventionMode',
      'usedSor',
    ])
    expect(order?.fills?.map((f) => [f.matchType, f.price, f.qty, f.tradeId, f.allocId])).toEqual([
      ['ONE_PARTY_TRADE_REPORT', '28000.00000000', '1.00000000', -1, 0],
      ['ONE_PARTY_TRADE_REPORT', '30000.00000000', '1.00000000', -1, 1],
      ['ONE_PARTY_TRADE_REPORT', '30500.00000000', '3.00000000', -1, 2],
    ])
    const mine = (await c('sor').accountStatus()).data.balances
    expect(mine.find((b) => b.asset === 'USDT')?.free).toBe('150500.00000000')
    expect(mine.find((b) => b.asset === 'BTC')?.free).toBe('5.00000000')
    const makers = (await mk.accountStatus()).data.balances
    expect(makers.find((b) => b.asset === 'USDC')?.free).toBe('58000.00000000')
  })

  it('myAllocations answers every supported combination', async () => {
    const sor = c('sor')
    const all = await sor.myAllocations({ symbol: 'BTCUSDT' })
    expect(all.data.map((a) => a.allocationId)).toEqual([0, 1, 2])
    expect(all.data[0]).toEqual({
      symbol: 'BTCUSDT',
      allocationId: 0,
      allocationType: 'SOR',
      orderId: expect.any(Number),
      orderListId: -1,
      price: '28000.00000000',
      qty: '1.00000000',
      quoteQty: '28000.00000000',
      commission: '0.00000000',
      commissionAsset: 'BTC',
      time: expect.any(Number),
      isBuyer: true,
      isMaker: false,
      isAllocator: false,
    })
    const orderId = all.data[0]?.orderId ?? 0
    const time = all.data[0]?.time ?? 0
    expect(
      (await sor.myAllocations({ symbol: 'BTCUSDT', fromAllocationId: 1 })).data.map((a) => a.allocationId),
    ).toEqual([1, 2])
    expect((await sor.myAllocations({ symbol: 'BTCUSDT', orderId, fromAllocationId: 2 })).data).toHaveLength(
      1,
    )
    expect((await sor.myAllocations({ symbol: 'BTCUSDT', orderId: orderId + 1000 })).data).toEqual([])
    expect(
      (await sor.myAllocations({ symbol: 'BTCUSDT', startTime: time, limit: 2 })).data.map(
        (a) => a.allocationId,
      ),
    ).toEqual([0, 1])
    expect(
      (await sor.myAllocations({ symbol: 'BTCUSDT', endTime: time, limit: 2 })).data.map(
        (a) => a.allocationId,
      ),
    ).toEqual([1, 2])
    expect(
      (await sor.myAllocations({ symbol: 'BTCUSDT', startTime: time, endTime: time })).data,
    ).toHaveLength(3)
    expect(
      await rejection(sor.myAllocations({ symbol: 'BTCUSDT', startTime: time - 90_000_000, endTime: time })),
    ).toMatchObject({ code: -1127 })
    expect(await rejection(sor.myAllocations({ symbol: 'BTCUSDT', orderId, startTime: time }))).toMatchObject(
      { code: -1128 },
    )
  })

  it('MARKET expires the remainder when every book is exhausted; LIMIT GTC rests it on its own book', async () => {
    const sor = c('sor')
    const m = await sor.sorOrderPlace({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '4.00000' })
    expect(m.data[0]).toMatchObject({
      status: 'EXPIRED',
      executedQty: '3.00000000',
      cummulativeQuoteQty: '92400.00000000',
    })
    const g = await sor.sorOrderPlace({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: '29000.00',
      quantity: '1.00000',
    })
    expect(g.data[0]).toMatchObject({ status: 'NEW', executedQty: '0.00000000', fills: [] })
    const depth = await sor.depth({ symbol: 'BTCUSDT', limit: 5 })
    expect(depth.data.bids[0]).toEqual(['29000.00000000', '1.00000000'])
  })
})
