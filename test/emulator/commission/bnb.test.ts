// docs/emulator-fidelity.md 3.15 end to end: paying in BNB with the default REDUCE formula (A44), the fallback to the
// received asset when BNB runs short (3.15.4), and commission in myTrades (3.15.5).
import { describe, expect, it } from 'vitest'
import { balanceOf } from '../../support/account-state.js'
import { BALANCES, perFile, startTraders } from '../../support/exchange.js'
import { limit } from '../../support/order-params.js'

const t = perFile(() =>
  startTraders({
    commission: { maker: '0.001', taker: '0.001', buyer: '0', seller: '0' },
    account: { balances: { ...BALANCES, BNB: '10' }, commissions: { payInBnb: true } },
  }),
)

describe('paying commission in BNB (fidelity 3.15.4, 3.15.5, A44)', () => {
  it('REDUCE by default: standard × (1 − 0.25) in BNB at the BNBUSDT price; short of BNB, the received asset pays', async () => {
    const info = await t.a.accountCommission({ symbol: 'ETHUSDT' })
    expect(info.data.discount).toMatchObject({
      enabledForAccount: true,
      enabledForSymbol: true,
      discountAsset: 'BNB',
      discount: '0.25000000',
    })
    // a sells 1 ETH at 3000 as taker: 3000 × 0.001 = 3 USDT = 0.005 BNB at 600; × 0.75 = 0.00375 BNB.
    await t.b.orderPlace(limit('ETHUSDT', 'BUY', '3000.00', '1.0000'))
    const first = await t.a.orderPlace({
      symbol: 'ETHUSDT',
      side: 'SELL',
      type: 'MARKET',
      quantity: '1.0000',
    })
    expect(first.data.fills).toEqual([
      expect.objectContaining({ price: '3000.00000000', commission: '0.00375000', commissionAsset: 'BNB' }),
    ])
    expect((await balanceOf(t.a, 'BNB')).free).toBe('9.99625000')
    expect((await balanceOf(t.a, 'USDT')).free).toBe('1003000.00000000')

    // Leave 0.001 BNB: not enough for 0.00375, so the full 3 USDT comes out of the USDT received.
    t.ex.withdraw('a', 'BNB', '9.99525')
    await t.b.orderPlace(limit('ETHUSDT', 'BUY', '3000.00', '1.0000'))
    const second = await t.a.orderPlace({
      symbol: 'ETHUSDT',
      side: 'SELL',
      type: 'MARKET',
      quantity: '1.0000',
    })
    expect(second.data.fills).toEqual([
      expect.objectContaining({ commission: '3.00000000', commissionAsset: 'USDT' }),
    ])
    expect((await balanceOf(t.a, 'BNB')).free).toBe('0.00100000')
    expect((await balanceOf(t.a, 'USDT')).free).toBe('1005997.00000000')

    const trades = await t.a.myTrades({ symbol: 'ETHUSDT' })
    expect(
      trades.data.map((t) => [t.orderId, t.commission, t.commissionAsset, t.isBuyer, t.isMaker]),
    ).toEqual([
      [first.data.orderId, '0.00375000', 'BNB', false, false],
      [second.data.orderId, '3.00000000', 'USDT', false, false],
    ])
  })
})
