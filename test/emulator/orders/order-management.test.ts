// Client ↔ emulator: cancel-replace, amend keep-priority and order.amendments, openOrders.cancelAll, allOrders.
import { describe, expect, it } from 'vitest'
import { perFile, startTraders } from '../../support/exchange.js'
import { limit } from '../../support/order-params.js'
import { rejection } from '../../support/rejection.js'
import { PLAIN } from '../../support/symbols.js'

const t = perFile(() => startTraders({ extraSymbols: [PLAIN], account: { tradeGroupId: 1 } }))

describe('cancel-replace, amend, cancelAll, allOrders end to end', () => {
  it('cancelReplace: 200 with both results; 409 -2021 and 400 -2022 with both parts in error.data', async () => {
    const old = await t.a.orderPlace(limit('ETHBTC', 'SELL', '0.06000', '1.000'))
    const ok = await t.a.orderCancelReplace({
      ...limit('ETHBTC', 'SELL', '0.06100', '1.000'),
      cancelReplaceMode: 'STOP_ON_FAILURE',
      cancelOrderId: old.data.orderId,
    })
    expect(ok.data).toMatchObject({ cancelResult: 'SUCCESS', newOrderResult: 'SUCCESS' })
    expect(ok.data.cancelResponse).toMatchObject({ orderId: old.data.orderId, status: 'CANCELED' })
    expect(ok.data.newOrderResponse).toMatchObject({ price: '0.06100000', status: 'NEW' })

    const failed = await rejection(
      t.a.orderCancelReplace({
        ...limit('ETHBTC', 'SELL', '0.06100', '1.000'),
        cancelReplaceMode: 'STOP_ON_FAILURE',
        cancelOrderId: 999_999,
      }),
    )
    expect(failed).toMatchObject({
      code: -2022,
      status: 400,
      msg: 'Order cancel-replace failed.',
      data: {
        cancelResult: 'FAILURE',
        newOrderResult: 'NOT_ATTEMPTED',
        cancelResponse: { code: -2011, msg: 'Unknown order sent.' },
        newOrderResponse: null,
      },
    })
    const off = await rejection(
      t.a.orderCancelReplace({
        ...limit('BTCPLAIN', 'SELL', '70000.00', '0.01000'),
        cancelReplaceMode: 'ALLOW_FAILURE',
        cancelOrderId: 1,
      }),
    )
    expect(off).toMatchObject({ code: -2010, msg: 'Order cancel-replace is not supported for this symbol.' })
    await t.a.openOrdersCancelAll({ symbol: 'ETHBTC' })
  })

  it('cancelReplace whose new order fails after the cancel: 409 -2021 with the cancel report', async () => {
    await t.b.orderPlace(limit('ETHBTC', 'BUY', '0.04000', '1.000'))
    const old = await t.a.orderPlace(limit('ETHBTC', 'SELL', '0.06000', '1.000'))
    const e = await rejection(
      t.a.orderCancelReplace({
        symbol: 'ETHBTC',
        side: 'SELL',
        type: 'LIMIT_MAKER',
        price: '0.03900',
        quantity: '1.000',
        cancelReplaceMode: 'ALLOW_FAILURE',
        cancelOrderId: old.data.orderId,
      }),
    )
    expect(e).toMatchObject({
      code: -2021,
      status: 409,
      msg: 'Order cancel-replace partially failed.',
      data: {
        cancelResult: 'SUCCESS',
        newOrderResult: 'FAILURE',
        cancelResponse: { orderId: old.data.orderId, status: 'CANCELED' },
        newOrderResponse: { code: -2010, msg: 'Order would immediately match and take.' },
      },
    })
    await t.b.openOrdersCancelAll({ symbol: 'ETHBTC' })
  })

  it('amend keeps the order id, reduces the quantity; order.amendments lists it; the spec rejections', async () => {
    const o = await t.a.orderPlace({
      ...limit('BTCUSDT', 'BUY', '40000.00', '0.55000'),
      newClientOrderId: 'amend-me',
    })
    const r = await t.a.orderAmendKeepPriority({
      symbol: 'BTCUSDT',
      orderId: o.data.orderId,
      newQty: '0.50000',
    })
    expect(Object.keys(r.data)).toEqual(['transactTime', 'executionId', 'amendedOrder'])
    expect(Object.keys(r.data.amendedOrder)).toEqual([
      'symbol',
      'orderId',
      'orderListId',
      'origClientOrderId',
      'clientOrderId',
      'price',
      'qty',
      'executedQty',
      'preventedQty',
      'quoteOrderQty',
      'cumulativeQuoteQty',
      'status',
      'timeInForce',
      'type',
      'side',
      'workingTime',
      'selfTradePreventionMode',
    ])
    expect(r.data.amendedOrder).toMatchObject({
      orderId: o.data.orderId,
      origClientOrderId: 'amend-me',
      qty: '0.50000000',
    })
    const list = await t.a.orderAmendments({ symbol: 'BTCUSDT', orderId: o.data.orderId })
    expect(list.data).toEqual([
      {
        symbol: 'BTCUSDT',
        orderId: o.data.orderId,
        executionId: r.data.executionId,
        origClientOrderId: 'amend-me',
        newClientOrderId: r.data.amendedOrder.clientOrderId,
        origQty: '0.55000000',
        newQty: '0.50000000',
        time: r.data.transactTime,
      },
    ])
    const same = await rejection(
      t.a.orderAmendKeepPriority({ symbol: 'BTCUSDT', orderId: o.data.orderId, newQty: '0.50000' }),
    )
    expect(same).toMatchObject({ code: -2038, msg: 'The requested action would change no state; rejecting' })
    const up = await rejection(
      t.a.orderAmendKeepPriority({ symbol: 'BTCUSDT', orderId: o.data.orderId, newQty: '0.60000' }),
    )
    expect(up).toMatchObject({ code: -2038, msg: 'Order amend (quantity increase) is not supported.' })
    const plain = await t.a.orderPlace(limit('BTCPLAIN', 'BUY', '40000.00', '0.01000'))
    const off = await rejection(
      t.a.orderAmendKeepPriority({ symbol: 'BTCPLAIN', orderId: plain.data.orderId, newQty: '0.00500' }),
    )
    expect(off).toMatchObject({ code: -2038, msg: 'Order amend is not supported for this symbol.' })
  })

  it('openOrders.cancelAll cancels every open order (stops too); allOrders filters and enforces 24 h', async () => {
    await t.a.orderPlace(limit('BTCUSDT', 'BUY', '30000.00', '0.01000'))
    await t.a.orderPlace({
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'STOP_LOSS',
      quantity: '0.01000',
      stopPrice: '20000.00',
    })
    const all = await t.a.openOrdersCancelAll({ symbol: 'BTCUSDT' })
    expect(all.data.length).toBe(3)
    expect(all.data.every((r) => 'status' in r && r.status === 'CANCELED')).toBe(true)
    expect((await t.a.openOrdersStatus({ symbol: 'BTCUSDT' })).data).toEqual([])
    const none = await rejection(t.a.openOrdersCancelAll({ symbol: 'BTCUSDT' }))
    expect(none).toMatchObject({ code: -2011, msg: 'Unknown order sent.' })

    const history = await t.a.allOrders({ symbol: 'BTCUSDT' })
    expect(history.data.length).toBe(3)
    const ids = history.data.map((o) => o.orderId)
    expect(ids).toEqual([...ids].sort((x, y) => x - y))
    const from = await t.a.allOrders({ symbol: 'BTCUSDT', orderId: ids[1] ?? 0, limit: 1 })
    expect(from.data.map((o) => o.orderId)).toEqual(ids.slice(1, 2))
    const now = Date.now()
    const ranged = await t.a.allOrders({
      symbol: 'BTCUSDT',
      startTime: now - 3_600_000,
      endTime: now + 60_000,
    })
    expect(ranged.data.length).toBe(history.data.length)
    const wide = await rejection(
      t.a.allOrders({ symbol: 'BTCUSDT', startTime: now - 90_000_000, endTime: now }),
    )
    expect(wide).toMatchObject({ code: -1127, msg: 'More than 24 hours between startTime and endTime.' })
  })
})
