// order.cancelReplace end to end: filters and limits checked first, the unfilled order count it adds, the result
// table (docs/emulator-fidelity.md 3.8.x), its events, the queue position it loses, the REJECTED report of a new
// order the engine refuses, and its behaviour over the unfilled order count (A36).

import { describe, expect, it } from 'vitest'
import type { ExecutionReport } from '../../../src/protocol/events.js'
import { dayCount } from '../../support/account-state.js'
import { harness } from '../../support/dispatch-harness.js'
import { perFile, startTraders } from '../../support/exchange.js'
import { limit } from '../../support/order-params.js'
import { rejection } from '../../support/rejection.js'

const t = perFile(() => startTraders({ record: true }))

const replaceParams = (cancelOrderId: number, price: string, quantity = '0.01000') =>
  ({
    ...limit('BTCUSDT', 'SELL', price, quantity),
    cancelReplaceMode: 'STOP_ON_FAILURE',
    cancelOrderId,
  }) as const

describe('cancel-replace: filters first, counting and the result table (fidelity 3.8.2, 3.8.3, 3.8.5, 3.2.7)', () => {
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

  it('a successful cancel-replace sends CANCELED for the old order and NEW for the new one (fidelity 3.8.7)', async () => {
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

  it('the replacement goes to the back of the queue; an amended order keeps its place (fidelity 3.5.1)', async () => {
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

describe('cancel-replace over the unfilled order count (fidelity 3.8.4, 3.8.5, A36)', () => {
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

describe('cancel-replace whose new order the engine rejects', () => {
  it('sends a REJECTED executionReport for the new order after the 409 response', async () => {
    await t.b.orderPlace(limit('BTCUSDT', 'BUY', '59000.00', '0.10000'))
    const old = await t.a.orderPlace(limit('BTCUSDT', 'SELL', '61000.00', '0.10000'))
    const e = await rejection(
      t.a.orderCancelReplace({
        symbol: 'BTCUSDT',
        side: 'SELL',
        type: 'LIMIT_MAKER',
        price: '58000.00',
        quantity: '0.10000',
        newClientOrderId: 'replacement',
        cancelReplaceMode: 'STOP_ON_FAILURE',
        cancelOrderId: old.data.orderId,
      }),
    )
    expect(e).toMatchObject({ code: -2021, status: 409 })
    await expect
      .poll(() => t.eventsA.events.find((x) => x.e === 'executionReport' && x.c === 'replacement'))
      .toBeDefined()
    const rejected = t.eventsA.events.find(
      (x): x is ExecutionReport => x.e === 'executionReport' && x.c === 'replacement',
    )
    expect(rejected).toMatchObject({
      s: 'BTCUSDT',
      S: 'SELL',
      o: 'LIMIT_MAKER',
      q: '0.10000000',
      p: '58000.00000000',
      x: 'REJECTED',
      X: 'REJECTED',
      r: 'WOULD_MATCH_IMMEDIATELY',
      i: -1,
      z: '0.00000000',
    })
    expect(t.eventsA.reports('BTCUSDT', old.data.orderId).at(-1)).toMatchObject({ x: 'CANCELED' })
  })

  it('answers before the events it caused, on the 409 path too', () => {
    const h = harness()
    const [acct] = h.accounts
    if (!acct) throw new Error('no account')
    const c = h.connect()
    h.request(c, 'userDataStream.subscribe.signature', {}, acct)
    h.request(c, 'order.place', { ...limit('BTCUSDT', 'BUY', '50000.00', '0.01000') }, acct)
    const placed = h.request(c, 'order.place', { ...limit('BTCUSDT', 'SELL', '70000.00', '0.01000') }, acct)
    const orderId = (placed[0]?.['result'] as { orderId: number } | undefined)?.orderId
    const frames = h.request(
      c,
      'order.cancelReplace',
      {
        symbol: 'BTCUSDT',
        side: 'SELL',
        type: 'LIMIT_MAKER',
        price: '49000.00',
        quantity: '0.01000',
        cancelReplaceMode: 'ALLOW_FAILURE',
        cancelOrderId: orderId,
      },
      acct,
    )
    expect(frames[0]).toMatchObject({ status: 409, error: { code: -2021 } })
    const kinds = frames.slice(1).map((f) => (f['event'] as { e: string; x?: string }).x ?? 'position')
    expect(kinds).toEqual(['CANCELED', 'position', 'REJECTED'])
  })
})
