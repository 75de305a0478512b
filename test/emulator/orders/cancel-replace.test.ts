// DIGEST §3.8 (cancel-replace: filters and limits first, counting, the result table, events), §3.9 (amend:
// UOC 0, MAX_NUM_ORDER_AMENDS, iceberg and OTO legs), §3.13.2 (unfilled order count per method) and the
// priority rule of §3.5.1, end to end.
import { describe, expect, it } from 'vitest'
import type { WebsocketAPIConnection } from '../../../src/client/index.js'
import { perFile, startTraders } from '../../support/exchange.js'
import { limit } from '../../support/order-params.js'
import { rejection } from '../../support/rejection.js'
import { symbolLike } from '../../support/symbols.js'

/** BTCUSDT with at most 2 amends per order, 4 open orders and 1 open list per account. */
const COUNTED = symbolLike('BTCUSDT', {
  symbol: 'CNTUSDT',
  filters: [
    ...symbolLike('BTCUSDT').filters.filter((f) => f.filterType !== 'MAX_NUM_ORDERS'),
    { filterType: 'MAX_NUM_ORDERS', maxNumOrders: 4 },
    { filterType: 'MAX_NUM_ORDER_LISTS', maxNumOrderLists: 1 },
    { filterType: 'MAX_NUM_ORDER_AMENDS', maxNumOrderAmends: 2 },
  ],
})

const t = perFile(() => startTraders({ extraSymbols: [COUNTED], record: true }))

/** The account's unfilled order count in the DAY window (it does not roll over during a test). */
async function dayCount(conn: WebsocketAPIConnection): Promise<number> {
  const { data } = await conn.accountRateLimitsOrders({})
  const day = data.find((r) => r.interval === 'DAY')
  if (!day) throw new Error('no DAY interval')
  return day.count
}

const replaceParams = (cancelOrderId: number, price: string, quantity = '0.01000') =>
  ({
    ...limit('BTCUSDT', 'SELL', price, quantity),
    cancelReplaceMode: 'STOP_ON_FAILURE',
    cancelOrderId,
  }) as const

describe('cancel-replace: filters first, counting and the result table (DIGEST 3.8.2, 3.8.3, 3.8.5, 3.2.7)', () => {
  it('a new order failing a filter is -1013 before anything happens: the old order stays NEW, no events', async () => {
    const old = await t.a.orderPlace(limit('BTCUSDT', 'SELL', '65000.00', '0.01000'))
    const count = await dayCount(t.a)
    const before = t.eventsA.events.length
    const e = await rejection(t.a.orderCancelReplace(replaceParams(old.data.orderId, '65000.005')))
    expect(e).toMatchObject({ code: -1013, msg: 'Filter failure: PRICE_FILTER', status: 400 })
    const notional = await rejection(
      t.a.orderCancelReplace({ ...replaceParams(old.data.orderId, '1.00'), quantity: '0.00100' }),
    )
    expect(notional).toMatchObject({ code: -1013, msg: 'Filter failure: NOTIONAL' })
    expect((await t.a.orderStatus({ symbol: 'BTCUSDT', orderId: old.data.orderId })).data.status).toBe('NEW')
    expect(await dayCount(t.a)).toBe(count)
    const marker = await t.a.orderPlace(limit('BTCUSDT', 'SELL', '66000.00', '0.01000'))
    await t.eventsA.settle(() => expect(t.eventsA.reports('BTCUSDT', marker.data.orderId)).toHaveLength(1))
    expect(t.eventsA.events.slice(before).filter((e) => e.e === 'executionReport')).toHaveLength(1)
    await t.a.openOrdersCancelAll({ symbol: 'BTCUSDT' })
  })

  it('counts +1 also when the new order is not attempted (F/NA 400) or fails (F/F 400); F/S is 409', async () => {
    const count = await dayCount(t.a)
    const stop = await rejection(t.a.orderCancelReplace(replaceParams(999_999, '65000.00')))
    expect(stop).toMatchObject({ code: -2022, msg: 'Order cancel-replace failed.', status: 400 })
    expect(stop.data).toEqual({
      cancelResult: 'FAILURE',
      newOrderResult: 'NOT_ATTEMPTED',
      cancelResponse: { code: -2011, msg: 'Unknown order sent.' },
      newOrderResponse: null,
    })
    expect(await dayCount(t.a)).toBe(count + 1)

    await t.b.orderPlace(limit('BTCUSDT', 'BUY', '59000.00', '0.01000'))
    const both = await rejection(
      t.a.orderCancelReplace({
        symbol: 'BTCUSDT',
        side: 'SELL',
        type: 'LIMIT_MAKER',
        price: '58000.00',
        quantity: '0.01000',
        cancelReplaceMode: 'ALLOW_FAILURE',
        cancelOrderId: 999_999,
      }),
    )
    expect(both).toMatchObject({ code: -2022, status: 400 })
    expect(both.data).toEqual({
      cancelResult: 'FAILURE',
      newOrderResult: 'FAILURE',
      cancelResponse: { code: -2011, msg: 'Unknown order sent.' },
      newOrderResponse: { code: -2010, msg: 'Order would immediately match and take.' },
    })
    expect(await dayCount(t.a)).toBe(count + 2)

    const placed = await rejection(
      t.a.orderCancelReplace({ ...replaceParams(999_999, '65000.00'), cancelReplaceMode: 'ALLOW_FAILURE' }),
    )
    expect(placed).toMatchObject({ code: -2021, msg: 'Order cancel-replace partially failed.', status: 409 })
    expect(placed.data).toMatchObject({
      cancelResult: 'FAILURE',
      newOrderResult: 'SUCCESS',
      cancelResponse: { code: -2011, msg: 'Unknown order sent.' },
      newOrderResponse: { symbol: 'BTCUSDT', status: 'NEW', price: '65000.00000000' },
    })
    expect(await dayCount(t.a)).toBe(count + 3)
    await t.a.openOrdersCancelAll({ symbol: 'BTCUSDT' })
    await t.b.openOrdersCancelAll({ symbol: 'BTCUSDT' })
  })

  it('a successful cancel-replace sends CANCELED for the old order and NEW for the new one (DIGEST 3.8.7)', async () => {
    const old = await t.a.orderPlace(limit('BTCUSDT', 'SELL', '65000.00', '0.01000'))
    const { data } = await t.a.orderCancelReplace({
      ...replaceParams(old.data.orderId, '64000.00'),
      newClientOrderId: 'cr-new',
    })
    expect(data).toMatchObject({ cancelResult: 'SUCCESS', newOrderResult: 'SUCCESS' })
    const newId = (data.newOrderResponse as { orderId: number }).orderId
    await t.eventsA.settle(() => {
      expect(t.eventsA.reports('BTCUSDT', old.data.orderId).at(-1)).toMatchObject({
        x: 'CANCELED',
        X: 'CANCELED',
      })
      expect(t.eventsA.reports('BTCUSDT', newId)).toEqual([
        expect.objectContaining({ x: 'NEW', X: 'NEW', c: 'cr-new', p: '64000.00000000' }),
      ])
    })
    await t.a.openOrdersCancelAll({ symbol: 'BTCUSDT' })
  })

  it('the replacement goes to the back of the queue; an amended order keeps its place (DIGEST 3.5.1)', async () => {
    const first = await t.a.orderPlace(limit('BTCUSDT', 'SELL', '62000.00', '0.01000'))
    const second = await t.b.orderPlace(limit('BTCUSDT', 'SELL', '62000.00', '0.01000'))
    const replaced = await t.a.orderCancelReplace(replaceParams(first.data.orderId, '62000.00'))
    const replacement = (replaced.data.newOrderResponse as { orderId: number }).orderId
    const taker = await t.b.orderPlace({
      ...limit('BTCUSDT', 'BUY', '62000.00', '0.01000'),
      timeInForce: 'IOC',
    })
    expect(taker.data.fills).toHaveLength(1)
    expect((await t.b.orderStatus({ symbol: 'BTCUSDT', orderId: second.data.orderId })).data.status).toBe(
      'FILLED',
    )
    expect((await t.a.orderStatus({ symbol: 'BTCUSDT', orderId: replacement })).data.status).toBe('NEW')

    const third = await t.b.orderPlace(limit('BTCUSDT', 'SELL', '62000.00', '0.01000'))
    await t.a.orderAmendKeepPriority({ symbol: 'BTCUSDT', orderId: replacement, newQty: '0.00500' })
    await t.b.orderPlace({ ...limit('BTCUSDT', 'BUY', '62000.00', '0.00500'), timeInForce: 'IOC' })
    expect((await t.a.orderStatus({ symbol: 'BTCUSDT', orderId: replacement })).data.status).toBe('FILLED')
    expect((await t.b.orderStatus({ symbol: 'BTCUSDT', orderId: third.data.orderId })).data.status).toBe(
      'NEW',
    )
    await t.b.openOrdersCancelAll({ symbol: 'BTCUSDT' })
  })
})

describe('unfilled order count per method (DIGEST 3.13.2, 3.9.2)', () => {
  it('order.place and sor.order.place +1, OCO/OTO/OPO +2, OTOCO/OPOCO +3, cancelReplace +1, amend 0, order.test 0', async () => {
    const steps: [string, () => Promise<unknown>, number][] = [
      ['order.place', () => t.a.orderPlace(limit('BTCUSDT', 'BUY', '50000.00', '0.01000')), 1],
      ['order.test', () => t.a.orderTest(limit('BTCUSDT', 'BUY', '50000.00', '0.01000')), 0],
      ['sor.order.place', () => t.a.sorOrderPlace(limit('BTCUSDT', 'BUY', '50000.00', '0.01000')), 1],
      [
        'orderList.place.oco',
        () =>
          t.a.orderListPlaceOco({
            symbol: 'BTCUSDT',
            side: 'SELL',
            quantity: '0.01000',
            aboveType: 'LIMIT_MAKER',
            abovePrice: '70000.00',
            belowType: 'STOP_LOSS',
            belowStopPrice: '50000.00',
          }),
        2,
      ],
      [
        'orderList.place.oto',
        () =>
          t.a.orderListPlaceOto({
            symbol: 'BTCUSDT',
            workingType: 'LIMIT',
            workingSide: 'BUY',
            workingPrice: '50000.00',
            workingQuantity: '0.01000',
            workingTimeInForce: 'GTC',
            pendingType: 'LIMIT_MAKER',
            pendingSide: 'SELL',
            pendingPrice: '70000.00',
            pendingQuantity: '0.01000',
          }),
        2,
      ],
      [
        'orderList.place.opo',
        () =>
          t.a.orderListPlaceOpo({
            symbol: 'BTCUSDT',
            workingType: 'LIMIT',
            workingSide: 'BUY',
            workingPrice: '50000.00',
            workingQuantity: '0.01000',
            workingTimeInForce: 'GTC',
            pendingType: 'LIMIT_MAKER',
            pendingSide: 'SELL',
            pendingPrice: '70000.00',
          }),
        2,
      ],
      [
        'orderList.place.otoco',
        () =>
          t.a.orderListPlaceOtoco({
            symbol: 'BTCUSDT',
            workingType: 'LIMIT',
            workingSide: 'BUY',
            workingPrice: '50000.00',
            workingQuantity: '0.01000',
            workingTimeInForce: 'GTC',
            pendingSide: 'SELL',
            pendingQuantity: '0.01000',
            pendingAboveType: 'LIMIT_MAKER',
            pendingAbovePrice: '70000.00',
            pendingBelowType: 'STOP_LOSS',
            pendingBelowStopPrice: '45000.00',
          }),
        3,
      ],
      [
        'orderList.place.opoco',
        () =>
          t.a.orderListPlaceOpoco({
            symbol: 'BTCUSDT',
            workingType: 'LIMIT',
            workingSide: 'BUY',
            workingPrice: '50000.00',
            workingQuantity: '0.01000',
            workingTimeInForce: 'GTC',
            pendingSide: 'SELL',
            pendingAboveType: 'LIMIT_MAKER',
            pendingAbovePrice: '70000.00',
            pendingBelowType: 'STOP_LOSS',
            pendingBelowStopPrice: '45000.00',
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
    await t.a.orderCancelReplace({ ...replaceParams(resting.data.orderId, '70000.00'), side: 'SELL' })
    expect(await dayCount(t.a), 'order.cancelReplace').toBe(before + 1)
    await t.a.openOrdersCancelAll({ symbol: 'BTCUSDT' })
  })
})

describe('amend (DIGEST 3.9.2, 3.9.3, 3.12.14) and count filters (3.2.7, 3.6.4)', () => {
  it('MAX_NUM_ORDER_AMENDS allows 2 amends per order, then -2038 "Filter failure: MAX_NUM_ORDER_AMENDS"', async () => {
    const order = await t.a.orderPlace(limit('CNTUSDT', 'BUY', '50000.00', '0.05000'))
    const { orderId } = order.data
    await t.a.orderAmendKeepPriority({ symbol: 'CNTUSDT', orderId, newQty: '0.04000' })
    await t.a.orderAmendKeepPriority({ symbol: 'CNTUSDT', orderId, newQty: '0.03000' })
    expect(
      await rejection(t.a.orderAmendKeepPriority({ symbol: 'CNTUSDT', orderId, newQty: '0.02000' })),
    ).toMatchObject({
      code: -2038,
      msg: 'Filter failure: MAX_NUM_ORDER_AMENDS',
      status: 400,
    })
    const status = await t.a.orderStatus({ symbol: 'CNTUSDT', orderId })
    expect(status.data).toMatchObject({ status: 'NEW', origQty: '0.03000000' })
    const other = await t.a.orderPlace(limit('CNTUSDT', 'BUY', '50000.00', '0.05000'))
    await t.a.orderAmendKeepPriority({ symbol: 'CNTUSDT', orderId: other.data.orderId, newQty: '0.04000' })
    await t.a.openOrdersCancelAll({ symbol: 'CNTUSDT' })
  })

  it('list legs count as orders and lists against MAX_NUM_ORDER_LISTS; an amend adds 0 at the limit', async () => {
    const otoco = {
      symbol: 'CNTUSDT',
      workingType: 'LIMIT',
      workingSide: 'BUY',
      workingPrice: '50000.00',
      workingQuantity: '0.01000',
      workingTimeInForce: 'GTC',
      pendingSide: 'SELL',
      pendingQuantity: '0.01000',
      pendingAboveType: 'LIMIT_MAKER',
      pendingAbovePrice: '70000.00',
      pendingBelowType: 'STOP_LOSS',
      pendingBelowStopPrice: '45000.00',
    } as const
    const oco = {
      symbol: 'CNTUSDT',
      side: 'SELL',
      quantity: '0.01000',
      aboveType: 'LIMIT_MAKER',
      abovePrice: '70000.00',
      belowType: 'STOP_LOSS',
      belowStopPrice: '50000.00',
    } as const
    const bid = (qty: string) => t.a.orderPlace(limit('CNTUSDT', 'BUY', '50000.00', qty))
    const singles = [await bid('0.02000'), await bid('0.02000')]
    // 2 open + 3 legs > 4 orders: an OTOCO counts as 3 orders.
    expect(await rejection(t.a.orderListPlaceOtoco(otoco))).toMatchObject({
      code: -1013,
      msg: 'Filter failure: MAX_NUM_ORDERS',
    })
    // 2 open + 2 legs = 4: accepted.
    const list = await t.a.orderListPlaceOco(oco)
    await t.a.openOrdersCancelAll({ symbol: 'CNTUSDT' })
    const relisted = await t.a.orderListPlaceOco(oco)
    for (const s of singles) {
      expect((await t.a.orderStatus({ symbol: 'CNTUSDT', orderId: s.data.orderId })).data.status).toBe(
        'CANCELED',
      )
    }
    // 2 open legs + 2 = 4 orders, but a second open list is over MAX_NUM_ORDER_LISTS.
    expect(await rejection(t.a.orderListPlaceOco(oco))).toMatchObject({
      code: -1013,
      msg: 'Filter failure: MAX_NUM_ORDER_LISTS',
    })
    const single = await bid('0.02000')
    await bid('0.02000')
    expect(await rejection(bid('0.01000'))).toMatchObject({
      code: -1013,
      msg: 'Filter failure: MAX_NUM_ORDERS',
    })
    const amended = await t.a.orderAmendKeepPriority({
      symbol: 'CNTUSDT',
      orderId: single.data.orderId,
      newQty: '0.01000',
    })
    expect(amended.data.amendedOrder).toMatchObject({ qty: '0.01000000' })
    expect(list.data.orderListId).not.toBe(relisted.data.orderListId)
    await t.a.openOrdersCancelAll({ symbol: 'CNTUSDT' })
  })

  it('an iceberg amend shrinks the visible part only below it; OTO legs are amended one at a time', async () => {
    const iceberg = await t.a.orderPlace({
      ...limit('ETHUSDT', 'BUY', '2000.00', '1.0000'),
      icebergQty: '0.2000',
    })
    const bid = async () => (await t.a.depth({ symbol: 'ETHUSDT', limit: 5 })).data.bids[0]
    expect(await bid()).toEqual(['2000.00000000', '0.20000000'])
    await t.a.orderAmendKeepPriority({ symbol: 'ETHUSDT', orderId: iceberg.data.orderId, newQty: '0.5000' })
    expect(await bid()).toEqual(['2000.00000000', '0.20000000'])
    await t.a.orderAmendKeepPriority({ symbol: 'ETHUSDT', orderId: iceberg.data.orderId, newQty: '0.1000' })
    expect(await bid()).toEqual(['2000.00000000', '0.10000000'])
    const status = await t.a.orderStatus({ symbol: 'ETHUSDT', orderId: iceberg.data.orderId })
    expect(status.data).toMatchObject({ origQty: '0.10000000', icebergQty: '0.20000000' })
    await t.a.openOrdersCancelAll({ symbol: 'ETHUSDT' })

    const oto = await t.a.orderListPlaceOto({
      symbol: 'ETHUSDT',
      workingType: 'LIMIT',
      workingSide: 'BUY',
      workingPrice: '2000.00',
      workingQuantity: '0.5000',
      workingTimeInForce: 'GTC',
      pendingType: 'LIMIT_MAKER',
      pendingSide: 'SELL',
      pendingPrice: '4000.00',
      pendingQuantity: '0.5000',
    })
    const [working, pending] = oto.data.orders.map((o) => o.orderId) as [number, number]
    const w = await t.a.orderAmendKeepPriority({ symbol: 'ETHUSDT', orderId: working, newQty: '0.4000' })
    expect(w.data.amendedOrder).toMatchObject({ orderId: working, qty: '0.40000000' })
    expect((await t.a.orderStatus({ symbol: 'ETHUSDT', orderId: pending })).data.origQty).toBe('0.50000000')
    const p = await t.a.orderAmendKeepPriority({ symbol: 'ETHUSDT', orderId: pending, newQty: '0.3000' })
    expect(p.data.amendedOrder).toMatchObject({ orderId: pending, qty: '0.30000000', status: 'PENDING_NEW' })
    expect((await t.a.orderStatus({ symbol: 'ETHUSDT', orderId: working })).data.origQty).toBe('0.40000000')
    await t.a.openOrdersCancelAll({ symbol: 'ETHUSDT' })
  })
})

describe('cancel-replace over the unfilled order count (DIGEST 3.8.4, 3.8.5, A36)', () => {
  const limited = perFile(() => startTraders({ limits: { ordersPerDay: 3 } }))
  /** A connection that has not learnt the counts, so the server answers (the client would refuse itself). */
  const fresh = () => limited.connect('a')

  it('DO_NOTHING: 429 -1015 and nothing is canceled; CANCEL_ONLY: the cancel happens, 409 -2021 or 400 -2022', async () => {
    const ids: number[] = []
    for (const price of ['65000.00', '66000.00', '67000.00']) {
      ids.push((await limited.a.orderPlace(limit('BTCUSDT', 'SELL', price, '0.01000'))).data.orderId)
    }
    const [x1 = 0, x2 = 0] = ids
    const tooMany = 'Too many new orders; current limit is 3 orders per 1 DAY.'
    const nothing = await rejection((await fresh()).orderCancelReplace(replaceParams(x1, '64000.00')))
    expect(nothing).toMatchObject({ code: -1015, status: 429, msg: tooMany })
    expect((await limited.a.orderStatus({ symbol: 'BTCUSDT', orderId: x1 })).data.status).toBe('NEW')

    const cancelOnly = await rejection(
      (await fresh()).orderCancelReplace({
        ...replaceParams(x1, '64000.00'),
        orderRateLimitExceededMode: 'CANCEL_ONLY',
      }),
    )
    expect(cancelOnly).toMatchObject({ code: -2021, status: 409 })
    expect(cancelOnly.data).toMatchObject({
      cancelResult: 'SUCCESS',
      newOrderResult: 'FAILURE',
      cancelResponse: { orderId: x1, status: 'CANCELED' },
      newOrderResponse: { code: -1015, msg: tooMany },
    })
    expect((await limited.a.orderStatus({ symbol: 'BTCUSDT', orderId: x1 })).data.status).toBe('CANCELED')

    const failed = await rejection(
      (await fresh()).orderCancelReplace({
        ...replaceParams(x1, '64000.00'),
        cancelReplaceMode: 'ALLOW_FAILURE',
        orderRateLimitExceededMode: 'CANCEL_ONLY',
      }),
    )
    expect(failed).toMatchObject({ code: -2022, status: 400 })
    expect(failed.data).toEqual({
      cancelResult: 'FAILURE',
      newOrderResult: 'FAILURE',
      cancelResponse: { code: -2011, msg: 'Unknown order sent.' },
      newOrderResponse: { code: -1015, msg: tooMany },
    })
    expect((await limited.a.orderStatus({ symbol: 'BTCUSDT', orderId: x2 })).data.status).toBe('NEW')
    const open = await limited.a.openOrdersStatus({ symbol: 'BTCUSDT' })
    expect(open.data.map((o) => o.orderId)).toEqual(ids.slice(1))
  })
})
