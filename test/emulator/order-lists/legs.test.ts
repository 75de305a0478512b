// docs/emulator-fidelity.md 3.6 end to end: OCO leg types and positions (3.6.6), the stop-leg trigger path of an OCO
// (3.6.7), an IOC pending leg (3.4.5) and the OPO pending quantity net of commission (3.6.12, 3.15.7).
import { describe, expect, it } from 'vitest'
import { perFile, startTraders } from '../../support/exchange.js'
import { limit, makerAndStopOco, pendingMaker, workingLimit } from '../../support/order-params.js'
import { rejection } from '../../support/rejection.js'
import { symbolLike } from '../../support/symbols.js'

/** BTCUSDT with a base asset nobody holds. */
const XYZ = symbolLike('BTCUSDT', { symbol: 'XYZUSDT', baseAsset: 'XYZ' })

const t = perFile(() => startTraders({ extraSymbols: [XYZ], record: true }))

describe('OCO leg types and positions (fidelity 3.6.6)', () => {
  it('-1158 for two stop-loss legs or no stop-loss leg; -1196 / -1197 for a stop-loss on the wrong side', async () => {
    const buy = { symbol: 'BTCUSDT', side: 'BUY', quantity: '0.01000' } as const
    const sell = { ...buy, side: 'SELL' } as const
    const typeRejected = { code: -1158, msg: 'Order type not supported in OCO.', status: 400 }
    expect(
      await rejection(
        t.a.orderListPlaceOco({
          ...buy,
          aboveType: 'STOP_LOSS',
          aboveStopPrice: '61000.00',
          belowType: 'STOP_LOSS_LIMIT',
          belowStopPrice: '59000.00',
          belowPrice: '59000.00',
          belowTimeInForce: 'GTC',
        }),
      ),
    ).toMatchObject(typeRejected)
    expect(
      await rejection(
        t.a.orderListPlaceOco({
          ...sell,
          aboveType: 'TAKE_PROFIT',
          aboveStopPrice: '61000.00',
          belowType: 'LIMIT_MAKER',
          belowPrice: '59000.00',
        }),
      ),
    ).toMatchObject(typeRejected)
    expect(
      await rejection(
        t.a.orderListPlaceOco({
          ...buy,
          aboveType: 'TAKE_PROFIT',
          aboveStopPrice: '61000.00',
          belowType: 'STOP_LOSS',
          belowStopPrice: '59000.00',
        }),
      ),
    ).toMatchObject({ code: -1196, msg: 'A stop loss order in a buy OCO must be above.', status: 400 })
    expect(
      await rejection(
        t.a.orderListPlaceOco({
          ...sell,
          aboveType: 'STOP_LOSS',
          aboveStopPrice: '61000.00',
          belowType: 'TAKE_PROFIT',
          belowStopPrice: '59000.00',
        }),
      ),
    ).toMatchObject({ code: -1197, msg: 'A stop loss order in a sell OCO must be below.', status: 400 })
    // With exactly one stop-loss leg on its side, a take-profit leg is on its side too: -1198/-1199 cannot
    // follow from a two-leg OCO once the stop-loss position is checked. The valid pairs are accepted.
    const tpBuy = await t.a.orderListPlaceOco({
      ...buy,
      aboveType: 'STOP_LOSS',
      aboveStopPrice: '61000.00',
      belowType: 'TAKE_PROFIT',
      belowStopPrice: '59000.00',
    })
    expect(tpBuy.data.orderReports.map((r) => r.type)).toEqual(['STOP_LOSS', 'TAKE_PROFIT'])
    expect((await t.a.openOrderListsStatus()).data).toHaveLength(1)
    await t.a.openOrdersCancelAll({ symbol: 'BTCUSDT' })
  })
})

describe('OCO runtime: the stop leg triggers (fidelity 3.6.7, A27)', () => {
  it('a trade at the stop price starts the stop leg and expires the limit leg with OCO_TRIGGER; the list ends ALL_DONE', async () => {
    const { data } = await t.a.orderListPlaceOco(
      makerAndStopOco('BTCUSDT', 'SELL', '0.01000', '61000.00', '59000.00'),
    )
    const [stopLeg, limitLeg] = data.orders.map((o) => o.orderId) as [number, number]
    await t.b.orderPlace(limit('BTCUSDT', 'BUY', '58000.00', '0.05000'))
    await t.b.orderPlace(limit('BTCUSDT', 'BUY', '59000.00', '0.01000'))
    await t.b.orderPlace({ ...limit('BTCUSDT', 'SELL', '59000.00', '0.01000'), timeInForce: 'IOC' })
    await t.eventsA.settle(() => {
      expect(t.eventsA.reports('BTCUSDT', limitLeg).at(-1)).toMatchObject({
        x: 'EXPIRED',
        X: 'EXPIRED',
        eR: 'OCO_TRIGGER',
      })
      expect(t.eventsA.reports('BTCUSDT', stopLeg).at(-1)).toMatchObject({
        x: 'TRADE',
        X: 'FILLED',
        L: '58000.00000000',
      })
      expect(t.eventsA.lists(data.orderListId).at(-1)).toMatchObject({ l: 'ALL_DONE', L: 'ALL_DONE' })
    })
    const status = await t.a.orderListStatus({ orderListId: data.orderListId })
    expect(status.data).toMatchObject({ listStatusType: 'ALL_DONE', listOrderStatus: 'ALL_DONE' })
    expect((await t.a.orderStatus({ symbol: 'BTCUSDT', orderId: limitLeg })).data).toMatchObject({
      status: 'EXPIRED',
    })
    await t.b.openOrdersCancelAll({ symbol: 'BTCUSDT' })
  })

  it('a BUY OCO whose TAKE_PROFIT leg triggers buys at market and expires the stop leg; nothing stays locked', async () => {
    const lockedUsdt = async () =>
      (await t.a.accountStatus()).data.balances.find((x) => x.asset === 'USDT')?.locked
    const before = await lockedUsdt()
    // Last price 60000, then an ask for the triggered market order to take.
    await t.b.orderPlace(limit('BTCUSDT', 'BUY', '60000.00', '0.00100'))
    await t.b.orderPlace({ ...limit('BTCUSDT', 'SELL', '60000.00', '0.00100'), timeInForce: 'IOC' })
    await t.b.orderPlace(limit('BTCUSDT', 'SELL', '59500.00', '0.05000'))
    const { data } = await t.a.orderListPlaceOco({
      symbol: 'BTCUSDT',
      side: 'BUY',
      quantity: '0.01000',
      aboveType: 'STOP_LOSS',
      aboveStopPrice: '61000.00',
      belowType: 'TAKE_PROFIT',
      belowStopPrice: '59000.00',
    })
    const legs = new Map(data.orderReports.map((o) => [o.type, o.orderId]))
    const [tpLeg, stopLeg] = [legs.get('TAKE_PROFIT'), legs.get('STOP_LOSS')] as [number, number]
    await t.b.orderPlace(limit('BTCUSDT', 'BUY', '59000.00', '0.00100'))
    await t.b.orderPlace({ ...limit('BTCUSDT', 'SELL', '59000.00', '0.00100'), timeInForce: 'IOC' })
    await t.eventsA.settle(() => {
      expect(t.eventsA.reports('BTCUSDT', stopLeg).at(-1)).toMatchObject({ X: 'EXPIRED', eR: 'OCO_TRIGGER' })
      expect(t.eventsA.reports('BTCUSDT', tpLeg).at(-1)).toMatchObject({
        x: 'TRADE',
        X: 'FILLED',
        L: '59500.00000000',
      })
      expect(t.eventsA.lists(data.orderListId).at(-1)).toMatchObject({ l: 'ALL_DONE', L: 'ALL_DONE' })
    })
    expect(await lockedUsdt()).toBe(before)
    await t.b.openOrdersCancelAll({ symbol: 'BTCUSDT' })
  })

  it('a trailing stop leg that triggers expires the limit leg too', async () => {
    await t.b.orderPlace(limit('BTCUSDT', 'BUY', '60000.00', '0.01000'))
    await t.b.orderPlace({ ...limit('BTCUSDT', 'SELL', '60000.00', '0.01000'), timeInForce: 'IOC' })
    const { data } = await t.a.orderListPlaceOco({
      symbol: 'BTCUSDT',
      side: 'SELL',
      quantity: '0.01000',
      aboveType: 'LIMIT_MAKER',
      abovePrice: '62000.00',
      belowType: 'STOP_LOSS',
      belowTrailingDelta: 100,
    })
    const [stopLeg, limitLeg] = data.orders.map((o) => o.orderId) as [number, number]
    await t.b.orderPlace(limit('BTCUSDT', 'BUY', '59000.00', '0.05000'))
    // 60000 × 0.99 = 59400: a trade at 59500 does not trigger, one at 59400 does.
    await t.b.orderPlace(limit('BTCUSDT', 'BUY', '59500.00', '0.00100'))
    await t.b.orderPlace({ ...limit('BTCUSDT', 'SELL', '59500.00', '0.00100'), timeInForce: 'IOC' })
    const quiet = await t.a.orderStatus({ symbol: 'BTCUSDT', orderId: limitLeg })
    expect(quiet.data.status).toBe('NEW')
    await t.b.orderPlace(limit('BTCUSDT', 'BUY', '59400.00', '0.00100'))
    await t.b.orderPlace({ ...limit('BTCUSDT', 'SELL', '59400.00', '0.00100'), timeInForce: 'IOC' })
    await t.eventsA.settle(() => {
      expect(t.eventsA.reports('BTCUSDT', limitLeg).at(-1)).toMatchObject({ X: 'EXPIRED', eR: 'OCO_TRIGGER' })
      expect(t.eventsA.reports('BTCUSDT', stopLeg).at(-1)).toMatchObject({ X: 'FILLED', d: 100 })
    })
    await t.b.openOrdersCancelAll({ symbol: 'BTCUSDT' })
  })
})

describe('pending legs (fidelity 3.4.5, 3.6.12, 3.15.7)', () => {
  it('an OTOCO pending leg may be IOC; it starts as IOC when the working order fills', async () => {
    const { data } = await t.a.orderListPlaceOtoco({
      ...workingLimit('BTCUSDT', 'BUY', '50000.00', '0.01000'),
      pendingSide: 'SELL',
      pendingQuantity: '0.01000',
      pendingAboveType: 'LIMIT_MAKER',
      pendingAbovePrice: '70000.00',
      pendingBelowType: 'STOP_LOSS_LIMIT',
      pendingBelowStopPrice: '45000.00',
      pendingBelowPrice: '44000.00',
      pendingBelowTimeInForce: 'IOC',
    })
    const stopLeg = data.orderReports.find((r) => r.type === 'STOP_LOSS_LIMIT')
    expect(stopLeg).toMatchObject({ status: 'PENDING_NEW', timeInForce: 'IOC' })
    await t.b.orderPlace({ ...limit('BTCUSDT', 'SELL', '50000.00', '0.01000'), timeInForce: 'IOC' })
    const id = stopLeg?.orderId ?? 0
    await t.eventsA.settle(() =>
      expect(t.eventsA.reports('BTCUSDT', id).at(-1)).toMatchObject({ X: 'NEW', f: 'IOC' }),
    )
    expect((await t.a.orderStatus({ symbol: 'BTCUSDT', orderId: id })).data).toMatchObject({
      status: 'NEW',
      timeInForce: 'IOC',
      isWorking: false,
    })
    await t.a.openOrdersCancelAll({ symbol: 'BTCUSDT' })
  })

  const opo = {
    ...workingLimit('XYZUSDT', 'BUY', '60000.00', '0.10000'),
    ...pendingMaker('SELL', '62000.00'),
  } as const

  it('without free base to pay the commission, the pending SELL gets the received base net of commission', async () => {
    t.ex.deposit('b', 'XYZ', '1')
    const { data } = await t.a.orderListPlaceOpo(opo)
    await t.b.orderPlace({ ...limit('XYZUSDT', 'SELL', '60000.00', '0.10000'), timeInForce: 'IOC' })
    const pending = data.orders[1]?.orderId ?? 0
    await t.eventsA.settle(() =>
      expect(t.eventsA.reports('XYZUSDT', pending).at(-1)).toMatchObject({ X: 'NEW' }),
    )
    // Received 0.1, maker commission 0.1 × 0.001 = 0.0001 XYZ: 0.0999 left for the pending order.
    const leg = await t.a.orderStatus({ symbol: 'XYZUSDT', orderId: pending })
    expect(leg.data).toMatchObject({ status: 'NEW', origQty: '0.09990000' })
    const trades = await t.a.myTrades({ symbol: 'XYZUSDT' })
    expect(trades.data.at(-1)).toMatchObject({ commission: '0.00010000', commissionAsset: 'XYZ' })
    const account = await t.a.accountStatus({ omitZeroBalances: true })
    expect(account.data.balances.find((x) => x.asset === 'XYZ')).toEqual({
      asset: 'XYZ',
      free: '0.00000000',
      locked: '0.09990000',
    })
    await t.a.openOrdersCancelAll({ symbol: 'XYZUSDT' })
  })

  it('with enough free base, the commission comes out of the free balance and the pending SELL gets all of it', async () => {
    const { data } = await t.a.orderListPlaceOpo(opo)
    await t.b.orderPlace({ ...limit('XYZUSDT', 'SELL', '60000.00', '0.10000'), timeInForce: 'IOC' })
    const pending = data.orders[1]?.orderId ?? 0
    await t.eventsA.settle(() =>
      expect(t.eventsA.reports('XYZUSDT', pending).at(-1)).toMatchObject({ X: 'NEW' }),
    )
    const leg = await t.a.orderStatus({ symbol: 'XYZUSDT', orderId: pending })
    expect(leg.data).toMatchObject({ status: 'NEW', origQty: '0.10000000' })
    const account = await t.a.accountStatus({})
    expect(account.data.balances.find((x) => x.asset === 'XYZ')).toEqual({
      asset: 'XYZ',
      free: '0.09980000',
      locked: '0.10000000',
    })
    await t.a.openOrdersCancelAll({ symbol: 'XYZUSDT' })
  })
})
