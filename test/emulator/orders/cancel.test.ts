// docs/emulator-fidelity.md 3.7 and §3.8 end to end: cancel lookup and its errors, cancelRestrictions, the cancel
// report's fields, and cancel-replace renaming, id reuse and restrictions.
import { describe, expect, it } from 'vitest'
import { perFile, startTraders } from '../../support/exchange.js'
import { limit } from '../../support/order-params.js'
import { rejection } from '../../support/rejection.js'

const t = perFile(() => startTraders())

const restricted = { code: -2011, msg: 'Order was not canceled due to cancel restrictions.', status: 400 }

/** A SELL of 0.5 BTC at 60000 by `a`, then partly filled (0.2) by `b`. */
async function partiallyFilled(): Promise<number> {
  const order = await t.a.orderPlace(limit('BTCUSDT', 'SELL', '60000.00', '0.50000'))
  await t.b.orderPlace({ ...limit('BTCUSDT', 'BUY', '60000.00', '0.20000'), timeInForce: 'IOC' })
  const status = await t.a.orderStatus({ symbol: 'BTCUSDT', orderId: order.data.orderId })
  expect(status.data.status).toBe('PARTIALLY_FILLED')
  return order.data.orderId
}

describe('order.cancel lookup (fidelity 3.7.1, A39)', () => {
  it('-2039 when the ids disagree, -1102 with neither id, -1119 for an empty origClientOrderId; both matching cancels', async () => {
    const order = await t.a.orderPlace({
      ...limit('BTCUSDT', 'BUY', '59000.00', '0.01000'),
      newClientOrderId: 'look-1',
    })
    const { orderId } = order.data
    const mismatch = { code: -2039, msg: 'Client order ID is not correct for this order ID.', status: 400 }
    expect(
      await rejection(t.a.orderCancel({ symbol: 'BTCUSDT', orderId, origClientOrderId: 'other-id' })),
    ).toMatchObject(mismatch)
    expect(
      await rejection(t.a.orderStatus({ symbol: 'BTCUSDT', orderId, origClientOrderId: 'other-id' })),
    ).toMatchObject(mismatch)
    // The typed call refuses this before sending (InvalidParameterError); the raw path sends it as it is.
    expect(await rejection(t.a.sendSignedMessage('order.cancel', { symbol: 'BTCUSDT' }))).toMatchObject({
      code: -1102,
      msg: "Param 'orderId' or 'origClientOrderId' must be sent, but both were empty/null!",
      status: 400,
    })
    expect(
      await rejection(
        t.a.sendSignedMessage('order.cancel', { symbol: 'BTCUSDT', orderId, origClientOrderId: '' }),
      ),
    ).toMatchObject({
      code: -1119,
      msg: 'Original client order ID was empty.',
      status: 400,
    })
    expect((await t.a.orderStatus({ symbol: 'BTCUSDT', orderId })).data.status).toBe('NEW')
    const canceled = await t.a.orderCancel({ symbol: 'BTCUSDT', orderId, origClientOrderId: 'look-1' })
    expect(canceled.data).toMatchObject({ orderId, origClientOrderId: 'look-1', status: 'CANCELED' })
  })
})

describe('cancelRestrictions (fidelity 3.7.3, 3.8.8)', () => {
  it('ONLY_NEW cancels only NEW orders and ONLY_PARTIALLY_FILLED only partly filled ones, else -2011', async () => {
    const fresh = await t.a.orderPlace(limit('BTCUSDT', 'BUY', '59000.00', '0.01000'))
    const freshId = fresh.data.orderId
    expect(
      await rejection(
        t.a.orderCancel({ symbol: 'BTCUSDT', orderId: freshId, cancelRestrictions: 'ONLY_PARTIALLY_FILLED' }),
      ),
    ).toMatchObject(restricted)
    expect((await t.a.orderStatus({ symbol: 'BTCUSDT', orderId: freshId })).data.status).toBe('NEW')
    const ok = await t.a.orderCancel({ symbol: 'BTCUSDT', orderId: freshId, cancelRestrictions: 'ONLY_NEW' })
    expect(ok.data).toMatchObject({ status: 'CANCELED' })

    const partId = await partiallyFilled()
    expect(
      await rejection(
        t.a.orderCancel({ symbol: 'BTCUSDT', orderId: partId, cancelRestrictions: 'ONLY_NEW' }),
      ),
    ).toMatchObject(restricted)
    expect((await t.a.orderStatus({ symbol: 'BTCUSDT', orderId: partId })).data.status).toBe(
      'PARTIALLY_FILLED',
    )
    const part = await t.a.orderCancel({
      symbol: 'BTCUSDT',
      orderId: partId,
      cancelRestrictions: 'ONLY_PARTIALLY_FILLED',
    })
    expect(part.data).toMatchObject({ status: 'CANCELED', executedQty: '0.20000000' })
  })

  it('a restricted cancel leg of order.cancelReplace fails the request with 400 -2022, the new order not attempted', async () => {
    const fresh = await t.a.orderPlace(limit('BTCUSDT', 'BUY', '59000.00', '0.01000'))
    const err = await rejection(
      t.a.orderCancelReplace({
        cancelReplaceMode: 'STOP_ON_FAILURE',
        cancelOrderId: fresh.data.orderId,
        cancelRestrictions: 'ONLY_PARTIALLY_FILLED',
        ...limit('BTCUSDT', 'BUY', '58000.00', '0.01000'),
      }),
    )
    expect(err).toMatchObject({
      code: -2022,
      msg: 'Order cancel-replace failed.',
      status: 400,
      data: {
        cancelResult: 'FAILURE',
        newOrderResult: 'NOT_ATTEMPTED',
        cancelResponse: { code: -2011, msg: 'Order was not canceled due to cancel restrictions.' },
        newOrderResponse: null,
      },
    })
    const open = await t.a.openOrdersStatus({ symbol: 'BTCUSDT' })
    expect(open.data.map((o) => o.orderId)).toEqual([fresh.data.orderId])
    await t.a.openOrdersCancelAll({ symbol: 'BTCUSDT' })
  })
})

describe('cancel report (fidelity 3.7.4)', () => {
  it('has the spec fields in order, with stop, trailing, iceberg and strategy fields where they apply', async () => {
    const order = await t.a.orderPlace(limit('BTCUSDT', 'BUY', '59000.00', '0.01000'))
    const plain = await t.a.orderCancel({ symbol: 'BTCUSDT', orderId: order.data.orderId })
    expect(Object.keys(plain.data)).toEqual([
      'symbol',
      'origClientOrderId',
      'orderId',
      'orderListId',
      'clientOrderId',
      'transactTime',
      'price',
      'origQty',
      'executedQty',
      'origQuoteOrderQty',
      'cummulativeQuoteQty',
      'status',
      'timeInForce',
      'type',
      'side',
      'selfTradePreventionMode',
    ])
    expect(plain.data).toMatchObject({
      orderListId: -1,
      price: '59000.00000000',
      origQty: '0.01000000',
      executedQty: '0.00000000',
      origQuoteOrderQty: '0.00000000',
      cummulativeQuoteQty: '0.00000000',
      status: 'CANCELED',
      timeInForce: 'GTC',
      type: 'LIMIT',
      side: 'BUY',
      selfTradePreventionMode: 'NONE',
    })
    const stop = await t.a.orderPlace({
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'STOP_LOSS_LIMIT',
      timeInForce: 'GTC',
      price: '50000.00',
      stopPrice: '50500.00',
      trailingDelta: 200,
      quantity: '0.10000',
      icebergQty: '0.01000',
      strategyId: 7,
      strategyType: 1000001,
    })
    const full = await t.a.orderCancel({ symbol: 'BTCUSDT', orderId: stop.data.orderId })
    expect(Object.keys(full.data).slice(14)).toEqual([
      'side',
      'stopPrice',
      'trailingDelta',
      'trailingTime',
      'icebergQty',
      'strategyId',
      'strategyType',
      'selfTradePreventionMode',
    ])
    expect(full.data).toMatchObject({
      stopPrice: '50500.00000000',
      trailingDelta: 200,
      trailingTime: -1,
      icebergQty: '0.01000000',
      strategyId: 7,
      strategyType: 1000001,
    })
  })
})

describe('cancel-replace ids (fidelity 3.8.1)', () => {
  it('cancelNewClientOrderId renames the canceled order, whose old id the new order may reuse; both ids are checked', async () => {
    const old = await t.a.orderPlace({
      ...limit('BTCUSDT', 'BUY', '59000.00', '0.01000'),
      newClientOrderId: 'cr-old',
    })
    const mismatch = await rejection(
      t.a.orderCancelReplace({
        cancelReplaceMode: 'STOP_ON_FAILURE',
        cancelOrderId: old.data.orderId,
        cancelOrigClientOrderId: 'not-it',
        ...limit('BTCUSDT', 'BUY', '58000.00', '0.01000'),
      }),
    )
    expect(mismatch).toMatchObject({
      code: -2022,
      data: {
        cancelResult: 'FAILURE',
        cancelResponse: { code: -2039, msg: 'Client order ID is not correct for this order ID.' },
      },
    })
    const { data } = await t.a.orderCancelReplace({
      cancelReplaceMode: 'STOP_ON_FAILURE',
      cancelOrderId: old.data.orderId,
      cancelOrigClientOrderId: 'cr-old',
      cancelNewClientOrderId: 'cr-renamed',
      ...limit('BTCUSDT', 'BUY', '58000.00', '0.01000'),
      newClientOrderId: 'cr-old',
    })
    expect(data).toMatchObject({ cancelResult: 'SUCCESS', newOrderResult: 'SUCCESS' })
    expect(data.cancelResponse).toMatchObject({
      orderId: old.data.orderId,
      origClientOrderId: 'cr-old',
      clientOrderId: 'cr-renamed',
      status: 'CANCELED',
    })
    expect(data.newOrderResponse).toMatchObject({
      clientOrderId: 'cr-old',
      price: '58000.00000000',
      status: 'NEW',
    })
    const renamed = await t.a.orderStatus({ symbol: 'BTCUSDT', origClientOrderId: 'cr-renamed' })
    expect(renamed.data).toMatchObject({ orderId: old.data.orderId, status: 'CANCELED' })
    const reused = await t.a.orderStatus({ symbol: 'BTCUSDT', origClientOrderId: 'cr-old' })
    expect(reused.data).toMatchObject({ status: 'NEW', price: '58000.00000000' })
    expect(reused.data.orderId).toBeGreaterThan(old.data.orderId)
    const generated = await t.bare.orderCancel({ symbol: 'BTCUSDT', orderId: reused.data.orderId })
    expect(generated.data).toMatchObject({ clientOrderId: expect.stringMatching(/^[0-9A-Za-z]{22}$/) })
  })
})
