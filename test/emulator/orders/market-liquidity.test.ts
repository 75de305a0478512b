// MARKET orders end to end against the real book (docs/emulator-fidelity.md 3.3.3, 3.3.4, 3.3.8): what the book
// holds beyond an iceberg's slice, without the makers self-trade prevention removes; a quoteOrderQty order the book
// cannot serve in full expires like an order by quantity.
import { describe, expect, it } from 'vitest'
import { balanceOf } from '../../support/account-state.js'
import { NO_COMMISSION, perTest, startExchange } from '../../support/exchange.js'
import { limit } from '../../support/order-params.js'
import { recordEvents } from '../../support/user-events.js'

const t = perTest(async () => {
  const kit = await startExchange({
    accounts: [
      { apiKey: 'mk', key: 'hmac', commission: NO_COMMISSION },
      { apiKey: 'tk', key: 'hmac', commission: NO_COMMISSION },
      { apiKey: 'small', key: 'hmac', commission: NO_COMMISSION, balances: { USDT: '20000' } },
    ],
  })
  const [mk, tk, small] = await kit.connectAll(['mk', 'tk', 'small'])
  const tkEvents = await recordEvents(tk, 'signature')
  return Object.assign(kit, { mk, tk, small, tkEvents })
})

const iceberg = (side: 'BUY' | 'SELL', price: string, quantity: string, icebergQty: string) => ({
  ...limit('BTCUSDT', side, price, quantity),
  icebergQty,
})
const market = (side: 'BUY' | 'SELL', amount: { quantity: string } | { quoteOrderQty: string }) =>
  ({ symbol: 'BTCUSDT', side, type: 'MARKET', ...amount }) as const

describe('MARKET by quantity and iceberg hidden quantity (fidelity 3.3.3, 3.3.8)', () => {
  it('buys the refreshed slices at the iceberg price, and is refused only for what it would really pay', async () => {
    await t.mk.orderPlace(iceberg('SELL', '60000.00', '0.60000', '0.10000'))
    await t.mk.orderPlace(limit('BTCUSDT', 'SELL', '90000.00', '0.20000'))
    const bought = await t.tk.orderPlace(market('BUY', { quantity: '0.25000' }))
    expect(bought.data).toMatchObject({ status: 'FILLED', executedQty: '0.25000000' })
    expect(bought.data.fills?.map((f) => [f.price, f.qty])).toEqual([
      ['60000.00000000', '0.10000000'],
      ['60000.00000000', '0.10000000'],
      ['60000.00000000', '0.05000000'],
    ])
    // Shown: 0.05 @60000 and 0.2 @90000, 21,000 for 0.3; the book sells 0.3 for 18,000 of the 20,000 held.
    const { data } = await t.small.orderPlace(market('BUY', { quantity: '0.30000' }))
    expect(data).toMatchObject({
      status: 'FILLED',
      executedQty: '0.30000000',
      cummulativeQuoteQty: '18000.00000000',
    })
    expect(await balanceOf(t.small, 'USDT')).toEqual({ free: '2000.00000000', locked: '0.00000000' })
  })
})

describe('MARKET by quoteOrderQty on the real book (fidelity 3.3.4)', () => {
  it('sells and buys for the quote amount through hidden quantity, and past the own bid EXPIRE_MAKER removes', async () => {
    await t.mk.orderPlace(iceberg('BUY', '60000.00', '0.30000', '0.10000'))
    await t.mk.orderPlace(limit('BTCUSDT', 'BUY', '50000.00', '0.30000'))
    const sold = await t.tk.orderPlace(market('SELL', { quoteOrderQty: '15000.00' }))
    expect(sold.data).toMatchObject({
      status: 'FILLED',
      origQty: '0.25000000',
      executedQty: '0.25000000',
      cummulativeQuoteQty: '15000.00000000',
    })
    expect(await balanceOf(t.tk, 'BTC')).toEqual({ free: '49.75000000', locked: '0.00000000' })

    await t.mk.orderPlace(iceberg('SELL', '61000.00', '0.30000', '0.10000'))
    await t.mk.orderPlace(limit('BTCUSDT', 'SELL', '70000.00', '0.30000'))
    const bought = await t.tk.orderPlace(market('BUY', { quoteOrderQty: '15250.00' }))
    expect(bought.data).toMatchObject({
      status: 'FILLED',
      executedQty: '0.25000000',
      cummulativeQuoteQty: '15250.00000000',
    })

    // The bids: 0.05 @60000 left of the iceberg, tk's own 0.1 @55000, 0.3 @50000. EXPIRE_MAKER removes the own bid:
    // 13,000 is 0.05 @60000 and 0.2 @50000.
    const own = await t.tk.orderPlace(limit('BTCUSDT', 'BUY', '55000.00', '0.10000'))
    const stp = await t.tk.orderPlace({
      ...market('SELL', { quoteOrderQty: '13000.00' }),
      selfTradePreventionMode: 'EXPIRE_MAKER',
    })
    expect(stp.data).toMatchObject({
      status: 'FILLED',
      executedQty: '0.25000000',
      cummulativeQuoteQty: '13000.00000000',
    })
    const ownNow = await t.tk.orderStatus({ symbol: 'BTCUSDT', orderId: own.data.orderId })
    expect(ownNow.data.status).toBe('EXPIRED_IN_MATCH')
  })
})

describe('MARKET by quoteOrderQty the book runs out for (fidelity 3.3.4; market_orders_faq.md)', () => {
  it('expires with INSUFFICIENT_LIQUIDITY, origQty what it bought; reports NEW, TRADE, EXPIRED (x and X)', async () => {
    await t.mk.orderPlace(limit('BTCUSDT', 'SELL', '60000.00', '0.01000'))
    const { data } = await t.tk.orderPlace(market('BUY', { quoteOrderQty: '1000.00' }))
    expect(data).toMatchObject({
      status: 'EXPIRED',
      expiryReason: 'INSUFFICIENT_LIQUIDITY',
      origQty: '0.01000000',
      executedQty: '0.01000000',
      origQuoteOrderQty: '1000.00000000',
      cummulativeQuoteQty: '600.00000000',
    })
    const reports = await t.tkEvents.settle(() => {
      const r = t.tkEvents.reports('BTCUSDT', data.orderId)
      expect(r).toHaveLength(3)
      return r
    })
    expect(reports.map((r) => [r.x, r.X, r.q, r.z, r.Q])).toEqual([
      ['NEW', 'NEW', '0.01000000', '0.00000000', '1000.00000000'],
      ['TRADE', 'PARTIALLY_FILLED', '0.01000000', '0.01000000', '1000.00000000'],
      ['EXPIRED', 'EXPIRED', '0.01000000', '0.01000000', '1000.00000000'],
    ])
    expect(reports[2]).toMatchObject({ eR: 'INSUFFICIENT_LIQUIDITY' })
    expect(await balanceOf(t.tk, 'USDT')).toEqual({ free: '999400.00000000', locked: '0.00000000' })
  })
})
