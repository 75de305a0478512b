// docs/emulator-fidelity.md 3.14 (executionReport keys, the MARKET order FAQ sequence), §3.2.10 (id sequences) and
// §3.11.7 (transitions; failures that leave no trace) end to end, read from the user data stream of our client.
import { describe, expect, it } from 'vitest'
import type { ExecutionReport } from '../../../src/protocol/events.js'
import { perFile, startTraders } from '../../support/exchange.js'
import { limit, workingLimit } from '../../support/order-params.js'
import { rejection } from '../../support/rejection.js'
import type { UserEvents } from '../../support/user-events.js'

const t = perFile(() => startTraders({ record: true }))

const CONDITIONAL = ['d', 'D', 'j', 'J', 'v', 'A', 'B', 'u', 'U', 'Cs', 'pl', 'pL', 'pY', 'b', 'a', 'k', 'uS']
const PEG_KEYS = ['gP', 'gOT', 'gOV', 'gp']

describe('the MARKET order FAQ sequence (fidelity 3.14.4, 3.3.3, 3.11.8)', () => {
  it('MARKET BUY 0.6 against 0.4 available: NEW, TRADE, TRADE, EXPIRED (INSUFFICIENT_LIQUIDITY), then the balances, one E', async () => {
    const m1 = await t.b.orderPlace(limit('ETHUSDT', 'SELL', '3000.00', '0.2000'))
    const m2 = await t.b.orderPlace(limit('ETHUSDT', 'SELL', '3000.00', '0.2000'))
    const before = t.eventsA.events.length
    const { data } = await t.a.orderPlace({
      symbol: 'ETHUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.6000',
    })
    expect(data).toMatchObject({
      price: '0.00000000',
      origQty: '0.60000000',
      executedQty: '0.40000000',
      cummulativeQuoteQty: '1200.00000000',
      status: 'EXPIRED',
      timeInForce: 'GTC',
      type: 'MARKET',
      expiryReason: 'INSUFFICIENT_LIQUIDITY',
    })
    const [t1, t2] = data.fills?.map((f) => f.tradeId) ?? []
    const reports = await t.eventsA.settle(() => {
      const r = t.eventsA.reports('ETHUSDT', data.orderId)
      expect(r).toHaveLength(4)
      return r
    })
    const [created, first, second, expired] = reports as [
      ExecutionReport,
      ExecutionReport,
      ExecutionReport,
      ExecutionReport,
    ]
    expect(created).toMatchObject({ x: 'NEW', X: 'NEW', w: true, l: '0.00000000', t: -1, n: '0', N: null })
    expect(first).toMatchObject({
      x: 'TRADE',
      X: 'PARTIALLY_FILLED',
      l: '0.20000000',
      L: '3000.00000000',
      z: '0.20000000',
      t: t1,
      N: 'ETH',
      w: false,
      m: false,
      M: true,
      Y: '600.00000000',
      Z: '600.00000000',
    })
    expect(second).toMatchObject({
      x: 'TRADE',
      X: 'PARTIALLY_FILLED',
      l: '0.20000000',
      z: '0.40000000',
      t: t2,
    })
    expect(second.Z).toBe('1200.00000000')
    expect(expired).toMatchObject({
      x: 'EXPIRED',
      X: 'EXPIRED',
      l: '0.00000000',
      z: '0.40000000',
      t: -1,
      n: '0',
      N: null,
      eR: 'INSUFFICIENT_LIQUIDITY',
    })
    expect(t2).toBe((t1 ?? 0) + 1)
    for (const r of reports) {
      expect(r).toMatchObject({
        E: created.E,
        T: created.T,
        O: created.O,
        W: created.W,
        o: 'MARKET',
        f: 'GTC',
      })
      expect(r.p).toBe('0.00000000')
    }
    expect(reports.map((r) => r.I)).toEqual([...reports.map((r) => r.I)].sort((x, y) => x - y))
    expect(new Set(reports.map((r) => r.I)).size).toBe(4)
    // After the four reports comes the account's outboundAccountPosition, with the same event time.
    const mine = await t.eventsA.settle(() => {
      const after = t.eventsA.events.slice(before)
      expect(after.at(-1)?.e).toBe('outboundAccountPosition')
      return after
    })
    expect(mine.map((e) => e.e)).toEqual([
      'executionReport',
      'executionReport',
      'executionReport',
      'executionReport',
      'outboundAccountPosition',
    ])
    expect(mine.at(-1)).toMatchObject({ E: created.E })
    // The makers get their own TRADE reports (m=true).
    for (const maker of [m1.data.orderId, m2.data.orderId]) {
      await t.eventsB.settle(() =>
        expect(t.eventsB.reports('ETHUSDT', maker).at(-1)).toMatchObject({
          x: 'TRADE',
          X: 'FILLED',
          m: true,
        }),
      )
    }
  })
})

describe('executionReport conditional keys (fidelity 3.14.3, 3.3.4, 3.3.7, 3.3.8, 3.3.9, 3.2.3)', () => {
  it('a plain order has none of the conditional keys; j/J only when sent', async () => {
    const plain = await t.a.orderPlace(limit('BTCUSDT', 'BUY', '50000.00', '0.01000'))
    const report = await t.eventsA.settle(() => {
      const r = t.eventsA.reports('BTCUSDT', plain.data.orderId)[0]
      expect(r).toBeDefined()
      return r as ExecutionReport
    })
    for (const key of [...CONDITIONAL, ...PEG_KEYS, 'eR']) expect(report).not.toHaveProperty(key)
    expect(report).toMatchObject({ F: '0.00000000', Q: '0.00000000', P: '0.00000000' })
    const tagged = await t.a.orderPlace({
      ...limit('BTCUSDT', 'BUY', '50000.00', '0.01000'),
      strategyId: 77,
      strategyType: 1000001,
    })
    await t.eventsA.settle(() =>
      expect(t.eventsA.reports('BTCUSDT', tagged.data.orderId)[0]).toMatchObject({ j: 77, J: 1000001 }),
    )
    await t.a.openOrdersCancelAll({ symbol: 'BTCUSDT' })
  })

  it('trailing orders carry d and D (-1 until tracking starts); an iceberg carries F; quoteOrderQty carries Q', async () => {
    const trailing = await t.a.orderPlace({
      symbol: 'ETHUSDT',
      side: 'SELL',
      type: 'STOP_LOSS_LIMIT',
      timeInForce: 'GTC',
      price: '2500.00',
      stopPrice: '2600.00',
      trailingDelta: 300,
      quantity: '0.1000',
    })
    await t.eventsA.settle(() =>
      expect(t.eventsA.reports('ETHUSDT', trailing.data.orderId)[0]).toMatchObject({
        x: 'NEW',
        w: false,
        P: '2600.00000000',
        d: 300,
        D: -1,
      }),
    )
    const iceberg = await t.a.orderPlace({
      ...limit('ETHUSDT', 'BUY', '2000.00', '1.0000'),
      icebergQty: '0.2000',
    })
    await t.eventsA.settle(() =>
      expect(t.eventsA.reports('ETHUSDT', iceberg.data.orderId)[0]).toMatchObject({
        x: 'NEW',
        q: '1.00000000',
        F: '0.20000000',
      }),
    )
    expect(t.eventsA.reports('ETHUSDT', iceberg.data.orderId)[0]).not.toHaveProperty('d')
    await t.b.orderPlace(limit('ETHUSDT', 'SELL', '3000.00', '1.0000'))
    const byQuote = await t.a.orderPlace({
      symbol: 'ETHUSDT',
      side: 'BUY',
      type: 'MARKET',
      quoteOrderQty: '300.00',
    })
    expect(byQuote.data).toMatchObject({ origQuoteOrderQty: '300.00000000', executedQty: '0.10000000' })
    const reports = await t.eventsA.settle(() => {
      const r = t.eventsA.reports('ETHUSDT', byQuote.data.orderId)
      expect(r.at(-1)?.X).toBe('FILLED')
      return r
    })
    for (const r of reports) expect(r.Q).toBe('300.00000000')
    await t.a.openOrdersCancelAll({ symbol: 'ETHUSDT' })
    await t.b.openOrdersCancelAll({ symbol: 'ETHUSDT' })
  })

  it('a pegged order carries gP, gOT, gOV and gp (the price it pegged to) in every report', async () => {
    await t.b.orderPlace(limit('BTCUSDT', 'SELL', '61000.00', '0.01000'))
    await t.b.orderPlace(limit('BTCUSDT', 'SELL', '61500.00', '0.01000'))
    const pegged = await t.a.orderPlace({
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.01000',
      pegPriceType: 'PRIMARY_PEG',
      pegOffsetType: 'PRICE_LEVEL',
      pegOffsetValue: 1,
    })
    await t.eventsA.settle(() =>
      expect(t.eventsA.reports('BTCUSDT', pegged.data.orderId)[0]).toMatchObject({
        x: 'NEW',
        p: '0.00000000',
        gP: 'PRIMARY_PEG',
        gOT: 'PRICE_LEVEL',
        gOV: 1,
        gp: '61500.00000000',
      }),
    )
    await t.a.orderCancel({ symbol: 'BTCUSDT', orderId: pegged.data.orderId })
    await t.eventsA.settle(() =>
      expect(t.eventsA.reports('BTCUSDT', pegged.data.orderId).at(-1)).toMatchObject({
        x: 'CANCELED',
        gP: 'PRIMARY_PEG',
        gp: '61500.00000000',
      }),
    )
    await t.b.openOrdersCancelAll({ symbol: 'BTCUSDT' })
  })
})

describe('id sequences (fidelity 3.2.10, A-ids)', () => {
  it('orderId and trade ids count per symbol; executionId I grows across symbols; orderListId is -1', async () => {
    const ids: Record<'BTCUSDT' | 'ETHUSDT', number[]> = { BTCUSDT: [], ETHUSDT: [] }
    const trades: Record<'BTCUSDT' | 'ETHUSDT', number[]> = { BTCUSDT: [], ETHUSDT: [] }
    const params = { BTCUSDT: ['60000.00', '0.01000'], ETHUSDT: ['3000.00', '0.1000'] } as const
    for (let round = 0; round < 3; round++) {
      for (const symbol of ['BTCUSDT', 'ETHUSDT'] as const) {
        const [price, qty] = params[symbol]
        const maker = await t.b.orderPlace(limit(symbol, 'SELL', price, qty))
        const taker = await t.a.orderPlace(limit(symbol, 'BUY', price, qty))
        expect(maker.data.orderListId).toBe(-1)
        ids[symbol].push(maker.data.orderId, taker.data.orderId)
        trades[symbol].push(...(taker.data.fills?.map((f) => f.tradeId) ?? []))
      }
    }
    for (const symbol of ['BTCUSDT', 'ETHUSDT'] as const) {
      const first = ids[symbol][0] ?? 0
      expect(ids[symbol]).toEqual([0, 1, 2, 3, 4, 5].map((k) => first + k))
      const firstTrade = trades[symbol][0] ?? 0
      expect(trades[symbol]).toEqual([0, 1, 2].map((k) => firstTrade + k))
      const recent = await t.a.tradesRecent({ symbol, limit: 3 })
      expect(recent.data.map((t) => t.id)).toEqual(trades[symbol])
    }
    // Both symbols interleave, so a per-symbol executionId would repeat; the global one never does.
    const allI = t.eventsA.events
      .filter((e): e is ExecutionReport => e.e === 'executionReport')
      .map((e) => e.I)
    expect(new Set(allI).size).toBe(allI.length)
    expect(allI).toEqual([...allI].sort((x, y) => x - y))
  })

  it('preventedMatchId counts per symbol', async () => {
    const prevented: number[] = []
    for (const [symbol, price, qty] of [
      ['BTCUSDT', '60000.00', '0.01000'],
      ['ETHUSDT', '3000.00', '0.1000'],
      ['BTCUSDT', '60000.00', '0.01000'],
      ['ETHUSDT', '3000.00', '0.1000'],
    ] as const) {
      await t.a.orderPlace(limit(symbol, 'SELL', price, qty))
      const taker = await t.a.orderPlace({
        ...limit(symbol, 'BUY', price, qty),
        selfTradePreventionMode: 'EXPIRE_MAKER',
      })
      const match = taker.data.preventedMatches?.[0]
      expect(match).toBeDefined()
      prevented.push(match?.preventedMatchId ?? -1)
      await t.a.openOrdersCancelAll({ symbol })
    }
    const [btc = 0, eth = 0] = prevented
    expect(prevented).toEqual([btc, eth, btc + 1, eth + 1])
  })
})

describe('transitions (fidelity 3.11.7, A23)', () => {
  it('API-level failures and ME rejections of single orders leave no order and no event', async () => {
    await t.a.orderPlace(limit('BTCUSDT', 'BUY', '10000.00', '0.01000'))
    const opened = await t.a.openOrdersStatus({ symbol: 'BTCUSDT' })
    const before = t.eventsA.events.length
    const precision = await rejection(t.a.orderPlace(limit('BTCUSDT', 'BUY', '10000.000000001', '0.01000')))
    expect(precision).toMatchObject({ code: -1111 })
    const tick = await rejection(t.a.orderPlace(limit('BTCUSDT', 'BUY', '10000.005', '0.01000')))
    expect(tick).toMatchObject({ code: -1013, msg: 'Filter failure: PRICE_FILTER' })
    const lot = await rejection(t.a.orderPlace(limit('BTCUSDT', 'BUY', '10000.00', '0.000001')))
    expect(lot).toMatchObject({ code: -1013, msg: 'Filter failure: LOT_SIZE' })
    const notional = await rejection(t.a.orderPlace(limit('BTCUSDT', 'BUY', '1.00', '0.01000')))
    expect(notional).toMatchObject({ code: -1013, msg: 'Filter failure: NOTIONAL' })
    const funds = await rejection(t.a.orderPlace(limit('BTCUSDT', 'BUY', '100000.00', '20.00000')))
    expect(funds).toMatchObject({
      code: -2010,
      msg: 'Account has insufficient balance for requested action.',
    })
    const maker = await t.b.orderPlace(limit('BTCUSDT', 'SELL', '60000.00', '0.01000'))
    const takes = await rejection(
      t.a.orderPlace({
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT_MAKER',
        price: '60000.00',
        quantity: '0.01000',
      }),
    )
    expect(takes).toMatchObject({ code: -2010, msg: 'Order would immediately match and take.' })
    // A barrier: this order's NEW report arrives after anything the failures might have sent.
    const marker = await t.a.orderPlace(limit('BTCUSDT', 'BUY', '10000.00', '0.01000'))
    await t.eventsA.settle(() => expect(t.eventsA.reports('BTCUSDT', marker.data.orderId)).toHaveLength(1))
    expect(t.eventsA.events.slice(before).map((e) => (e.e === 'executionReport' ? e.i : e.e))).toEqual([
      marker.data.orderId,
      'outboundAccountPosition',
    ])
    const now = await t.a.openOrdersStatus({ symbol: 'BTCUSDT' })
    expect(now.data.map((o) => o.orderId)).toEqual([
      ...opened.data.map((o) => o.orderId),
      marker.data.orderId,
    ])
    await t.b.orderCancel({ symbol: 'BTCUSDT', orderId: maker.data.orderId })
    await t.a.openOrdersCancelAll({ symbol: 'BTCUSDT' })
  })

  it('NEW → PARTIALLY_FILLED → FILLED, NEW → CANCELED, NEW → FILLED in one fill, as X of the reports', async () => {
    const sell = await t.b.orderPlace(limit('ETHUSDT', 'SELL', '3100.00', '0.3000'))
    await t.a.orderPlace(limit('ETHUSDT', 'BUY', '3100.00', '0.1000'))
    await t.a.orderPlace(limit('ETHUSDT', 'BUY', '3100.00', '0.2000'))
    const one = await t.b.orderPlace(limit('ETHUSDT', 'SELL', '3100.00', '0.1000'))
    const filledAtOnce = await t.a.orderPlace(limit('ETHUSDT', 'BUY', '3100.00', '0.1000'))
    const canceled = await t.b.orderPlace(limit('ETHUSDT', 'SELL', '3200.00', '0.1000'))
    await t.b.orderCancel({ symbol: 'ETHUSDT', orderId: canceled.data.orderId })
    const statuses = (log: UserEvents, id: number) => log.reports('ETHUSDT', id).map((r) => `${r.x}/${r.X}`)
    await t.eventsB.settle(() => {
      expect(statuses(t.eventsB, sell.data.orderId)).toEqual([
        'NEW/NEW',
        'TRADE/PARTIALLY_FILLED',
        'TRADE/FILLED',
      ])
      expect(statuses(t.eventsB, one.data.orderId)).toEqual(['NEW/NEW', 'TRADE/FILLED'])
      expect(statuses(t.eventsB, canceled.data.orderId)).toEqual(['NEW/NEW', 'CANCELED/CANCELED'])
    })
    await t.eventsA.settle(() =>
      expect(statuses(t.eventsA, filledAtOnce.data.orderId)).toEqual(['NEW/NEW', 'TRADE/FILLED']),
    )
  })

  it('a pending leg that cannot start goes PENDING_NEW → REJECTED with eR REJECTED (fidelity 3.6.10)', async () => {
    // Last price 60000: a BUY STOP_LOSS at 60500 waits. When the working SELL fills at 61000 the stop
    // would trigger at once, so the pending leg is rejected as it is placed.
    await t.a.orderPlace(limit('BTCUSDT', 'BUY', '60000.00', '0.01000'))
    await t.b.orderPlace(limit('BTCUSDT', 'SELL', '60000.00', '0.01000'))
    const list = await t.a.orderListPlaceOto({
      ...workingLimit('BTCUSDT', 'SELL', '61000.00', '0.01000'),
      pendingType: 'STOP_LOSS',
      pendingSide: 'BUY',
      pendingQuantity: '0.01000',
      pendingStopPrice: '60500.00',
    })
    const [working, pending] = list.data.orders
    expect(list.data.orderReports.find((r) => r.orderId === pending?.orderId)).toMatchObject({
      status: 'PENDING_NEW',
    })
    await t.b.orderPlace(limit('BTCUSDT', 'BUY', '61000.00', '0.01000'))
    const pendingId = pending?.orderId ?? 0
    await t.eventsA.settle(() =>
      expect(t.eventsA.reports('BTCUSDT', pendingId).map((r) => `${r.x}/${r.X}`)).toEqual([
        'NEW/PENDING_NEW',
        'REJECTED/REJECTED',
      ]),
    )
    expect(t.eventsA.reports('BTCUSDT', pendingId).at(-1)).toMatchObject({ eR: 'REJECTED', w: false })
    expect(t.eventsA.reports('BTCUSDT', working?.orderId ?? 0).at(-1)).toMatchObject({ X: 'FILLED' })
    const status = await t.a.orderStatus({ symbol: 'BTCUSDT', orderId: pendingId })
    expect(status.data).toMatchObject({ status: 'REJECTED' })
    const listStatus = await t.a.orderListStatus({ orderListId: list.data.orderListId })
    expect(listStatus.data).toMatchObject({ listOrderStatus: 'ALL_DONE', listStatusType: 'ALL_DONE' })
  })
})
