// order.amend.keepPriority end to end: the MAX_NUM_ORDER_AMENDS filter, list legs against the count filters, iceberg
// and OTO legs (docs/emulator-fidelity.md 3.9.x, 3.2.7, 3.6.4, 3.12.14).
import { describe, expect, it } from 'vitest'
import { perFile, startTraders } from '../../support/exchange.js'
import {
  limit,
  makerAndStopOco,
  pendingMaker,
  pendingMakerAndStop,
  workingLimit,
} from '../../support/order-params.js'
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

const t = perFile(() => startTraders({ extraSymbols: [COUNTED] }))

describe('amend (fidelity 3.9.2, 3.9.3, 3.12.14) and count filters (3.2.7, 3.6.4)', () => {
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
      ...workingLimit('CNTUSDT', 'BUY', '50000.00', '0.01000'),
      ...pendingMakerAndStop('SELL', '70000.00', '45000.00', '0.01000'),
    } as const
    const oco = makerAndStopOco('CNTUSDT', 'SELL', '0.01000', '70000.00', '50000.00')
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
      ...workingLimit('ETHUSDT', 'BUY', '2000.00', '0.5000'),
      ...pendingMaker('SELL', '4000.00', '0.5000'),
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
