// Market data computed from the emulator's own trades, end to end: trades and aggregate trades, tickers, the
// reference price and execution rules (docs/emulator-fidelity.md 3.17.x, 3.5.x).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WebsocketAPIConnection } from '../../../src/client/index.js'
import { DEFAULT_SYMBOLS, type Emulator } from '../../../src/emulator/index.js'
import { startExchange, type TestExchange } from '../../support/exchange.js'
import { limit } from '../../support/order-params.js'
import { rejection } from '../../support/rejection.js'

let _ex: Emulator
let maker: WebsocketAPIConnection
let taker: WebsocketAPIConnection
let skew = 0

const symbols = DEFAULT_SYMBOLS.map((s) =>
  s.symbol === 'BTCUSDT'
    ? {
        ...s,
        referencePriceCalculation: {
          calculationType: 'ARITHMETIC_MEAN' as const,
          bucketCount: 10,
          bucketWidthMs: 1000,
        },
        priceRange: {
          bidLimitMultUp: '1.5',
          bidLimitMultDown: '0.5',
          askLimitMultUp: '1.5',
          askLimitMultDown: '0.5',
        },
      }
    : s,
)

const sell = (price: string, quantity: string) => maker.orderPlace(limit('BTCUSDT', 'SELL', price, quantity))
const buy = (price: string, quantity: string) =>
  taker.orderPlace({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'IOC', price, quantity })

let kit: TestExchange

beforeAll(async () => {
  kit = await startExchange({
    symbols,
    now: () => Date.now() + skew,
    accounts: [
      { apiKey: 'm', key: 'hmac', balances: { BTC: '10', USDT: '1000' } },
      { apiKey: 't', key: 'hmac', balances: { USDT: '1000000' } },
    ],
  })
  _ex = kit.ex
  ;[maker, taker] = await kit.connectAll(['m', 't'])
  // Trades 1 (60000 × 0.2); 2, 3 (one taker at two prices); 4, 5 (one taker, one price: one aggregate).
  await sell('60000.00', '0.20000')
  await buy('60000.00', '0.20000')
  await sell('60100.00', '0.10000')
  await sell('60200.00', '0.10000')
  await buy('60200.00', '0.20000')
  await sell('60300.00', '0.10000')
  await sell('60300.00', '0.10000')
  await buy('60300.00', '0.20000')
})

afterAll(() => kit?.close())

describe('trades and aggregate trades (fidelity 3.17.4, 3.17.5, 3.5.4)', () => {
  it('trades.historical pages from fromId, else returns the most recent', async () => {
    const from = await taker.tradesHistorical({ symbol: 'BTCUSDT', fromId: 2, limit: 2 })
    expect(from.data.map((t) => t.id)).toEqual([2, 3])
    expect(from.data[0]).toEqual({
      id: 2,
      price: '60100.00000000',
      qty: '0.10000000',
      quoteQty: '6010.00000000',
      time: expect.any(Number),
      isBuyerMaker: false,
      isBestMatch: true,
    })
    const recent = await taker.tradesHistorical({ symbol: 'BTCUSDT', limit: 2 })
    expect(recent.data.map((t) => t.id)).toEqual([4, 5])
  })

  it('trades.aggregate joins trades of one taker at one time and price', async () => {
    const all = await taker.tradesAggregate({ symbol: 'BTCUSDT' })
    expect(all.data.map((a) => [a.a, a.p, a.q, a.f, a.l])).toEqual([
      [1, '60000.00000000', '0.20000000', 1, 1],
      [2, '60100.00000000', '0.10000000', 2, 2],
      [3, '60200.00000000', '0.10000000', 3, 3],
      [4, '60300.00000000', '0.20000000', 4, 5],
    ])
    expect(Object.keys(all.data[0] ?? {})).toEqual(['a', 'p', 'q', 'f', 'l', 'T', 'm', 'M'])
    const from = await taker.tradesAggregate({ symbol: 'BTCUSDT', fromId: 3, limit: 1 })
    expect(from.data.map((a) => a.a)).toEqual([3])
    const t = all.data[0]?.T ?? 0
    const ranged = await taker.tradesAggregate({
      symbol: 'BTCUSDT',
      startTime: t,
      endTime: t + 60_000,
      limit: 2,
    })
    expect(ranged.data.map((a) => a.a)).toEqual([1, 2])
    expect(
      // The raw path: the typed client refuses the combination itself (param-check.ts, `exclusive`).
      await rejection(taker.sendMessage('trades.aggregate', { symbol: 'BTCUSDT', fromId: 1, startTime: t })),
    ).toMatchObject({
      code: -1128,
    })
  })

  it('blockTrades.historical validates and returns an empty list; uiKlines equals klines', async () => {
    expect((await taker.blockTradesHistorical({ symbol: 'BTCUSDT', fromId: 0 })).data).toEqual([])
    expect(await rejection(taker.blockTradesHistorical({ symbol: 'NOPE', fromId: 0 }))).toMatchObject({
      code: -1121,
    })
    const k = await taker.klines({ symbol: 'BTCUSDT', interval: '1h' })
    const ui = await taker.uiKlines({ symbol: 'BTCUSDT', interval: '1h' })
    expect(ui.data).toEqual(k.data)
    expect(ui.data[0]?.[8]).toBe(5)
  })
})

describe('tickers (fidelity 3.17.7–3.17.9)', () => {
  it('ticker.24hr FULL for one symbol is an object in the spec field order', async () => {
    const r = await taker.ticker24hr({ symbol: 'BTCUSDT' })
    expect(Object.keys(r.data)).toEqual([
      'symbol',
      'priceChange',
      'priceChangePercent',
      'weightedAvgPrice',
      'prevClosePrice',
      'lastPrice',
      'lastQty',
      'bidPrice',
      'bidQty',
      'askPrice',
      'askQty',
      'openPrice',
      'highPrice',
      'lowPrice',
      'volume',
      'quoteVolume',
      'openTime',
      'closeTime',
      'firstId',
      'lastId',
      'count',
    ])
    expect(r.data).toMatchObject({
      symbol: 'BTCUSDT',
      priceChange: '300.00000000',
      priceChangePercent: '0.500',
      weightedAvgPrice: '60150.00000000',
      prevClosePrice: '60000.00000000',
      lastPrice: '60300.00000000',
      lastQty: '0.10000000',
      openPrice: '60000.00000000',
      highPrice: '60300.00000000',
      lowPrice: '60000.00000000',
      volume: '0.60000000',
      quoteVolume: '36090.00000000',
      firstId: 1,
      lastId: 5,
      count: 5,
    })
    const data = r.data as { openTime: number; closeTime: number }
    expect(data.closeTime - data.openTime).toBe(86_400_000)
  })

  it('ticker.24hr MINI, arrays for symbols and for all symbols, and -1220 on a status mismatch', async () => {
    const mini = await taker.ticker24hr({ symbol: 'BTCUSDT', type: 'MINI' })
    expect(Object.keys(mini.data)).toEqual([
      'symbol',
      'openPrice',
      'highPrice',
      'lowPrice',
      'lastPrice',
      'volume',
      'quoteVolume',
      'openTime',
      'closeTime',
      'firstId',
      'lastId',
      'count',
    ])
    const two = await taker.ticker24hr({ symbols: ['BTCUSDT', 'ETHUSDT'] })
    expect(Array.isArray(two.data) && two.data.map((t) => [t.symbol, t.count])).toEqual([
      ['BTCUSDT', 5],
      ['ETHUSDT', 0],
    ])
    const all = await taker.ticker24hr({})
    expect(Array.isArray(all.data) && all.data.length).toBe(symbols.length)
    expect(all.rateLimits?.[0]?.count).toBeGreaterThanOrEqual(80)
    expect(await rejection(taker.ticker24hr({ symbol: 'BTCUSDT', symbolStatus: 'HALT' }))).toMatchObject({
      code: -1220,
    })
  })

  it('rolling ticker opens on a minute boundary; tradingDay covers the day in timeZone', async () => {
    const r = await taker.ticker({ symbol: 'BTCUSDT', windowSize: '2h' })
    const t = r.data as { openTime: number; closeTime: number; count: number; priceChange?: string }
    expect(t.openTime % 60_000).toBe(0)
    expect(t.closeTime - t.openTime).toBeGreaterThanOrEqual(7_200_000)
    expect(t.closeTime - t.openTime).toBeLessThan(7_260_000)
    expect(t.count).toBe(5)
    expect(t.priceChange).toBe('300.00000000')
    const day = await taker.tickerTradingDay({ symbols: ['BTCUSDT'], timeZone: '0' })
    const d = (day.data as { openTime: number; closeTime: number; count: number }[])[0]
    expect(d?.openTime ? d.openTime % 86_400_000 : -1).toBe(0)
    expect(d && d.closeTime - d.openTime).toBe(86_399_999)
    expect(d?.count).toBe(5)
    expect(await rejection(taker.tickerTradingDay({ symbol: 'BTCUSDT', timeZone: '15' }))).toMatchObject({
      code: -1130,
    })
  })
})

describe('reference price and execution rules (fidelity 3.5.6, 3.17.12, 3.17.13)', () => {
  it('ARITHMETIC_MEAN averages the trade prices of the window; -2043 without a calculation', async () => {
    const r = await taker.referencePrice({ symbol: 'BTCUSDT' })
    expect(r.data).toEqual({
      symbol: 'BTCUSDT',
      referencePrice: '60180.00000000',
      timestamp: expect.any(Number),
    })
    expect((await taker.referencePriceCalculation({ symbol: 'BTCUSDT' })).data).toEqual({
      symbol: 'BTCUSDT',
      calculationType: 'ARITHMETIC_MEAN',
      bucketCount: 10,
      bucketWidthMs: 1000,
    })
    const none = { code: -2043, msg: "This symbol doesn't have a reference price.", status: 400 }
    expect(await rejection(taker.referencePrice({ symbol: 'ETHUSDT' }))).toMatchObject(none)
    expect(await rejection(taker.referencePriceCalculation({ symbol: 'ETHUSDT' }))).toMatchObject(none)
  })

  it('executionRules lists the PRICE_RANGE rule; only one selector is allowed', async () => {
    const r = await taker.executionRules({ symbol: 'BTCUSDT' })
    expect(r.data).toEqual({
      symbolRules: [
        {
          symbol: 'BTCUSDT',
          rules: [
            {
              ruleType: 'PRICE_RANGE',
              bidLimitMultUp: '1.5',
              bidLimitMultDown: '0.5',
              askLimitMultUp: '1.5',
              askLimitMultDown: '0.5',
            },
          ],
        },
      ],
    })
    const many = await taker.executionRules({ symbols: '["BTCUSDT","ETHUSDT"]' })
    expect(many.data.symbolRules.map((s) => [s.symbol, s.rules.length])).toEqual([
      ['BTCUSDT', 1],
      ['ETHUSDT', 0],
    ])
    expect(
      await rejection(taker.sendMessage('executionRules', { symbol: 'BTCUSDT', symbolStatus: 'TRADING' })),
    ).toMatchObject({
      code: -1128,
    })
  })

  it('the reference price becomes null once the window holds no trade', async () => {
    skew = 60_000
    const r = await taker.referencePrice({ symbol: 'BTCUSDT' })
    skew = 0
    expect(r.data.referencePrice).toBeNull()
  })
})
