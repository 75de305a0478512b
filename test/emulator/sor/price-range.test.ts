// SOR and the Price Range Execution Rule (docs/emulator-fidelity.md 3.16.4, 3.5.5): a SOR order whose taker phase
// the rule stops expires as order.place does (what it filled stays filled), and a LIMIT GTC remainder never rests
// through the own book's opposite side.
import { describe, expect, it } from 'vitest'
import { DEFAULT_SYMBOLS } from '../../../src/emulator/exchange/default-symbols.js'
import { NO_COMMISSION, perTest, startExchange, T0 } from '../../support/exchange.js'
import { limit } from '../../support/order-params.js'
import { recordEvents } from '../../support/user-events.js'

/** BTCUSDT with reference 60000: trades only within 57000…63000. BTCUSDC has no rule. */
const symbols = DEFAULT_SYMBOLS.map((s) =>
  s.symbol === 'BTCUSDT'
    ? {
        ...s,
        referencePriceCalculation: {
          calculationType: 'EXTERNAL' as const,
          externalCalculationId: 0,
          price: '60000',
        },
        priceRange: {
          bidLimitMultUp: '1.05',
          bidLimitMultDown: '0.95',
          askLimitMultUp: '1.05',
          askLimitMultDown: '0.95',
        },
      }
    : s,
)

const t = perTest(async () => {
  const kit = await startExchange({
    clock: T0,
    symbols,
    accounts: [
      { apiKey: 'mk', key: 'hmac', commission: NO_COMMISSION, balances: { BTC: '1' } },
      { apiKey: 'sor', key: 'hmac', commission: NO_COMMISSION, balances: { USDT: '1000' } },
    ],
  })
  const [mk, sor] = await kit.connectAll(['mk', 'sor'], { syncClock: false })
  return Object.assign(kit, { mk, sor, sorEvents: await recordEvents(sor, 'signature') })
})

const prices = (levels: readonly (readonly string[])[]) => levels.map(([p, q]) => `${p} ${q}`)

describe('SOR under the price-range rule (fidelity 3.16.4)', () => {
  it('a LIMIT GTC the rule stops expires EXECUTION_RULE_PRICE_RANGE_EXCEEDED, as order.place does; nothing rests', async () => {
    for (const p of ['62000.00', '63000.00', '64000.00'])
      await t.mk.orderPlace(limit('BTCUSDT', 'SELL', p, '0.00100'))
    await t.mk.orderPlace(limit('BTCUSDC', 'SELL', '62500.00', '0.00100'))
    const { data } = await t.sor.sorOrderPlace({
      ...limit('BTCUSDT', 'BUY', '65000.00', '0.00400'),
      newOrderRespType: 'FULL',
    })
    const placed = data[0]
    expect(placed).toMatchObject({
      status: 'EXPIRED',
      executedQty: '0.00300000',
      cummulativeQuoteQty: '187.50000000',
      workingFloor: 'SOR',
      usedSor: true,
      expiryReason: 'EXECUTION_RULE_PRICE_RANGE_EXCEEDED',
    })
    expect(placed?.fills?.map((f) => `${f.qty}@${f.price}`)).toEqual([
      '0.00100000@62000.00000000',
      '0.00100000@62500.00000000',
      '0.00100000@63000.00000000',
    ])
    const orderId = placed?.orderId ?? -1
    const reports = await t.sorEvents.settle(() => {
      const got = t.sorEvents.reports('BTCUSDT', orderId)
      expect(got.at(-1)?.x).toBe('EXPIRED')
      return got
    })
    expect(reports.map((r) => `${r.x} ${r.X} ${r.eR ?? '-'}`)).toEqual([
      'NEW NEW -',
      'TRADE PARTIALLY_FILLED -',
      'TRADE PARTIALLY_FILLED -',
      'TRADE PARTIALLY_FILLED -',
      'EXPIRED EXPIRED EXECUTION_RULE_PRICE_RANGE_EXCEEDED',
    ])
    expect(reports.at(-1)).toMatchObject({ z: '0.00300000', Z: '187.50000000', w: false, k: 'SOR', uS: true })
    const book = (await t.sor.depth({ symbol: 'BTCUSDT' })).data
    expect(book.bids).toEqual([])
    expect(prices(book.asks)).toEqual(['64000.00000000 0.00100000'])
    const allocations = (await t.sor.myAllocations({ symbol: 'BTCUSDT', orderId })).data
    expect(allocations.map((a) => a.price)).toEqual(['62000.00000000', '62500.00000000', '63000.00000000'])
    const balances = (await t.sor.accountStatus({ omitZeroBalances: true })).data.balances
    expect(balances).toEqual([
      { asset: 'BTC', free: '0.00300000', locked: '0.00000000' },
      { asset: 'USDT', free: '812.50000000', locked: '0.00000000' },
    ])
  })

  it('a LIMIT FOK that only an out-of-range level could complete expires untraded, as order.place does', async () => {
    for (const p of ['62000.00', '64000.00']) await t.mk.orderPlace(limit('BTCUSDT', 'SELL', p, '0.00100'))
    const { data } = await t.sor.sorOrderPlace({
      ...limit('BTCUSDT', 'BUY', '65000.00', '0.00200'),
      timeInForce: 'FOK',
    })
    expect(data[0]).toMatchObject({
      status: 'EXPIRED',
      executedQty: '0.00000000',
      expiryReason: 'UNFILLED_FOK_ORDER_EXPIRED',
    })
    expect((await t.sor.depth({ symbol: 'BTCUSDT' })).data.asks).toHaveLength(2)
  })

  it('a GTC remainder takes what its own trades put on the own book (a triggered stop) instead of resting through it', async () => {
    await t.mk.orderPlace(limit('BTCUSDT', 'SELL', '62000.00', '0.00100'))
    await t.mk.orderPlace({
      ...limit('BTCUSDT', 'SELL', '61000.00', '0.00100'),
      type: 'TAKE_PROFIT_LIMIT',
      stopPrice: '62000.00',
    })
    const { data } = await t.sor.sorOrderPlace({
      ...limit('BTCUSDT', 'BUY', '62500.00', '0.00300'),
      newOrderRespType: 'FULL',
    })
    expect(data[0]).toMatchObject({ status: 'PARTIALLY_FILLED', executedQty: '0.00200000' })
    expect(data[0]?.fills?.map((f) => f.price)).toEqual(['62000.00000000', '61000.00000000'])
    const book = (await t.sor.depth({ symbol: 'BTCUSDT' })).data
    expect(book.asks).toEqual([])
    expect(prices(book.bids)).toEqual(['62500.00000000 0.00100000'])
  })
})
