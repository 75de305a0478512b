// Client ↔ emulator: stop and trailing orders, iceberg, pegged orders, self-trade prevention, feature flags.
import { describe, expect, it } from 'vitest'
import type { ExecutionReport } from '../../../src/protocol/events.js'
import { perFile, startTraders } from '../../support/exchange.js'
import { limit } from '../../support/order-params.js'
import { rejection } from '../../support/rejection.js'
import { PLAIN } from '../../support/symbols.js'

const t = perFile(() => startTraders({ extraSymbols: [PLAIN], account: { tradeGroupId: 1 } }))

describe('stop orders end to end', () => {
  it('a STOP_LOSS_LIMIT waits untriggered, then triggers on a trade and rests; events and queries agree', async () => {
    await t.a.orderPlace(limit('ETHUSDT', 'BUY', '3000.00', '0.1000'))
    await t.b.orderPlace({
      ...limit('ETHUSDT', 'SELL', '3000.00', '0.1000'),
      selfTradePreventionMode: 'NONE',
    })
    const { stream } = await t.a.userDataStreamSubscribe()
    const reports: ExecutionReport[] = []
    stream.on('executionReport', (e) => reports.push(e))
    const stop = await t.a.orderPlace({
      symbol: 'ETHUSDT',
      side: 'SELL',
      type: 'STOP_LOSS_LIMIT',
      timeInForce: 'GTC',
      price: '2900.00',
      stopPrice: '2950.00',
      quantity: '0.5000',
      newOrderRespType: 'RESULT',
    })
    expect(Object.keys(stop.data)).toEqual([
      'symbol',
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
      'stopPrice',
      'workingTime',
      'selfTradePreventionMode',
    ])
    expect(stop.data).toMatchObject({ status: 'NEW', stopPrice: '2950.00000000', workingTime: -1 })
    const before = await t.a.orderStatus({ symbol: 'ETHUSDT', orderId: stop.data.orderId })
    expect(before.data).toMatchObject({ isWorking: false, workingTime: -1, stopPrice: '2950.00000000' })
    const immediate = await rejection(
      t.a.orderPlace({
        symbol: 'ETHUSDT',
        side: 'BUY',
        type: 'STOP_LOSS',
        quantity: '0.1000',
        stopPrice: '2000.00',
      }),
    )
    expect(immediate).toMatchObject({ code: -2010, msg: 'Order would trigger immediately.' })

    await t.b.orderPlace(limit('ETHUSDT', 'BUY', '2950.00', '0.0100'))
    await t.b.orderPlace({
      ...limit('ETHUSDT', 'SELL', '2950.00', '0.0100'),
      selfTradePreventionMode: 'NONE',
    })
    await expect.poll(() => reports.some((r) => r.i === stop.data.orderId && r.w)).toBe(true)
    const first = reports.find((r) => r.i === stop.data.orderId)
    expect(first).toMatchObject({ x: 'NEW', X: 'NEW', w: false, P: '2950.00000000', o: 'STOP_LOSS_LIMIT' })
    expect(first && 'W' in first).toBe(false)
    const after = await t.a.orderStatus({ symbol: 'ETHUSDT', orderId: stop.data.orderId })
    expect(after.data).toMatchObject({ status: 'NEW', isWorking: true })
    expect(after.data.workingTime).toBeGreaterThan(0)
    const depth = await t.a.depth({ symbol: 'ETHUSDT', limit: 1 })
    expect(depth.data.asks[0]).toEqual(['2900.00000000', '0.50000000'])
    await t.a.openOrdersCancelAll({ symbol: 'ETHUSDT' })
  })

  it('a trailing stop shows trailingDelta and trailingTime; trailing needs allowTrailingStop', async () => {
    const trailing = await t.a.orderPlace({
      symbol: 'ETHUSDT',
      side: 'SELL',
      type: 'STOP_LOSS',
      quantity: '0.1000',
      trailingDelta: 100,
      newOrderRespType: 'RESULT',
    })
    expect(trailing.data).toMatchObject({ type: 'STOP_LOSS', stopPrice: '0.00000000', trailingDelta: 100 })
    expect(trailing.data.trailingTime).toBeGreaterThan(0)
    const off = await rejection(
      t.a.orderPlace({
        ...limit('BTCPLAIN', 'SELL', '70000', '0.001'),
        icebergQty: '0.0001',
      }),
    )
    expect(off).toMatchObject({ code: -2010, msg: 'Iceberg orders are not supported for this symbol.' })
    const stops = await rejection(
      t.a.orderPlace({
        symbol: 'BTCPLAIN',
        side: 'SELL',
        type: 'STOP_LOSS',
        quantity: '0.001',
        stopPrice: '100',
      }),
    )
    expect(stops).toMatchObject({ code: -2010, msg: 'Stop loss orders are not supported for this symbol.' })
    await t.a.orderCancel({ symbol: 'ETHUSDT', orderId: trailing.data.orderId })
  })
})

describe('iceberg and pegged orders end to end', () => {
  it('an iceberg shows only its slice in depth; icebergQty must be below quantity', async () => {
    const ice = await t.a.orderPlace({
      ...limit('BTCUSDT', 'SELL', '70000.00', '1.00000'),
      icebergQty: '0.10000',
      newOrderRespType: 'RESULT',
    })
    expect(ice.data.icebergQty).toBe('0.10000000')
    const depth = await t.a.depth({ symbol: 'BTCUSDT', limit: 1 })
    expect(depth.data.asks[0]).toEqual(['70000.00000000', '0.10000000'])
    const bad = await rejection(
      t.a.orderPlace({ ...limit('BTCUSDT', 'SELL', '70000.00', '1.00000'), icebergQty: '1.00000' }),
    )
    expect(bad).toMatchObject({ code: -2010, msg: 'IcebergQty exceeds QTY.' })
    await t.a.orderCancel({ symbol: 'BTCUSDT', orderId: ice.data.orderId })
  })

  it('a PRIMARY_PEG order echoes price 0 and shows peggedPrice right after it', async () => {
    const bid = await t.b.orderPlace(limit('BTCUSDT', 'BUY', '50000.00', '0.01000'))
    const peg = await t.a.orderPlace({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.01000',
      pegPriceType: 'PRIMARY_PEG',
    })
    expect(Object.keys(peg.data).slice(4, 8)).toEqual([
      'transactTime',
      'price',
      'pegPriceType',
      'peggedPrice',
    ])
    expect(peg.data).toMatchObject({ price: '0.00000000', peggedPrice: '50000.00000000', fills: [] })
    const deep = await rejection(
      t.a.orderPlace({
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        quantity: '0.01000',
        pegPriceType: 'PRIMARY_PEG',
        pegOffsetType: 'PRICE_LEVEL',
        pegOffsetValue: 5,
      }),
    )
    expect(deep).toMatchObject({ code: -2010, msg: 'Order book liquidity is too low for this pegged order.' })
    const market = await rejection(
      t.a.orderPlace({
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'MARKET',
        quantity: '0.01000',
        pegPriceType: 'MARKET_PEG',
      }),
    )
    expect(market).toMatchObject({ code: -2010, msg: 'This order type may not use pegged price.' })
    await t.a.orderCancel({ symbol: 'BTCUSDT', orderId: peg.data.orderId })
    await t.b.orderCancel({ symbol: 'BTCUSDT', orderId: bid.data.orderId })
  })
})

describe('self-trade prevention end to end', () => {
  it('EXPIRE_BOTH inside a trade group: FULL shows preventedMatches, tradeGroupId, preventedQuantity; queries', async () => {
    const maker = await t.b.orderPlace(limit('BTCUSDT', 'BUY', '1000.00', '1.00000'))
    const { stream } = await t.b.userDataStreamSubscribe()
    const prevention = new Promise<ExecutionReport>((resolve) =>
      stream.on('executionReport', (e) => e.x === 'TRADE_PREVENTION' && resolve(e)),
    )
    const taker = await t.a.orderPlace({
      ...limit('BTCUSDT', 'SELL', '1000.00', '3.00000'),
      selfTradePreventionMode: 'EXPIRE_BOTH',
    })
    expect(Object.keys(taker.data).slice(-5)).toEqual([
      'fills',
      'preventedMatches',
      'selfTradePreventionMode',
      'tradeGroupId',
      'preventedQuantity',
    ])
    expect(taker.data).toMatchObject({
      status: 'EXPIRED_IN_MATCH',
      fills: [],
      tradeGroupId: 1,
      preventedQuantity: '3.00000000',
    })
    const match = taker.data.preventedMatches?.[0]
    expect(match).toMatchObject({
      makerSymbol: 'BTCUSDT',
      makerOrderId: maker.data.orderId,
      price: '1000.00000000',
      takerPreventedQuantity: '3.00000000',
      makerPreventedQuantity: '1.00000000',
    })
    const event = await prevention
    expect(event).toMatchObject({
      X: 'EXPIRED_IN_MATCH',
      v: match?.preventedMatchId,
      A: '1.00000000',
      B: '1.00000000',
      u: 1,
      U: taker.data.orderId,
      Cs: 'BTCUSDT',
      pl: '1.00000000',
      pL: '1000.00000000',
      pY: '1000.00000000',
    })
    const id = match?.preventedMatchId ?? -1
    const byId = await t.a.myPreventedMatches({ symbol: 'BTCUSDT', preventedMatchId: id })
    expect(byId.data).toEqual([
      {
        symbol: 'BTCUSDT',
        preventedMatchId: id,
        takerOrderId: taker.data.orderId,
        makerSymbol: 'BTCUSDT',
        makerOrderId: maker.data.orderId,
        tradeGroupId: 1,
        selfTradePreventionMode: 'EXPIRE_BOTH',
        price: '1000.00000000',
        takerPreventedQuantity: '3.00000000',
        makerPreventedQuantity: '1.00000000',
        transactTime: byId.data[0]?.transactTime,
      },
    ])
    const byOrder = await t.b.myPreventedMatches({
      symbol: 'BTCUSDT',
      orderId: maker.data.orderId,
      limit: 10,
    })
    expect(byOrder.data.map((m) => m.preventedMatchId)).toEqual([id])
    const combo = await rejection(t.a.myPreventedMatches({ symbol: 'BTCUSDT', fromPreventedMatchId: 0 }))
    expect(combo).toMatchObject({ code: -1128 })
    const status = await t.b.orderStatus({ symbol: 'BTCUSDT', orderId: maker.data.orderId })
    expect(status.data).toMatchObject({
      status: 'EXPIRED_IN_MATCH',
      preventedMatchId: id,
      preventedQuantity: '1.00000000',
    })
    await t.b.userDataStreamUnsubscribe()
  })

  it('a mode the symbol does not allow is -1013', async () => {
    const r = await rejection(
      t.a.orderPlace({
        ...limit('BTCPLAIN', 'BUY', '100.00', '0.01000'),
        selfTradePreventionMode: 'EXPIRE_MAKER',
      }),
    )
    expect(r).toMatchObject({
      code: -1013,
      msg: 'This symbol does not allow the specified self-trade prevention mode.',
    })
  })
})
