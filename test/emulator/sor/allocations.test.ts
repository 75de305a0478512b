// SOR end to end: the default SOR group in exchangeInfo, a LIMIT GTC BUY taking the best levels across the group's
// books as allocations, myAllocations' selectors, what MARKET and LIMIT do with the rest (docs/emulator-fidelity.md
// 3.16.x; spec sor_faq.md).
import { describe, expect, it } from 'vitest'
import { NO_COMMISSION, perFile, startExchange } from '../../support/exchange.js'
import { limit } from '../../support/order-params.js'
import { rejection } from '../../support/rejection.js'

const t = perFile(async () => {
  const kit = await startExchange({
    accounts: [
      {
        apiKey: 'mk',
        key: 'hmac',
        commission: NO_COMMISSION,
        balances: { BTC: '20', USDT: '100000', USDC: '0' },
      },
      { apiKey: 'sor', key: 'hmac', commission: NO_COMMISSION, balances: { USDT: '300000' } },
    ],
  })
  const [mk, sor] = await kit.connectAll(['mk', 'sor'])
  return Object.assign(kit, { mk, sor })
})

describe('SOR (fidelity 3.16, sor_faq.md)', () => {
  it('exchangeInfo lists the default SOR group', async () => {
    const info = await t.sor.exchangeInfo({ symbols: ['BTCUSDT'] })
    expect(info.data.sors).toEqual([{ baseAsset: 'BTC', symbols: ['BTCUSDT', 'BTCUSDC'] }])
  })

  it('a LIMIT GTC BUY takes the best levels across BTCUSDT and BTCUSDC as allocations, paying USDT', async () => {
    const mk = t.mk
    const ask = (symbol: string, price: string, quantity: string) =>
      mk.orderPlace(limit(symbol, 'SELL', price, quantity))
    await ask('BTCUSDT', '30800.00', '3.00000')
    await ask('BTCUSDT', '30500.00', '3.00000')
    await ask('BTCUSDC', '30000.00', '1.00000')
    await ask('BTCUSDC', '28000.00', '1.00000')
    const tested = await t.sor.sorOrderTest({
      ...limit('BTCUSDT', 'BUY', '31000.00', '5.00000'),
      computeCommissionRates: true,
    })
    expect(Object.keys(tested.data)).toEqual([
      'standardCommissionForOrder',
      'taxCommissionForOrder',
      'discount',
    ])
    const r = await t.sor.sorOrderPlace(limit('BTCUSDT', 'BUY', '31000.00', '5.00000'))
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
    const mine = (await t.sor.accountStatus()).data.balances
    expect(mine.find((b) => b.asset === 'USDT')?.free).toBe('150500.00000000')
    expect(mine.find((b) => b.asset === 'BTC')?.free).toBe('5.00000000')
    const makers = (await mk.accountStatus()).data.balances
    expect(makers.find((b) => b.asset === 'USDC')?.free).toBe('58000.00000000')
  })

  it('myAllocations answers every supported combination', async () => {
    const sor = t.sor
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
    const sor = t.sor
    const m = await sor.sorOrderPlace({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '4.00000' })
    expect(m.data[0]).toMatchObject({
      status: 'EXPIRED',
      executedQty: '3.00000000',
      cummulativeQuoteQty: '92400.00000000',
    })
    const g = await sor.sorOrderPlace(limit('BTCUSDT', 'BUY', '29000.00', '1.00000'))
    expect(g.data[0]).toMatchObject({ status: 'NEW', executedQty: '0.00000000', fills: [] })
    const depth = await sor.depth({ symbol: 'BTCUSDT', limit: 5 })
    expect(depth.data.bids[0]).toEqual(['29000.00000000', '1.00000000'])
  })
})
