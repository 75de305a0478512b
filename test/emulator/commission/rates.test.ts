// Commission end to end: the configured standard, tax and special rates in account.commission and order.test, the
// commission FAQ example, and the BNB discount (docs/emulator-fidelity.md 3.15.x; spec commission_faq.md).
import { describe, expect, it } from 'vitest'
import { NO_COMMISSION, perFile, startExchange } from '../../support/exchange.js'
import { limit } from '../../support/order-params.js'

const FAQ_RATES = {
  standard: { maker: '0.00000010', taker: '0.00000020', buyer: '0.00000030', seller: '0.00000040' },
  special: { maker: '0.01000000', taker: '0.02000000', buyer: '0.03000000', seller: '0.04000000' },
  tax: { maker: '0.00000112', taker: '0.00000114', buyer: '0.00000118', seller: '0.00000116' },
}

const t = perFile(async () => {
  const kit = await startExchange({
    bnbDiscount: { formula: 'MULTIPLY' },
    accounts: [
      {
        apiKey: 'mk',
        key: 'hmac',
        commission: NO_COMMISSION,
        balances: { BTC: '20', USDT: '100000', USDC: '0' },
      },
      { apiKey: 'faq', key: 'hmac', commissions: FAQ_RATES, balances: { BTC: '1' } },
      {
        apiKey: 'bnb',
        key: 'hmac',
        commissions: { ...FAQ_RATES, payInBnb: true },
        balances: { BTC: '1', BNB: '10' },
      },
    ],
  })
  const [mk, faq, bnb] = await kit.connectAll(['mk', 'faq', 'bnb'])
  return Object.assign(kit, { mk, faq, bnb })
})

describe('commission (fidelity 3.15, commission_faq.md)', () => {
  it('account.commission and order.test computeCommissionRates show the configured rates', async () => {
    const r = await t.faq.accountCommission({ symbol: 'BTCUSDT' })
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
    const tested = await t.faq.orderTest({
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'MARKET',
      quantity: '0.49975',
      computeCommissionRates: true,
    })
    expect(tested.data).toEqual({
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
    expect(tested.rateLimits?.[0]?.count).toBeGreaterThanOrEqual(20)
  })

  it('the FAQ example: SELL MARKET 0.49975 @ 35000 pays standard + tax + special out of the USDT', async () => {
    await t.mk.orderPlace(limit('BTCUSDT', 'BUY', '35000.00', '0.49975'))
    const r = await t.faq.orderPlace({
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
    const usdt = (await t.faq.accountStatus()).data.balances.find((b) => b.asset === 'USDT')
    expect(usdt?.free).toBe('16441.72427537')
  })

  it('with the BNB discount enabled and enough BNB, the commission is paid in BNB at the BNBUSDT price', async () => {
    await t.mk.orderPlace(limit('BTCUSDT', 'BUY', '35000.00', '0.49975'))
    const r = await t.bnb.orderPlace({
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'MARKET',
      quantity: '0.49975',
    })
    expect(r.data.fills?.[0]).toMatchObject({ commission: '1.74919642', commissionAsset: 'BNB' })
    const balances = (await t.bnb.accountStatus()).data.balances
    expect(balances.find((b) => b.asset === 'USDT')?.free).toBe('17491.25000000')
    expect(balances.find((b) => b.asset === 'BNB')?.free).toBe('8.25080358')
  })
})
