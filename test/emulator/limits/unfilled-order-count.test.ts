// The unfilled order count end to end: what each order method adds to it, the first-fill credits that give
// `taker` and `maker` back, and what a cancel or an expired FOK leaves (docs/emulator-fidelity.md 3.13.x).
import { describe, expect, it } from 'vitest'
import { dayCount, orderCounts } from '../../support/account-state.js'
import { exchangePerTest, perFile, startTraders } from '../../support/exchange.js'
import {
  limit,
  makerAndStopOco,
  pendingMaker,
  pendingMakerAndStop,
  workingLimit,
} from '../../support/order-params.js'

const exchange = exchangePerTest()
const t = perFile(() => startTraders())

describe('unfilled order count credits', () => {
  it('gives back `taker` for a first fill on entry and `maker` for a first fill on the book', async () => {
    const kit = await exchange({
      limits: { firstFillDecrement: { taker: 1, maker: 5 } },
      accounts: [
        { apiKey: 'maker', key: 'hmac', balances: { BTC: '1' } },
        { apiKey: 'taker', key: 'hmac', balances: { USDT: '100000' } },
      ],
    })
    const [maker, taker] = await kit.connectAll(['maker', 'taker'])
    for (let i = 0; i < 6; i++) {
      await maker.orderPlace(limit('BTCUSDT', 'SELL', `${60000 + i}.00`, '0.01000'))
    }
    expect(await orderCounts(maker)).toEqual([6, 6])
    const buy = await taker.orderPlace({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.01000',
    })
    expect(buy.rateLimits?.slice(0, 2).map((l) => l.count)).toEqual([0, 0])
    expect(await orderCounts(maker)).toEqual([1, 1])
    await taker.orderPlace({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.00500' })
    expect(await orderCounts(maker)).toEqual([0, 0])
    await taker.orderPlace({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.00500' })
    expect(await orderCounts(maker)).toEqual([0, 0])
    expect(await orderCounts(taker)).toEqual([0, 0])
  })

  it('keeps the count on cancel and on a FOK that expires unfilled', async () => {
    const kit = await exchange({ accounts: [{ apiKey: 'k', key: 'hmac', balances: { USDT: '100000' } }] })
    const c = await kit.connect('k')
    const order = {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      price: '10000.00',
      quantity: '0.00100',
    } as const
    const placed = await c.orderPlace({ ...order, timeInForce: 'GTC' })
    await c.orderCancel({ symbol: 'BTCUSDT', orderId: placed.data.orderId })
    const fok = await c.orderPlace({ ...order, timeInForce: 'FOK' })
    expect(fok.data).toMatchObject({ status: 'EXPIRED' })
    expect((await c.accountRateLimitsOrders()).data.map((l) => l.count)).toEqual([2, 2])
  })
})

describe('unfilled order count per method (fidelity 3.13.2, 3.9.2)', () => {
  it('order.place and sor.order.place +1, OCO/OTO/OPO +2, OTOCO/OPOCO +3, cancelReplace +1, amend 0, order.test 0', async () => {
    const steps: [string, () => Promise<unknown>, number][] = [
      ['order.place', () => t.a.orderPlace(limit('BTCUSDT', 'BUY', '50000.00', '0.01000')), 1],
      ['order.test', () => t.a.orderTest(limit('BTCUSDT', 'BUY', '50000.00', '0.01000')), 0],
      ['sor.order.place', () => t.a.sorOrderPlace(limit('BTCUSDT', 'BUY', '50000.00', '0.01000')), 1],
      [
        'orderList.place.oco',
        () => t.a.orderListPlaceOco(makerAndStopOco('BTCUSDT', 'SELL', '0.01000', '70000.00', '50000.00')),
        2,
      ],
      [
        'orderList.place.oto',
        () =>
          t.a.orderListPlaceOto({
            ...workingLimit('BTCUSDT', 'BUY', '50000.00', '0.01000'),
            ...pendingMaker('SELL', '70000.00', '0.01000'),
          }),
        2,
      ],
      [
        'orderList.place.opo',
        () =>
          t.a.orderListPlaceOpo({
            ...workingLimit('BTCUSDT', 'BUY', '50000.00', '0.01000'),
            ...pendingMaker('SELL', '70000.00'),
          }),
        2,
      ],
      [
        'orderList.place.otoco',
        () =>
          t.a.orderListPlaceOtoco({
            ...workingLimit('BTCUSDT', 'BUY', '50000.00', '0.01000'),
            ...pendingMakerAndStop('SELL', '70000.00', '45000.00', '0.01000'),
          }),
        3,
      ],
      [
        'orderList.place.opoco',
        () =>
          t.a.orderListPlaceOpoco({
            ...workingLimit('BTCUSDT', 'BUY', '50000.00', '0.01000'),
            ...pendingMakerAndStop('SELL', '70000.00', '45000.00'),
          }),
        3,
      ],
    ]
    for (const [name, step, increment] of steps) {
      const before = await dayCount(t.a)
      await step()
      expect(await dayCount(t.a), name).toBe(before + increment)
    }
    const resting = await t.a.orderPlace(limit('BTCUSDT', 'BUY', '50000.00', '0.02000'))
    let before = await dayCount(t.a)
    await t.a.orderAmendKeepPriority({ symbol: 'BTCUSDT', orderId: resting.data.orderId, newQty: '0.01000' })
    expect(await dayCount(t.a), 'order.amend.keepPriority').toBe(before)
    before = await dayCount(t.a)
    await t.a.orderCancelReplace({
      ...limit('BTCUSDT', 'SELL', '70000.00', '0.01000'),
      cancelReplaceMode: 'STOP_ON_FAILURE',
      cancelOrderId: resting.data.orderId,
    })
    expect(await dayCount(t.a), 'order.cancelReplace').toBe(before + 1)
    await t.a.openOrdersCancelAll({ symbol: 'BTCUSDT' })
  })
})
