// Order lists end to end through our client: OCO placement, triggers and cancel, list queries, the deprecated OCO,
// OTOCO and OPOCO.
import { describe, expect, it } from 'vitest'
import { balanceOf } from '../../support/account-state.js'
import { perTest, startTraders, T0 } from '../../support/exchange.js'
import { limit, pendingMakerAndStop, SELL_OCO, workingLimit } from '../../support/order-params.js'
import { rejection } from '../../support/rejection.js'

const t = perTest(() =>
  startTraders({ clock: T0, account: { balances: { USDT: '100000', BTC: '5' } }, record: true }),
)

const opocoBase = {
  ...workingLimit('BTCUSDT', 'BUY', '60000.00', '0.10000'),
  ...pendingMakerAndStop('SELL', '62000.00', '59000.00'),
} as const

describe('orderList.place.oco', () => {
  it('places both legs, stop-loss leg first, sharing one reservation (spec RESULT example shape)', async () => {
    const { data } = await t.a.orderListPlaceOco({ ...SELL_OCO, newOrderRespType: 'RESULT' })
    expect(Object.keys(data)).toEqual([
      'orderListId',
      'contingencyType',
      'listStatusType',
      'listOrderStatus',
      'listClientOrderId',
      'transactionTime',
      'symbol',
      'orders',
      'orderReports',
    ])
    expect(data).toMatchObject({
      orderListId: 1,
      contingencyType: 'OCO',
      listStatusType: 'EXEC_STARTED',
      listOrderStatus: 'EXECUTING',
      transactionTime: T0,
      symbol: 'BTCUSDT',
    })
    const [stop, limit] = data.orderReports
    expect(stop).toMatchObject({ type: 'STOP_LOSS_LIMIT', status: 'NEW', orderListId: 1, workingTime: -1 })
    expect(limit).toMatchObject({ type: 'LIMIT_MAKER', status: 'NEW', orderListId: 1, workingTime: T0 })
    expect(data.orders.map((o) => o.orderId)).toEqual([stop?.orderId, limit?.orderId])
    expect((stop?.orderId ?? 0) < (limit?.orderId ?? 0)).toBe(true)
    expect(await balanceOf(t.a, 'BTC')).toEqual({ free: '4.90000000', locked: '0.10000000' })
    await expect.poll(() => t.eventsA.lists().length).toBe(1)
    expect(t.eventsA.lists()[0]).toMatchObject({
      e: 'listStatus',
      g: 1,
      c: 'OCO',
      l: 'EXEC_STARTED',
      L: 'EXECUTING',
      r: 'NONE',
    })
  })

  it('a fill of the limit leg expires the stop leg (OCO_TRIGGER); the list ends ALL_DONE', async () => {
    const { data } = await t.a.orderListPlaceOco(SELL_OCO)
    const [stop, limitLeg] = data.orders
    await t.b.orderPlace({
      ...limit('BTCUSDT', 'BUY', '61000.00', '0.04000'),
      timeInForce: 'IOC',
    })
    await expect
      .poll(() => t.eventsA.reports('BTCUSDT', stop?.orderId ?? 0).some((e) => e.x === 'EXPIRED'))
      .toBe(true)
    expect(t.eventsA.reports('BTCUSDT', stop?.orderId ?? 0).at(-1)).toMatchObject({
      X: 'EXPIRED',
      eR: 'OCO_TRIGGER',
      g: 1,
    })
    expect(await balanceOf(t.a, 'BTC')).toMatchObject({ locked: '0.06000000' })
    await t.b.orderPlace({
      ...limit('BTCUSDT', 'BUY', '61000.00', '0.06000'),
      timeInForce: 'IOC',
    })
    await expect.poll(() => t.eventsA.lists().some((e) => e.l === 'ALL_DONE')).toBe(true)
    expect(t.eventsA.lists().at(-1)).toMatchObject({ l: 'ALL_DONE', L: 'ALL_DONE', g: 1 })
    expect(t.eventsA.reports('BTCUSDT', limitLeg?.orderId ?? 0).at(-1)).toMatchObject({ X: 'FILLED' })
    expect(await balanceOf(t.a, 'BTC')).toEqual({ free: '4.90000000', locked: '0.00000000' })
    const status = await t.a.orderListStatus({ orderListId: 1 })
    expect(status.data).toMatchObject({ listStatusType: 'ALL_DONE', listOrderStatus: 'ALL_DONE' })
    expect(status.data).not.toHaveProperty('orderReports')
  })

  it('rejects bad leg types, positions and price relations with the spec codes', async () => {
    const buy = { symbol: 'BTCUSDT', side: 'BUY', quantity: '0.10000' } as const
    expect(
      await rejection(
        t.a.orderListPlaceOco({
          ...buy,
          aboveType: 'LIMIT_MAKER',
          abovePrice: '59000.00',
          belowType: 'LIMIT_MAKER',
          belowPrice: '58000.00',
        }),
      ),
    ).toMatchObject({ code: -1168, msg: 'At least one OCO order must be contingent.' })
    expect(
      await rejection(
        t.a.orderListPlaceOco({
          ...buy,
          aboveType: 'LIMIT_MAKER',
          abovePrice: '59000.00',
          belowType: 'STOP_LOSS',
          belowStopPrice: '61000.00',
        }),
      ),
    ).toMatchObject({ code: -1165, msg: 'A limit order in a buy OCO must be below.' })
    expect(
      await rejection(
        t.a.orderListPlaceOco({
          ...SELL_OCO,
          aboveType: 'STOP_LOSS',
          aboveStopPrice: '59000.00',
          belowType: 'LIMIT_MAKER',
          belowPrice: '61000.00',
        }),
      ),
    ).toMatchObject({ code: -1166, msg: 'A limit order in a sell OCO must be above.' })
    expect(
      await rejection(
        t.a.orderListPlaceOco({
          ...buy,
          aboveType: 'STOP_LOSS',
          aboveStopPrice: '61000.00',
          belowType: 'LIMIT_MAKER',
          belowPrice: '60500.00',
        }),
      ),
    ).toMatchObject({ code: -2010, msg: 'The relationship of the prices for the orders is not correct.' })
    expect(
      await rejection(
        t.a.orderListPlaceOco({
          ...buy,
          aboveType: 'STOP_LOSS',
          belowType: 'LIMIT_MAKER',
          belowPrice: '59000.00',
        }),
      ),
    ).toMatchObject({
      code: -1102,
      msg: "Param 'aboveStopPrice' or 'aboveTrailingDelta' must be sent, but both were empty/null!",
    })
    expect(
      await rejection(t.a.orderListPlaceOco({ ...SELL_OCO, belowTimeInForce: 'IOC', belowIcebergQty: 1 })),
    ).toMatchObject({ code: -1160 })
    const none = await t.a.openOrderListsStatus()
    expect(none.data).toEqual([])
  })

  it('a listClientOrderId in use by an open list is a duplicate; order.cancel of a leg cancels the list', async () => {
    const { data } = await t.a.orderListPlaceOco({ ...SELL_OCO, listClientOrderId: 'my-list' })
    expect(
      await rejection(t.a.orderListPlaceOco({ ...SELL_OCO, listClientOrderId: 'my-list' })),
    ).toMatchObject({
      code: -2010,
      msg: 'Duplicate order sent.',
    })
    const leg = data.orders[1]
    const canceled = await t.a.orderCancel({ symbol: 'BTCUSDT', orderId: leg?.orderId ?? 0 })
    expect(canceled.data).toMatchObject({
      orderListId: 1,
      listStatusType: 'ALL_DONE',
      listOrderStatus: 'ALL_DONE',
    })
    const legs = 'orderReports' in canceled.data ? canceled.data.orderReports : []
    expect(legs.map((r) => r.status)).toEqual(['CANCELED', 'CANCELED'])
    expect(legs[1]?.origClientOrderId).toBe(leg?.clientOrderId)
    expect(await balanceOf(t.a, 'BTC')).toEqual({ free: '5.00000000', locked: '0.00000000' })
    const again = await t.a.orderListPlaceOco({ ...SELL_OCO, listClientOrderId: 'my-list' })
    expect(again.data.orderListId).toBe(2)
  })
})

describe('list queries', () => {
  it('orderList.status by either id, unknown lists, and the 24 h rule of allOrderLists', async () => {
    const { data } = await t.a.orderListPlaceOco({ ...SELL_OCO, listClientOrderId: 'q1' })
    const byClient = await t.a.orderListStatus({ origClientOrderId: 'q1', orderListId: 999 })
    expect(byClient.data.orderListId).toBe(data.orderListId)
    expect(await rejection(t.a.orderListStatus({ orderListId: 999 }))).toMatchObject({
      code: -2013,
      msg: 'Order does not exist.',
    })
    expect(await rejection(t.a.orderListCancel({ symbol: 'BTCUSDT', orderListId: 999 }))).toMatchObject({
      code: -2011,
      msg: 'Unknown order sent.',
    })
    const ranged = await t.a.allOrderLists({ startTime: T0 - 1000, endTime: T0 + 1000 })
    expect(ranged.data.map((l) => l.listClientOrderId)).toEqual(['q1'])
    expect(await rejection(t.a.allOrderLists({ startTime: T0, endTime: T0 + 86_400_001 }))).toMatchObject({
      code: -1127,
    })
  })
})

describe('orderList.place (deprecated OCO) and OTOCO', () => {
  it('deprecated OCO: STOP_LOSS_LIMIT leg then LIMIT_MAKER, UOC 1', async () => {
    const r = await t.a.orderListPlace({
      symbol: 'BTCUSDT',
      side: 'SELL',
      price: '61000.00',
      quantity: '0.10000',
      stopPrice: '59000.00',
      stopLimitPrice: '58900.00',
      stopLimitTimeInForce: 'GTC',
      newOrderRespType: 'RESULT',
    })
    expect(r.data.orderReports.map((o) => ('type' in o ? o.type : ''))).toEqual([
      'STOP_LOSS_LIMIT',
      'LIMIT_MAKER',
    ])
    expect(r.rateLimits?.find((l) => l.rateLimitType === 'ORDERS' && l.interval === 'SECOND')?.count).toBe(1)
    expect(
      await rejection(
        t.a.orderListPlace({
          symbol: 'BTCUSDT',
          side: 'SELL',
          price: '61000.00',
          quantity: '0.1',
          stopPrice: '59000.00',
          stopLimitPrice: '58900.00',
        }),
      ),
    ).toMatchObject({
      code: -1102,
      msg: "Mandatory parameter 'stopLimitTimeInForce' was not sent, was empty/null, or malformed.",
    })
  })

  it('OTOCO: the pending pair starts when the working order fills, sharing one reservation', async () => {
    const { data } = await t.a.orderListPlaceOtoco({
      ...workingLimit('BTCUSDT', 'BUY', '60000.00', '0.10000'),
      ...pendingMakerAndStop('SELL', '62000.00', '59000.00', '0.10000'),
    })
    expect(data.orderReports.map((o) => ('type' in o ? o.type : ''))).toEqual([
      'LIMIT',
      'STOP_LOSS',
      'LIMIT_MAKER',
    ])
    expect(data.orderReports.map((o) => ('status' in o ? o.status : ''))).toEqual([
      'NEW',
      'PENDING_NEW',
      'PENDING_NEW',
    ])
    await t.b.orderPlace({
      ...limit('BTCUSDT', 'SELL', '60000.00', '0.10000'),
      timeInForce: 'IOC',
    })
    const limitId = data.orders[2]?.orderId ?? 0
    await expect.poll(() => t.eventsA.reports('BTCUSDT', limitId).some((e) => e.X === 'NEW')).toBe(true)
    expect(await balanceOf(t.a, 'BTC')).toMatchObject({ locked: '0.10000000' })
    const canceled = await t.a.orderListCancel({
      symbol: 'BTCUSDT',
      listClientOrderId: data.listClientOrderId,
    })
    expect(canceled.data.orderReports.map((o) => o.status)).toEqual(['FILLED', 'CANCELED', 'CANCELED'])
    expect(await balanceOf(t.a, 'BTC')).toMatchObject({ locked: '0.00000000' })
  })

  it('OPOCO: the pending SELL pair gets the base the working BUY received and starts when it fills', async () => {
    const { data } = await t.a.orderListPlaceOpoco(opocoBase)
    expect(data.contingencyType).toBe('OTO')
    expect(data.orderReports.map((o) => ('status' in o ? o.status : ''))).toEqual([
      'NEW',
      'PENDING_NEW',
      'PENDING_NEW',
    ])
    for (const leg of data.orderReports.slice(1)) expect(leg).not.toHaveProperty('origQty')
    expect(await rejection(t.a.orderListPlaceOpoco({ ...opocoBase, workingSide: 'SELL' }))).toMatchObject({
      code: -1222,
    })
    await t.b.orderPlace({
      ...limit('BTCUSDT', 'SELL', '60000.00', '0.10000'),
      timeInForce: 'IOC',
    })
    const [stopId, makerId] = [data.orders[1]?.orderId ?? 0, data.orders[2]?.orderId ?? 0]
    await expect.poll(() => t.eventsA.reports('BTCUSDT', makerId).some((e) => e.X === 'NEW')).toBe(true)
    const { locked } = await balanceOf(t.a, 'BTC')
    for (const orderId of [stopId, makerId]) {
      const leg = (await t.a.orderStatus({ symbol: 'BTCUSDT', orderId })).data
      expect(leg.status).toBe('NEW')
      expect(leg.origQty).toBe(locked)
    }
    expect(Number(locked)).toBeGreaterThan(0)
  })
})
