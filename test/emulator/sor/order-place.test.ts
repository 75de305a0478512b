// SOR fidelity (docs/emulator-fidelity.md 3.16.2, 3.16.4, 3.16.7, 3.13.2, 3.13.4, 3.13.5; sor_faq.md): what
// sor.order.place refuses, its unfilled order count, LIMIT FOK across the group's books, and the makers' side of the
// allocator's trades, through our client against the emulator on a real socket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SpotWebsocketAPI, type WebsocketAPIConnection } from '../../../src/client/index.js'
import type { Emulator } from '../../../src/emulator/index.js'
import type { ExecutionReport, UserDataEvent } from '../../../src/protocol/events.js'
import { balanceOf, orderCounts } from '../../support/account-state.js'
import { NO_COMMISSION, startExchange, T0, type TestExchange } from '../../support/exchange.js'
import { limit } from '../../support/order-params.js'
import { rejection } from '../../support/rejection.js'
import { BASE_KEYS, recordEvents, type UserEvents } from '../../support/user-events.js'

let ex: Emulator
let mk: WebsocketAPIConnection
let sor: WebsocketAPIConnection
let makerEvents: UserEvents
let sorEvents: UserEvents
let kit: TestExchange

/** The executionReports of `list` for order `orderId` on `symbol`. */
const reportsOf = (list: UserDataEvent[], symbol: string, orderId: number | undefined) =>
  list.filter((e): e is ExecutionReport => e.e === 'executionReport' && e.s === symbol && e.i === orderId)
/** Accepts the executionReport of order `orderId` on `symbol` with execution type `x` and status `X`. */
const report = (symbol: string, orderId: number | undefined, x: string, X: string) => (e: UserDataEvent) =>
  e.e === 'executionReport' && e.s === symbol && e.i === orderId && e.x === x && e.X === X

const ask = (symbol: string, price: string, quantity: string) =>
  mk.orderPlace(limit(symbol, 'SELL', price, quantity))

beforeAll(async () => {
  kit = await startExchange({
    clock: T0,
    accounts: [
      { apiKey: 'mk', key: 'hmac', commission: NO_COMMISSION, balances: { BTC: '50', USDT: '100000' } },
      { apiKey: 'sor', key: 'hmac', commission: NO_COMMISSION, balances: { USDT: '1000000' } },
    ],
  })
  ex = kit.ex
  const connect = (apiKey: string) => kit.connect(apiKey, { syncClock: false })
  ;[mk, sor] = await Promise.all([connect('mk'), connect('sor')])
  makerEvents = await recordEvents(mk, 'signature')
  sorEvents = await recordEvents(sor, 'signature')
})

afterAll(() => kit?.close())

describe('sor.order.place refusals (DIGEST 3.16.2, 3.2.1, 3.2.2)', () => {
  const limit = { symbol: 'BTCUSDT', side: 'BUY', quantity: '0.01000' } as const

  it('a type other than LIMIT or MARKET is -1116 "Invalid orderType." for sor.order.place and sor.order.test; nothing is placed or counted', async () => {
    const before = await orderCounts(sor)
    const cases: [string, Record<string, string>][] = [
      ['LIMIT_MAKER', { price: '20000.00' }],
      ['STOP_LOSS', { stopPrice: '20000.00' }],
      ['STOP_LOSS_LIMIT', { price: '20000.00', stopPrice: '20000.00', timeInForce: 'GTC' }],
      ['TAKE_PROFIT', { stopPrice: '20000.00' }],
      ['TAKE_PROFIT_LIMIT', { price: '20000.00', stopPrice: '20000.00', timeInForce: 'GTC' }],
    ]
    for (const method of ['sor.order.place', 'sor.order.test']) {
      for (const [type, more] of cases) {
        expect(
          await rejection(sor.sendSignedMessage(method, { ...limit, type, ...more })),
          type,
        ).toMatchObject({
          code: -1116,
          msg: 'Invalid orderType.',
        })
      }
    }
    expect(await orderCounts(sor)).toEqual(before)
    expect((await sor.openOrdersStatus({ symbol: 'BTCUSDT' })).data).toEqual([])
  })

  it('quoteOrderQty: without quantity -1102 for quantity, next to it -1106; nothing is placed or counted', async () => {
    const before = await orderCounts(sor)
    for (const method of ['sor.order.place', 'sor.order.test']) {
      expect(
        await rejection(
          sor.sendSignedMessage(method, {
            symbol: 'BTCUSDT',
            side: 'BUY',
            type: 'MARKET',
            quoteOrderQty: '100',
          }),
        ),
      ).toMatchObject({
        code: -1102,
        msg: "Mandatory parameter 'quantity' was not sent, was empty/null, or malformed.",
      })
      for (const extra of [
        { type: 'MARKET' },
        { type: 'LIMIT', timeInForce: 'GTC', price: '20000.00' },
      ] as Record<string, string>[]) {
        expect(
          await rejection(sor.sendSignedMessage(method, { ...limit, ...extra, quoteOrderQty: '100' })),
        ).toMatchObject({ code: -1106, msg: "Parameter 'quoteOrderQty' sent when not required." })
      }
    }
    expect(await orderCounts(sor)).toEqual(before)
    expect((await sor.openOrdersStatus({ symbol: 'BTCUSDT' })).data).toEqual([])
  })

  it('pegs are -1106 on a symbol that allows pegged orders, where order.place takes them', async () => {
    const info = await sor.exchangeInfo({ symbol: 'BTCUSDT' })
    expect(info.data.symbols[0]?.pegInstructionsAllowed).toBe(true)
    const before = await orderCounts(sor)
    const pegs: [string, Record<string, string>][] = [
      ['pegPriceType', { pegPriceType: 'PRIMARY_PEG' }],
      ['pegPriceType', { pegPriceType: 'MARKET_PEG', pegOffsetType: 'PRICE_LEVEL', pegOffsetValue: '1' }],
    ]
    for (const method of ['sor.order.place', 'sor.order.test']) {
      for (const [name, peg] of pegs) {
        const params = { ...limit, type: 'LIMIT', timeInForce: 'GTC', ...peg }
        expect(await rejection(sor.sendSignedMessage(method, params))).toMatchObject({
          code: -1106,
          msg: `Parameter '${name}' sent when not required.`,
        })
        expect(
          await rejection(sor.sendSignedMessage(method, { ...params, price: '20000.00' })),
        ).toMatchObject({
          code: -1106,
          msg: `Parameter '${name}' sent when not required.`,
        })
      }
    }
    expect(await orderCounts(sor)).toEqual(before)
    expect((await sor.openOrdersStatus({ symbol: 'BTCUSDT' })).data).toEqual([])
    // Like the other parameter checks, the refusal comes before authentication (docs/emulator-fidelity.md A23):
    // an unknown key gets it too.
    const stranger = await new SpotWebsocketAPI({ wsURL: ex.url, apiKey: 'nobody', apiSecret: 'x' }).connect()
    const strangerPeg = { ...limit, type: 'LIMIT', timeInForce: 'GTC', pegPriceType: 'PRIMARY_PEG' }
    expect(await rejection(stranger.sendSignedMessage('sor.order.place', strangerPeg))).toMatchObject({
      code: -1106,
      msg: "Parameter 'pegPriceType' sent when not required.",
    })
    await stranger.disconnect()
    // The same peg is an order on order.place: the refusal above is SOR's own.
    const pegged = await sor.sendSignedMessage<{ status: string }>('order.test', {
      ...limit,
      type: 'LIMIT',
      timeInForce: 'GTC',
      pegPriceType: 'PRIMARY_PEG',
    })
    expect(pegged.data).toEqual({})
  })
})

describe('sor.order.place and the unfilled order count (DIGEST 3.16.2, 3.13.2, 3.13.4, 3.13.5)', () => {
  it('adds 1 to every ORDERS interval; the first allocation gives 1 back, later allocations and fills nothing', async () => {
    const [second, day] = await orderCounts(sor)
    expect(second).toBe(day)
    const c0 = second ?? 0

    const resting = await sor.sorOrderPlace(limit('BTCUSDT', 'BUY', '20000.00', '0.01000'))
    expect(resting.data[0]).toMatchObject({ status: 'NEW', executedQty: '0.00000000' })
    expect(await orderCounts(sor)).toEqual([c0 + 1, c0 + 1])
    expect(resting.rateLimits?.filter((l) => l.rateLimitType === 'ORDERS').map((l) => l.count)).toEqual([
      c0 + 1,
      c0 + 1,
    ])

    await ask('BTCUSDC', '28000.00', '1.00000')
    await ask('BTCUSDT', '30000.00', '1.00000')
    const routed = await sor.sorOrderPlace(limit('BTCUSDT', 'BUY', '30000.00', '3.00000'))
    const order = routed.data[0]
    expect(order).toMatchObject({ status: 'PARTIALLY_FILLED', executedQty: '2.00000000' })
    expect(order?.fills?.map((f) => [f.price, f.allocId])).toHaveLength(2)
    // +1 for the placement, -1 for the first of its two allocations.
    expect(await orderCounts(sor)).toEqual([c0 + 1, c0 + 1])

    // The remainder rests on BTCUSDT; its later fill there is not a first fill.
    await ask('BTCUSDT', '30000.00', '1.00000')
    await sorEvents.next(report('BTCUSDT', order?.orderId, 'TRADE', 'FILLED'))
    expect((await sor.orderStatus({ symbol: 'BTCUSDT', orderId: order?.orderId ?? -1 })).data.status).toBe(
      'FILLED',
    )
    expect(await orderCounts(sor)).toEqual([c0 + 1, c0 + 1])
    await sor.openOrdersCancelAll({ symbol: 'BTCUSDT' })
    expect(await orderCounts(sor)).toEqual([c0 + 1, c0 + 1])
  })
})

describe('SOR LIMIT FOK (DIGEST 3.16.4, 3.13.5; enums.md FOK)', () => {
  it('fills entirely across the books when together they hold enough within the price', async () => {
    await ask('BTCUSDC', '28000.00', '1.00000')
    await ask('BTCUSDT', '29000.00', '1.00000')
    const placed = await sor.sorOrderPlace({
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
      await sorEvents.next(report('BTCUSDT', orderId, 'TRADE', 'FILLED')),
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
    await ask('BTCUSDC', '28000.00', '1.00000')
    await ask('BTCUSDT', '30000.00', '1.00000')
    await ask('BTCUSDT', '32000.00', '5.00000')
    const depth = async () =>
      Promise.all(
        ['BTCUSDT', 'BTCUSDC'].map(async (symbol) => (await sor.depth({ symbol, limit: 5 })).data.asks),
      )
    const books = await depth()
    const usdt = await balanceOf(sor, 'USDT')
    const btc = await balanceOf(sor, 'BTC')
    const before = await orderCounts(sor)
    // 2 within the price of 31000 across BTCUSDC and BTCUSDT (more only above it): 3 cannot fill.
    const placed = await sor.sorOrderPlace({
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
      await sorEvents.next(report('BTCUSDT', order?.orderId, 'EXPIRED', 'EXPIRED')),
      'BTCUSDT',
      order?.orderId,
    )
    expect(got.map((r) => [r.x, r.X, r.c, r.z, r.k, r.uS])).toEqual([
      ['NEW', 'NEW', 'sor-fok-killed', '0.00000000', 'SOR', true],
      ['EXPIRED', 'EXPIRED', 'sor-fok-killed', '0.00000000', 'SOR', true],
    ])
    expect(got[1]).toMatchObject({ eR: 'UNFILLED_FOK_ORDER_EXPIRED', l: '0.00000000', t: -1 })
    expect(await depth()).toEqual(books)
    expect(await balanceOf(sor, 'USDT')).toEqual(usdt)
    expect(await balanceOf(sor, 'BTC')).toEqual(btc)
    expect((await sor.myAllocations({ symbol: 'BTCUSDT', orderId: order?.orderId ?? -1 })).data).toEqual([])
    expect(await orderCounts(sor)).toEqual(before.map((n) => n + 1))
    await mk.openOrdersCancelAll({ symbol: 'BTCUSDT' })
    await mk.openOrdersCancelAll({ symbol: 'BTCUSDC' })
  })
})

describe('SOR icebergQty (DIGEST 3.16.4, 3.3.5)', () => {
  it('a LIMIT GTC remainder rests as an iceberg showing only its slice; outside LIMIT GTC or not below quantity it is -2010', async () => {
    await ask('BTCUSDC', '28000.00', '1.00000')
    const placed = await sor.sorOrderPlace({
      ...limit('BTCUSDT', 'BUY', '27000.00', '3.00000'),
      icebergQty: '0.50000',
    })
    expect(placed.data[0]).toMatchObject({
      status: 'NEW',
      icebergQty: '0.50000000',
      workingFloor: 'EXCHANGE',
    })
    const order = await sor.sorOrderPlace({
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
      await sorEvents.next(report('BTCUSDT', o?.orderId, 'TRADE', 'PARTIALLY_FILLED')),
      'BTCUSDT',
      o?.orderId,
    )
    expect(nw).toMatchObject({ x: 'NEW', F: '0.50000000', q: '3.00000000' })
    // Only the slices show on the book: 0.5 at 30000 (2 left), 0.5 at 27000 (3 left).
    expect((await sor.depth({ symbol: 'BTCUSDT', limit: 5 })).data.bids).toEqual([
      ['30000.00000000', '0.50000000'],
      ['27000.00000000', '0.50000000'],
    ])
    expect((await sor.orderStatus({ symbol: 'BTCUSDT', orderId: o?.orderId ?? -1 })).data).toMatchObject({
      icebergQty: '0.50000000',
      executedQty: '1.00000000',
      workingFloor: 'EXCHANGE',
    })
    await sor.openOrdersCancelAll({ symbol: 'BTCUSDT' })

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
          await rejection(sor.sendSignedMessage(method, { ...base, timeInForce, icebergQty: '0.10000' })),
        ).toMatchObject({ code: -2010, msg: 'Unsupported order combination' })
      }
      expect(
        await rejection(
          sor.sendSignedMessage(method, { ...base, timeInForce: 'GTC', icebergQty: '1.00000' }),
        ),
      ).toMatchObject({ code: -2010, msg: 'IcebergQty exceeds QTY.' })
    }
    expect((await sor.openOrdersStatus({ symbol: 'BTCUSDT' })).data).toEqual([])
  })
})

describe('the makers of SOR allocations (DIGEST 3.16.7, §6 A35)', () => {
  it('makers on the other books and the own book receive normal trade executionReports, trades and first-fill credit', async () => {
    const usdc = await ask('BTCUSDC', '28000.00', '1.00000')
    const usdt = await ask('BTCUSDT', '30000.00', '2.00000')
    const makerCount = await orderCounts(mk)
    const makerUsdc = (await balanceOf(mk, 'USDC'))?.free
    const placed = await sor.sorOrderPlace({
      ...limit('BTCUSDT', 'BUY', '31000.00', '2.00000'),
      timeInForce: 'IOC',
    })
    expect(placed.data[0]).toMatchObject({ status: 'FILLED', executedQty: '2.00000000' })

    const events = await makerEvents.next(report('BTCUSDT', usdt.data.orderId, 'TRADE', 'PARTIALLY_FILLED'))
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
      const mine = (await mk.myTrades({ symbol: r.s })).data.find((t) => t.id === r.t)
      expect(mine).toMatchObject({
        orderId: r.i,
        price: r.L,
        qty: r.l,
        isBuyer: false,
        isMaker: true,
        commissionAsset: r.N,
      })
      const tape = (await sor.tradesRecent({ symbol: r.s })).data.find((t) => t.id === r.t)
      expect(tape).toMatchObject({ price: r.L, qty: r.l, isBuyerMaker: false })
    }
    // Two first fills on the book give the maker back 2 (firstFillDecrement.maker 1).
    expect(await orderCounts(mk)).toEqual(makerCount.map((n) => n - 2))
    expect(Number((await balanceOf(mk, 'USDC'))?.free) - Number(makerUsdc)).toBe(28000)
    await mk.openOrdersCancelAll({ symbol: 'BTCUSDT' })
  })
})
