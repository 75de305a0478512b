// docs/emulator-fidelity.md 3.3 end to end: quoteOrderQty liquidity rejections (3.3.4) and the TRAILING_DELTA filter of
// trailing stops (3.3.7, 3.12.12).
import { describe, expect, it } from 'vitest'
import { perFile, startTraders } from '../../support/exchange.js'
import { limit } from '../../support/order-params.js'
import { rejected, rejection, settled } from '../../support/rejection.js'
import { symbolLike } from '../../support/symbols.js'

const base = symbolLike('BTCUSDT').filters

/** MARKET orders need at least 0.01 (LOT_SIZE takes 0.00001). */
const MARKET_LOT = symbolLike('BTCUSDT', {
  symbol: 'MLOTUSDT',
  filters: base.map((f) =>
    f.filterType === 'MARKET_LOT_SIZE' ? { ...f, minQty: '0.01000000', stepSize: '0.00001000' } : f,
  ),
})

/** MARKET orders may take at most 0.02 (LOT_SIZE takes up to 9,000). */
const MARKET_MAX = symbolLike('BTCUSDT', {
  symbol: 'MMAXUSDT',
  filters: base.map((f) => (f.filterType === 'MARKET_LOT_SIZE' ? { ...f, maxQty: '0.02000000' } : f)),
})

/** Trailing deltas: 100…500 BIPS above, 200…1000 below. */
const TRAILING = symbolLike('BTCUSDT', {
  symbol: 'TRLUSDT',
  filters: [
    ...base,
    {
      filterType: 'TRAILING_DELTA',
      minTrailingAboveDelta: 100,
      maxTrailingAboveDelta: 500,
      minTrailingBelowDelta: 200,
      maxTrailingBelowDelta: 1000,
    },
  ],
})

const t = perFile(() => startTraders({ extraSymbols: [MARKET_LOT, MARKET_MAX, TRAILING] }))

describe('MARKET by quoteOrderQty: liquidity rejections (fidelity 3.3.4)', () => {
  it('an empty book is "symbol minimum quantity"; less than MARKET_LOT_SIZE minQty on the book is its own text', async () => {
    const buy = { symbol: 'MLOTUSDT', side: 'BUY', type: 'MARKET', quoteOrderQty: '1000.00' } as const
    expect(await rejection(t.a.orderPlace(buy))).toMatchObject(
      rejected('Order book liquidity is less than symbol minimum quantity.'),
    )
    const maker = await t.b.orderPlace(limit('MLOTUSDT', 'SELL', '60000.00', '0.00500'))
    expect(await rejection(t.a.orderPlace(buy))).toMatchObject(
      rejected('Order book liquidity is less than MARKET_LOT_SIZE filter minimum quantity.'),
    )
    expect((await t.b.orderStatus({ symbol: 'MLOTUSDT', orderId: maker.data.orderId })).data.status).toBe(
      'NEW',
    )
    await t.b.orderPlace(limit('MLOTUSDT', 'SELL', '60000.00', '0.01000'))
    const { data } = await t.a.orderPlace(buy)
    // 900 of the 1000 find a seller: the book runs out first, so the order expires (fidelity 3.3.4).
    expect(data).toMatchObject({
      status: 'EXPIRED',
      expiryReason: 'INSUFFICIENT_LIQUIDITY',
      origQty: '0.01500000',
      executedQty: '0.01500000',
      cummulativeQuoteQty: '900.00000000',
      origQuoteOrderQty: '1000.00000000',
    })
  })
})

describe('MARKET by quoteOrderQty over MARKET_LOT_SIZE maxQty (fidelity 3.3.4)', () => {
  it('is a MARKET_LOT_SIZE filter failure, not an order capped at maxQty; up to maxQty it fills', async () => {
    await t.b.orderPlace(limit('MMAXUSDT', 'SELL', '60000.00', '0.05000'))
    const funds = async () =>
      (await t.a.accountStatus()).data.balances.find((b) => b.asset === 'USDT') as {
        free: string
        locked: string
      }
    const before = await funds()
    const over = { symbol: 'MMAXUSDT', side: 'BUY', type: 'MARKET', quoteOrderQty: '1800.00' } as const
    const unfilled = async () => (await t.a.accountRateLimitsOrders()).data.map((l) => l.count)
    const counted = await unfilled()
    expect(await rejection(t.a.orderPlace(over))).toMatchObject({
      code: -1013,
      msg: 'Filter failure: MARKET_LOT_SIZE',
    })
    // Not counted in the unfilled order count, as no filter failure is.
    expect(await unfilled()).toEqual(counted)
    expect(await funds()).toEqual(before)
    const { data } = await t.a.orderPlace({ ...over, quoteOrderQty: '1200.00' })
    expect(data).toMatchObject({
      status: 'FILLED',
      executedQty: '0.02000000',
      cummulativeQuoteQty: '1200.00000000',
    })
    await t.a.orderPlace(limit('MMAXUSDT', 'BUY', '59000.00', '0.05000'))
    const sell = { symbol: 'MMAXUSDT', side: 'SELL', type: 'MARKET', quoteOrderQty: '1239.00' } as const
    expect(await rejection(t.b.orderPlace(sell))).toMatchObject({ code: -1013 })
    expect((await t.b.orderPlace({ ...sell, quoteOrderQty: '1180.00' })).data.status).toBe('FILLED')
  })
})

describe('trailing stops and the TRAILING_DELTA filter (fidelity 3.3.7, 3.12.12)', () => {
  const stop = (type: 'STOP_LOSS' | 'TAKE_PROFIT', side: 'BUY' | 'SELL', trailingDelta: number) =>
    ({ symbol: 'TRLUSDT', side, type, quantity: '0.01000', trailingDelta }) as const
  const filterFailure = { code: -1013, msg: 'Filter failure: TRAILING_DELTA', status: 400 }

  it('STOP_LOSS BUY and TAKE_PROFIT SELL use the Above range, the others the Below range, inclusive', async () => {
    const cases: [ReturnType<typeof stop>, boolean][] = [
      [stop('STOP_LOSS', 'BUY', 100), true],
      [stop('STOP_LOSS', 'BUY', 500), true],
      [stop('STOP_LOSS', 'BUY', 99), false],
      [stop('STOP_LOSS', 'BUY', 501), false],
      [stop('TAKE_PROFIT', 'SELL', 600), false],
      [stop('TAKE_PROFIT', 'SELL', 150), true],
      [stop('STOP_LOSS', 'SELL', 150), false],
      [stop('STOP_LOSS', 'SELL', 200), true],
      [stop('STOP_LOSS', 'SELL', 1000), true],
      [stop('STOP_LOSS', 'SELL', 1001), false],
      [stop('TAKE_PROFIT', 'BUY', 800), true],
      [stop('TAKE_PROFIT', 'BUY', 100), false],
    ]
    for (const [params, ok] of cases) {
      const label = `${params.type} ${params.side} ${params.trailingDelta}`
      const outcome = await settled(t.a.orderPlace(params))
      if (!ok) {
        expect(outcome, label).toMatchObject(filterFailure)
        continue
      }
      expect(outcome, label).toBe('resolved')
      const [open] = (await t.a.openOrdersStatus({ symbol: 'TRLUSDT' })).data
      expect(open, label).toMatchObject({
        trailingDelta: params.trailingDelta,
        trailingTime: expect.any(Number),
      })
      await t.a.openOrdersCancelAll({ symbol: 'TRLUSDT' })
    }
  })
})
