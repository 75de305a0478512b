// order.amend.keepPriority end to end: the MAX_NUM_ORDER_AMENDS filter (and the default symbols' amend and list
// limits), the quantity filters on the new quantity, list legs against the count filters, iceberg and OTO legs
// (docs/emulator-fidelity.md 3.9.x, 3.2.7, 3.6.4, 3.12.14).
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

const LOWERED = new Set(['MAX_NUM_ORDERS', 'MAX_NUM_ORDER_LISTS', 'MAX_NUM_ORDER_AMENDS'])

/** BTCUSDT with at most 2 amends per order, 4 open orders and 1 open list per account. */
const COUNTED = symbolLike('BTCUSDT', {
  symbol: 'CNTUSDT',
  filters: [
    ...symbolLike('BTCUSDT').filters.filter((f) => !LOWERED.has(f.filterType)),
    { filterType: 'MAX_NUM_ORDERS', maxNumOrders: 4 },
    { filterType: 'MAX_NUM_ORDER_LISTS', maxNumOrderLists: 1 },
    { filterType: 'MAX_NUM_ORDER_AMENDS', maxNumOrderAmends: 2 },
  ],
})

/** BTCUSDT with LOT_SIZE minQty 0.001 on a 0.0001 step, MARKET_LOT_SIZE minQty 0.01, and a minimum notional of 50. */
const FILTERED = symbolLike('BTCUSDT', {
  symbol: 'FLTUSDT',
  filters: symbolLike('BTCUSDT').filters.map((f) => {
    if (f.filterType === 'LOT_SIZE') return { ...f, minQty: '0.00100000', stepSize: '0.00010000' }
    if (f.filterType === 'MARKET_LOT_SIZE') return { ...f, minQty: '0.01000000' }
    return f.filterType === 'NOTIONAL' ? { ...f, minNotional: '50.00000000' } : f
  }),
})

const t = perFile(() => startTraders({ extraSymbols: [COUNTED, FILTERED] }))

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

  it('a default symbol allows 10 amends per order and 20 open lists (CHANGELOG 2025-08-12)', async () => {
    const info = await t.a.exchangeInfo({ symbol: 'BTCUSDT' })
    expect(info.data.symbols[0]?.filters).toEqual(
      expect.arrayContaining([
        { filterType: 'MAX_NUM_ORDER_LISTS', maxNumOrderLists: 20 },
        { filterType: 'MAX_NUM_ORDER_AMENDS', maxNumOrderAmends: 10 },
      ]),
    )
    const { orderId } = (await t.a.orderPlace(limit('BTCUSDT', 'BUY', '40000.00', '1.00000'))).data
    for (let i = 1; i <= 10; i++)
      await t.a.orderAmendKeepPriority({ symbol: 'BTCUSDT', orderId, newQty: `0.${100 - i}` })
    expect(
      await rejection(t.a.orderAmendKeepPriority({ symbol: 'BTCUSDT', orderId, newQty: '0.5' })),
    ).toMatchObject({ code: -2038, msg: 'Filter failure: MAX_NUM_ORDER_AMENDS' })
    const oto = {
      ...workingLimit('BTCUSDT', 'BUY', '30000.00', '0.01000'),
      ...pendingMaker('SELL', '70000.00', '0.01000'),
    }
    // By b: 21 OTOs are 42 orders of the 50 per 10 s its unfilled order count allows.
    for (let i = 1; i <= 20; i++) await t.b.orderListPlaceOto(oto)
    expect(await rejection(t.b.orderListPlaceOto(oto))).toMatchObject({
      code: -1013,
      msg: 'Filter failure: MAX_NUM_ORDER_LISTS',
    })
    await t.a.openOrdersCancelAll({ symbol: 'BTCUSDT' })
    await t.b.openOrdersCancelAll({ symbol: 'BTCUSDT' })
  })

  it('an amend meets the quantity filters with the -1013 of order.place; the order stays unchanged (3.9.4)', async () => {
    const bid = limit('FLTUSDT', 'BUY', '40000.00', '1.00000')
    const { orderId } = (await t.a.orderPlace(bid)).data
    const failures = [
      ['0.00050', 'LOT_SIZE'], // below minQty
      ['0.00155', 'LOT_SIZE'], // off the 0.0001 step
      ['0.00100', 'NOTIONAL'], // 40 at the order's price
    ] as const
    for (const [newQty, filter] of failures) {
      const failure = { code: -1013, msg: `Filter failure: ${filter}` }
      expect(await rejection(t.a.orderPlace({ ...bid, quantity: newQty }))).toMatchObject(failure)
      expect(
        await rejection(t.a.orderAmendKeepPriority({ symbol: 'FLTUSDT', orderId, newQty })),
      ).toMatchObject(failure)
    }
    const status = await t.a.orderStatus({ symbol: 'FLTUSDT', orderId })
    expect(status.data).toMatchObject({ status: 'NEW', origQty: '1.00000000' })
    const amended = await t.a.orderAmendKeepPriority({ symbol: 'FLTUSDT', orderId, newQty: '0.00130' })
    expect(amended.data.amendedOrder).toMatchObject({ qty: '0.00130000' })
    await t.a.openOrdersCancelAll({ symbol: 'FLTUSDT' })
  })

  it('an OCO leg amend meets the filters of both legs: MARKET_LOT_SIZE for the STOP_LOSS partner', async () => {
    const oco = await t.a.orderListPlaceOco(
      makerAndStopOco('FLTUSDT', 'SELL', '0.05000', '70000.00', '50000.00'),
    )
    const leg = (type: string) => oco.data.orderReports.find((r) => r.type === type)?.orderId ?? 0
    const [maker, stop] = [leg('LIMIT_MAKER'), leg('STOP_LOSS')]
    // 0.005 meets LOT_SIZE and the maker's notional (350); a STOP_LOSS of 0.005 is under MARKET_LOT_SIZE's 0.01.
    const stopLoss = {
      symbol: 'FLTUSDT',
      side: 'SELL',
      type: 'STOP_LOSS',
      quantity: '0.00500',
      stopPrice: '50000.00',
    } as const
    const failure = { code: -1013, msg: 'Filter failure: MARKET_LOT_SIZE' }
    expect(await rejection(t.a.orderPlace(stopLoss))).toMatchObject(failure)
    expect(
      await rejection(t.a.orderAmendKeepPriority({ symbol: 'FLTUSDT', orderId: maker, newQty: '0.00500' })),
    ).toMatchObject(failure)
    for (const orderId of [maker, stop])
      expect((await t.a.orderStatus({ symbol: 'FLTUSDT', orderId })).data.origQty).toBe('0.05000000')
    await t.a.orderAmendKeepPriority({ symbol: 'FLTUSDT', orderId: maker, newQty: '0.01000' })
    for (const orderId of [maker, stop])
      expect((await t.a.orderStatus({ symbol: 'FLTUSDT', orderId })).data.origQty).toBe('0.01000000')
    await t.a.openOrdersCancelAll({ symbol: 'FLTUSDT' })
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
