// account.status end to end: the spec's fields in order, commissions as integers and as rates, zero balances, and
// canTrade of a key without TRADE (docs/emulator-fidelity.md 3.1.7, 3.15.1, A55).
import { describe, expect, it } from 'vitest'
import { perFile, startExchange } from '../../support/exchange.js'

const t = perFile(async () => {
  const kit = await startExchange({
    commission: { maker: '0.0015', taker: '0.0015', buyer: '0', seller: '0' },
    accounts: [
      { apiKey: 'ed', balances: { USDT: '10000', BTC: '1', ETH: '5' } },
      { apiKey: 'ro', key: 'hmac', permissions: ['USER_DATA'], balances: { USDT: '5' } },
    ],
  })
  const [a, readOnly] = await kit.connectAll(['ed', 'ro'])
  return Object.assign(kit, { a, readOnly })
})

describe('account.status (fidelity 3.1.7, 3.15.1, A55)', () => {
  it('has the spec fields in order: commissions as integers and rates, flags, SPOT, uid; mirrors account.commission', async () => {
    const { data } = await t.a.accountStatus({ omitZeroBalances: true })
    expect(Object.keys(data)).toEqual([
      'makerCommission',
      'takerCommission',
      'buyerCommission',
      'sellerCommission',
      'canTrade',
      'canWithdraw',
      'canDeposit',
      'commissionRates',
      'brokered',
      'requireSelfTradePrevention',
      'preventSor',
      'updateTime',
      'accountType',
      'balances',
      'permissions',
      'uid',
    ])
    expect(data).toMatchObject({
      makerCommission: 15,
      takerCommission: 15,
      buyerCommission: 0,
      sellerCommission: 0,
      canTrade: true,
      canWithdraw: true,
      canDeposit: true,
      commissionRates: {
        maker: '0.00150000',
        taker: '0.00150000',
        buyer: '0.00000000',
        seller: '0.00000000',
      },
      brokered: false,
      requireSelfTradePrevention: false,
      preventSor: false,
      accountType: 'SPOT',
      permissions: ['SPOT'],
    })
    expect(Object.keys(data.commissionRates)).toEqual(['maker', 'taker', 'buyer', 'seller'])
    expect(Number.isInteger(data.updateTime)).toBe(true)
    expect(Number.isInteger(data.uid)).toBe(true)
    expect('tradeGroupId' in data).toBe(false)
    expect(data.balances).toEqual([
      { asset: 'BTC', free: '1.00000000', locked: '0.00000000' },
      { asset: 'ETH', free: '5.00000000', locked: '0.00000000' },
      { asset: 'USDT', free: '10000.00000000', locked: '0.00000000' },
    ])
    for (const b of data.balances) expect(Object.keys(b)).toEqual(['asset', 'free', 'locked'])
    const commission = await t.a.accountCommission({ symbol: 'BTCUSDT' })
    expect(commission.data.standardCommission).toEqual(data.commissionRates)
  })

  it('lists zero balances without omitZeroBalances; canTrade is false for a key without TRADE', async () => {
    const { data } = await t.readOnly.accountStatus()
    expect(data.canTrade).toBe(false)
    expect(data.balances.find((b) => b.asset === 'BTC')).toEqual({
      asset: 'BTC',
      free: '0.00000000',
      locked: '0.00000000',
    })
    expect(data.uid).not.toBe((await t.a.accountStatus()).data.uid)
  })
})
