// SOR fills end to end (docs/emulator-fidelity.md 3.16.4, 3.16.7, 3.13.5, A35; sor_faq.md): a LIMIT FOK across the
// group's books fills whole or not at all, an iceberg remainder rests showing its slice, and the makers of the
// allocations get normal trade reports, trades and first-fill credit.

import { describe, expect, it } from 'vitest'
import { balanceOf, orderCounts } from '../../support/account-state.js'
import { perFile, T0 } from '../../support/exchange.js'
import { limit } from '../../support/order-params.js'
import { rejection } from '../../support/rejection.js'
import { BASE_KEYS } from '../../support/user-events.js'
import { report, reportsOf, startSorMarket } from './sor-market.js'

const t = perFile(() => startSorMarket({ mk: { BTC: '50', USDT: '100000' }, sor: { USDT: '1000000' } }))

describe('SOR LIMIT FOK (fidelity 3.16.4, 3.13.5; enums.md FOK)', () => {
  it('fills entirely across the books when together they hold enough within the price', async () => {
    await t.ask('BTCUSDC', '28000.00', '1.00000')
    await t.ask('BTCUSDT', '29000.00', '1.00000')
    const placed = await t.sor.sorOrderPlace({
      ...limit('BTCUSDT', 'BUY', '29000.00', '2.00000'),
      timeInForce: 'FOK',
    })
    expect(placed.data[0]).toMatchObject({
      status: 'FILLED',
      timeInForce: 'FOK',
      executedQty: '2.00000000',
      cummulativeQuoteQty: '57000.00000000',
      workingFloor: 'SOR',
      usedSor: true,
    })
    expect(placed.data[0]?.fills?.map((f) => [f.price, f.qty, f.tradeId, f.allocId !== undefined])).toEqual([
      ['28000.00000000', '1.00000000', -1, true],
      ['29000.00000000', '1.00000000', -1, true],
    ])
    const orderId = placed.data[0]?.orderId
    const got = reportsOf(
      await t.sorEvents.next(report('BTCUSDT', orderId, 'TRADE', 'FILLED')),
      'BTCUSDT',
      orderId,
    )
    expect(got.map((r) => [r.x, r.X, r.z])).toEqual([
      ['NEW', 'NEW', '0.00000000'],
      ['TRADE', 'PARTIALLY_FILLED', '1.00000000'],
      ['TRADE', 'FILLED', '2.00000000'],
    ])
  })

  it('expires without trading when the books cannot fill all of it: UNFILLED_FOK_ORDER_EXPIRED, books and balances untouched, its +1 kept', async () => {
    await t.ask('BTCUSDC', '28000.00', '1.00000')
    await t.ask('BTCUSDT', '30000.00', '1.00000')
    await t.ask('BTCUSDT', '32000.00', '5.00000')
    const depth = async () =>
      Promise.all(
        ['BTCUSDT', 'BTCUSDC'].map(async (symbol) => (await t.sor.depth({ symbol, limit: 5 })).data.asks),
      )
    const books = await depth()
    const usdt = await balanceOf(t.sor, 'USDT')
    const btc = await balanceOf(t.sor, 'BTC')
    const before = await orderCounts(t.sor)
    // 2 within the price of 31000 across BTCUSDC and BTCUSDT (more only above it): 3 cannot fill.
    const placed = await t.sor.sorOrderPlace({
      ...limit('BTCUSDT', 'BUY', '31000.00', '3.00000'),
      timeInForce: 'FOK',
      newClientOrderId: 'sor-fok-killed',
    })
    const order = placed.data[0]
    expect(order).toMatchObject({
      status: 'EXPIRED',
      timeInForce: 'FOK',
      executedQty: '0.00000000',
      cummulativeQuoteQty: '0.00000000',
      expiryReason: 'UNFILLED_FOK_ORDER_EXPIRED',
      fills: [],
      workingFloor: 'SOR',
      usedSor: true,
    })
    const got = reportsOf(
      await t.sorEvents.next(report('BTCUSDT', order?.orderId, 'EXPIRED', 'EXPIRED')),
      'BTCUSDT',
      order?.orderId,
    )
    expect(got.map((r) => [r.x, r.X, r.c, r.z, r.k, r.uS])).toEqual([
      ['NEW', 'NEW', 'sor-fok-killed', '0.00000000', 'SOR', true],
      ['EXPIRED', 'EXPIRED', 'sor-fok-killed', '0.00000000', 'SOR', true],
    ])
    expect(got[1]).toMatchObject({ eR: 'UNFILLED_FOK_ORDER_EXPIRED', l: '0.00000000', t: -1 })
    expect(await depth()).toEqual(books)
    expect(await balanceOf(t.sor, 'USDT')).toEqual(usdt)
    expect(await balanceOf(t.sor, 'BTC')).toEqual(btc)
    expect((await t.sor.myAllocations({ symbol: 'BTCUSDT', orderId: order?.orderId ?? -1 })).data).toEqual([])
    expect(await orderCounts(t.sor)).toEqual(before.map((n) => n + 1))
    await t.mk.openOrdersCancelAll({ symbol: 'BTCUSDT' })
    await t.mk.openOrdersCancelAll({ symbol: 'BTCUSDC' })
  })
})

describe('SOR icebergQty (fidelity 3.16.4, 3.3.5)', () => {
  it('a LIMIT GTC remainder rests as an iceberg showing only its slice; outside LIMIT GTC or not below quantity it is -2010', async () => {
    await t.ask('BTCUSDC', '28000.00', '1.00000')
    const placed = await t.sor.sorOrderPlace({
      ...limit('BTCUSDT', 'BUY', '27000.00', '3.00000'),
      icebergQty: '0.50000',
    })
    expect(placed.data[0]).toMatchObject({
      status: 'NEW',
      icebergQty: '0.50000000',
      workingFloor: 'EXCHANGE',
    })
    const order = await t.sor.sorOrderPlace({
      ...limit('BTCUSDT', 'BUY', '30000.00', '3.00000'),
      icebergQty: '0.50000',
    })
    const o = order.data[0]
    expect(o).toMatchObject({
      status: 'PARTIALLY_FILLED',
      executedQty: '1.00000000',
      icebergQty: '0.50000000',
      workingFloor: 'EXCHANGE',
      usedSor: true,
    })
    expect(o?.fills?.map((f) => [f.price, f.qty, f.tradeId])).toEqual([['28000.00000000', '1.00000000', -1]])
    const [nw] = reportsOf(
      await t.sorEvents.next(report('BTCUSDT', o?.orderId, 'TRADE', 'PARTIALLY_FILLED')),
      'BTCUSDT',
      o?.orderId,
    )
    expect(nw).toMatchObject({ x: 'NEW', F: '0.50000000', q: '3.00000000' })
    // Only the slices show on the book: 0.5 at 30000 (2 left), 0.5 at 27000 (3 left).
    expect((await t.sor.depth({ symbol: 'BTCUSDT', limit: 5 })).data.bids).toEqual([
      ['30000.00000000', '0.50000000'],
      ['27000.00000000', '0.50000000'],
    ])
    expect((await t.sor.orderStatus({ symbol: 'BTCUSDT', orderId: o?.orderId ?? -1 })).data).toMatchObject({
      icebergQty: '0.50000000',
      executedQty: '1.00000000',
      workingFloor: 'EXCHANGE',
    })
    await t.sor.openOrdersCancelAll({ symbol: 'BTCUSDT' })

    const base = {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      price: '30000.00',
      quantity: '1.00000',
    } as const
    for (const method of ['sor.order.place', 'sor.order.test']) {
      for (const timeInForce of ['IOC', 'FOK']) {
        expect(
          await rejection(t.sor.sendSignedMessage(method, { ...base, timeInForce, icebergQty: '0.10000' })),
        ).toMatchObject({ code: -2010, msg: 'Unsupported order combination' })
      }
      expect(
        await rejection(
          t.sor.sendSignedMessage(method, { ...base, timeInForce: 'GTC', icebergQty: '1.00000' }),
        ),
      ).toMatchObject({ code: -2010, msg: 'IcebergQty exceeds QTY.' })
    }
    expect((await t.sor.openOrdersStatus({ symbol: 'BTCUSDT' })).data).toEqual([])
  })
})

describe('the makers of SOR allocations (fidelity 3.16.7, §6 A35)', () => {
  it('makers on the other books and the own book receive normal trade executionReports, trades and first-fill credit', async () => {
    const usdc = await t.ask('BTCUSDC', '28000.00', '1.00000')
    const usdt = await t.ask('BTCUSDT', '30000.00', '2.00000')
    const makerCount = await orderCounts(t.mk)
    const makerUsdc = (await balanceOf(t.mk, 'USDC'))?.free
    const placed = await t.sor.sorOrderPlace({
      ...limit('BTCUSDT', 'BUY', '31000.00', '2.00000'),
      timeInForce: 'IOC',
    })
    expect(placed.data[0]).toMatchObject({ status: 'FILLED', executedQty: '2.00000000' })

    const events = await t.makerEvents.next(report('BTCUSDT', usdt.data.orderId, 'TRADE', 'PARTIALLY_FILLED'))
    const got = [
      ...reportsOf(events, 'BTCUSDC', usdc.data.orderId),
      ...reportsOf(events, 'BTCUSDT', usdt.data.orderId),
    ].filter((r) => r.x === 'TRADE')
    expect(got).toHaveLength(2)
    for (const r of got) expect(Object.keys(r)).toEqual(BASE_KEYS)
    expect(got.map((r) => [r.s, r.i, r.S, r.x, r.X, r.l, r.L, r.z, r.m, r.w])).toEqual([
      [
        'BTCUSDC',
        usdc.data.orderId,
        'SELL',
        'TRADE',
        'FILLED',
        '1.00000000',
        '28000.00000000',
        '1.00000000',
        true,
        false,
      ],
      [
        'BTCUSDT',
        usdt.data.orderId,
        'SELL',
        'TRADE',
        'PARTIALLY_FILLED',
        '1.00000000',
        '30000.00000000',
        '1.00000000',
        true,
        true,
      ],
    ])
    for (const r of got) {
      expect(r.t).toBeGreaterThanOrEqual(0)
      expect(r).toMatchObject({ M: true, n: '0.00000000', E: T0, T: T0 })
    }
    expect(got.map((r) => r.N)).toEqual(['USDC', 'USDT'])

    // They are trades of the book: in the maker's myTrades and the public trade list, with the same ids.
    for (const r of got) {
      const mine = (await t.mk.myTrades({ symbol: r.s })).data.find((t) => t.id === r.t)
      expect(mine).toMatchObject({
        orderId: r.i,
        price: r.L,
        qty: r.l,
        isBuyer: false,
        isMaker: true,
        commissionAsset: r.N,
      })
      const tape = (await t.sor.tradesRecent({ symbol: r.s })).data.find((t) => t.id === r.t)
      expect(tape).toMatchObject({ price: r.L, qty: r.l, isBuyerMaker: false })
    }
    // Two first fills on the book give the maker back 2 (firstFillDecrement.maker 1).
    expect(await orderCounts(t.mk)).toEqual(makerCount.map((n) => n - 2))
    expect(Number((await balanceOf(t.mk, 'USDC'))?.free) - Number(makerUsdc)).toBe(28000)
    await t.mk.openOrdersCancelAll({ symbol: 'BTCUSDT' })
  })
})

describe('SOR and iceberg hidden quantity (fidelity 3.16.3, 3.3.8; sor_faq.md)', () => {
  it('a MARKET takes the refreshed slices of an iceberg on the cheaper book before the dearer book', async () => {
    const hidden = await t.mk.orderPlace({
      ...limit('BTCUSDC', 'SELL', '28000.00', '3.00000'),
      icebergQty: '1.00000',
    })
    await t.ask('BTCUSDT', '29000.00', '5.00000')
    const placed = await t.sor.sorOrderPlace({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: '1.50000',
    })
    expect(placed.data[0]).toMatchObject({
      status: 'FILLED',
      executedQty: '1.50000000',
      cummulativeQuoteQty: '42000.00000000',
    })
    expect(placed.data[0]?.fills?.map((f) => [f.price, f.qty])).toEqual([['28000.00000000', '1.50000000']])
    const iceberg = await t.mk.orderStatus({ symbol: 'BTCUSDC', orderId: hidden.data.orderId })
    expect(iceberg.data).toMatchObject({ status: 'PARTIALLY_FILLED', executedQty: '1.50000000' })
    await t.mk.openOrdersCancelAll({ symbol: 'BTCUSDT' })
    await t.mk.openOrdersCancelAll({ symbol: 'BTCUSDC' })
  })
})
