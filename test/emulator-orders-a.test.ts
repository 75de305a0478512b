// Client ↔ emulator: stop and trailing orders, iceberg, pegged orders, self-trade prevention with
// myPreventedMatches, cancel-replace, amend keep-priority, cancelAll, allOrders, feature flags.
import { generateKeyPairSync } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SpotWebsocketAPI, type WebsocketAPIConnection } from '../src/client/index.js'
import { DEFAULT_SYMBOLS, type Emulator, startEmulator } from '../src/emulator/index.js'
import type { ExecutionReport } from '../src/protocol/events.js'

type Pem = { export(o: { type: 'pkcs8' | 'spki'; format: 'pem' }): string | Buffer }
const pem = (k: Pem, type: 'pkcs8' | 'spki') => k.export({ type, format: 'pem' }).toString()
const keys = { ka: generateKeyPairSync('ed25519'), kb: generateKeyPairSync('ed25519') }

let ex: Emulator
let a: WebsocketAPIConnection
let b: WebsocketAPIConnection

const BTC = DEFAULT_SYMBOLS.find((s) => s.symbol === 'BTCUSDT')
if (!BTC) throw new Error('BTCUSDT missing')

beforeAll(async () => {
  ex = await startEmulator({
    port: 0,
    liquidity: false,
    symbols: [
      ...DEFAULT_SYMBOLS,
      {
        ...BTC,
        symbol: 'BTCPLAIN',
        icebergAllowed: false,
        allowTrailingStop: false,
        cancelReplaceAllowed: false,
        amendAllowed: false,
        pegInstructionsAllowed: false,
        orderTypes: ['LIMIT', 'MARKET'],
        allowedSelfTradePreventionModes: ['NONE', 'EXPIRE_TAKER'],
      },
    ],
    accounts: (['ka', 'kb'] as const).map((apiKey) => ({
      apiKey,
      publicKey: pem(keys[apiKey].publicKey, 'spki'),
      balances: { USDT: '1000000', BTC: '50', ETH: '100' },
      tradeGroupId: 1,
    })),
  })
  const connect = (apiKey: 'ka' | 'kb') =>
    new SpotWebsocketAPI({
      wsURL: ex.url,
      apiKey,
      privateKey: pem(keys[apiKey].privateKey, 'pkcs8'),
      autoSessionLogon: true,
    }).connect()
  a = await connect('ka')
  b = await connect('kb')
})

afterAll(async () => {
  await Promise.all([a?.disconnect(), b?.disconnect()])
  await ex?.close()
})

const rejection = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: unknown) => e,
  )

const limit = (symbol: string, side: 'BUY' | 'SELL', price: string, quantity: string) =>
  ({ symbol, side, type: 'LIMIT', timeInForce: 'GTC', price, quantity }) as const

describe('stop orders end to end', () => {
  it('a STOP_LOSS_LIMIT waits untriggered, then triggers on a trade and rests; events and queries agree', async () => {
    await a.orderPlace(limit('ETHUSDT', 'BUY', '3000.00', '0.1000'))
    await b.orderPlace({ ...limit('ETHUSDT', 'SELL', '3000.00', '0.1000'), selfTradePreventionMode: 'NONE' })
    const { stream } = await a.userDataStreamSubscribe()
    const reports: ExecutionReport[] = []
    stream.on('executionReport', (e) => reports.push(e))
    const stop = await a.orderPlace({
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
    const before = await a.orderStatus({ symbol: 'ETHUSDT', orderId: stop.data.orderId })
    expect(before.data).toMatchObject({ isWorking: false, workingTime: -1, stopPrice: '2950.00000000' })
    const immediate = await rejection(
      a.orderPlace({
        symbol: 'ETHUSDT',
        side: 'BUY',
        type: 'STOP_LOSS',
        quantity: '0.1000',
        stopPrice: '2000.00',
      }),
    )
    expect(immediate).toMatchObject({ code: -2010, msg: 'Order would trigger immediately.' })

    await b.orderPlace(limit('ETHUSDT', 'BUY', '2950.00', '0.0100'))
    await b.orderPlace({ ...limit('ETHUSDT', 'SELL', '2950.00', '0.0100'), selfTradePreventionMode: 'NONE' })
    await expect.poll(() => reports.some((r) => r.i === stop.data.orderId && r.w)).toBe(true)
    const first = reports.find((r) => r.i === stop.data.orderId)
    expect(first).toMatchObject({ x: 'NEW', X: 'NEW', w: false, P: '2950.00000000', o: 'STOP_LOSS_LIMIT' })
    expect(first && 'W' in first).toBe(false)
    const after = await a.orderStatus({ symbol: 'ETHUSDT', orderId: stop.data.orderId })
    expect(after.data).toMatchObject({ status: 'NEW', isWorking: true })
    expect(after.data.workingTime).toBeGreaterThan(0)
    const depth = await a.depth({ symbol: 'ETHUSDT', limit: 1 })
    expect(depth.data.asks[0]).toEqual(['2900.00000000', '0.50000000'])
    await a.openOrdersCancelAll({ symbol: 'ETHUSDT' })
  })

  it('a trailing stop shows trailingDelta and trailingTime; trailing needs allowTrailingStop', async () => {
    const t = await a.orderPlace({
      symbol: 'ETHUSDT',
      side: 'SELL',
      type: 'STOP_LOSS',
      quantity: '0.1000',
      trailingDelta: 100,
      newOrderRespType: 'RESULT',
    })
    expect(t.data).toMatchObject({ type: 'STOP_LOSS', stopPrice: '0.00000000', trailingDelta: 100 })
    expect(t.data.trailingTime).toBeGreaterThan(0)
    const off = await rejection(
      a.orderPlace({
        symbol: 'BTCPLAIN',
        side: 'SELL',
        type: 'LIMIT',
        timeInForce: 'GTC',
        price: '70000',
        quantity: '0.001',
        icebergQty: '0.0001',
      }),
    )
    expect(off).toMatchObject({ code: -2010, msg: 'Iceberg orders are not supported for this symbol.' })
    const stops = await rejection(
      a.orderPlace({
        symbol: 'BTCPLAIN',
        side: 'SELL',
        type: 'STOP_LOSS',
        quantity: '0.001',
        stopPrice: '100',
      }),
    )
    expect(stops).toMatchObject({ code: -2010, msg: 'Stop loss orders are not supported for this symbol.' })
    await a.orderCancel({ symbol: 'ETHUSDT', orderId: t.data.orderId })
  })
})

describe('iceberg and pegged orders end to end', () => {
  it('an iceberg shows only its slice in depth; icebergQty must be below quantity', async () => {
    const ice = await a.orderPlace({
      ...limit('BTCUSDT', 'SELL', '70000.00', '1.00000'),
      icebergQty: '0.10000',
      newOrderRespType: 'RESULT',
    })
    expect(ice.data.icebergQty).toBe('0.10000000')
    const depth = await a.depth({ symbol: 'BTCUSDT', limit: 1 })
    expect(depth.data.asks[0]).toEqual(['70000.00000000', '0.10000000'])
    const bad = await rejection(
      a.orderPlace({ ...limit('BTCUSDT', 'SELL', '70000.00', '1.00000'), icebergQty: '1.00000' }),
    )
    expect(bad).toMatchObject({ code: -2010, msg: 'IcebergQty exceeds QTY.' })
    await a.orderCancel({ symbol: 'BTCUSDT', orderId: ice.data.orderId })
  })

  it('a PRIMARY_PEG order echoes price 0 and shows peggedPrice right after it', async () => {
    const bid = await b.orderPlace(limit('BTCUSDT', 'BUY', '50000.00', '0.01000'))
    const peg = await a.orderPlace({
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
      a.orderPlace({
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
      a.orderPlace({
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'MARKET',
        quantity: '0.01000',
        pegPriceType: 'MARKET_PEG',
      }),
    )
    expect(market).toMatchObject({ code: -2010, msg: 'This order type may not use pegged price.' })
    await a.orderCancel({ symbol: 'BTCUSDT', orderId: peg.data.orderId })
    await b.orderCancel({ symbol: 'BTCUSDT', orderId: bid.data.orderId })
  })
})

describe('self-trade prevention end to end', () => {
  it('EXPIRE_BOTH inside a trade group: FULL shows preventedMatches, tradeGroupId, preventedQuantity; queries', async () => {
    const maker = await b.orderPlace(limit('BTCUSDT', 'BUY', '1000.00', '1.00000'))
    const { stream } = await b.userDataStreamSubscribe()
    const prevention = new Promise<ExecutionReport>((resolve) =>
      stream.on('executionReport', (e) => e.x === 'TRADE_PREVENTION' && resolve(e)),
    )
    const taker = await a.orderPlace({
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
    const byId = await a.myPreventedMatches({ symbol: 'BTCUSDT', preventedMatchId: id })
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
    const byOrder = await b.myPreventedMatches({ symbol: 'BTCUSDT', orderId: maker.data.orderId, limit: 10 })
    expect(byOrder.data.map((m) => m.preventedMatchId)).toEqual([id])
    const combo = await rejection(a.myPreventedMatches({ symbol: 'BTCUSDT', fromPreventedMatchId: 0 }))
    expect(combo).toMatchObject({ code: -1128 })
    const status = await b.orderStatus({ symbol: 'BTCUSDT', orderId: maker.data.orderId })
    expect(status.data).toMatchObject({
      status: 'EXPIRED_IN_MATCH',
      preventedMatchId: id,
      preventedQuantity: '1.00000000',
    })
    await b.userDataStreamUnsubscribe()
  })

  it('a mode the symbol does not allow is -1013', async () => {
    const r = await rejection(
      a.orderPlace({
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

describe('cancel-replace, amend, cancelAll, allOrders end to end', () => {
  it('cancelReplace: 200 with both results; 409 -2021 and 400 -2022 with both parts in error.data', async () => {
    const old = await a.orderPlace(limit('ETHBTC', 'SELL', '0.06000', '1.000'))
    const ok = await a.orderCancelReplace({
      ...limit('ETHBTC', 'SELL', '0.06100', '1.000'),
      cancelReplaceMode: 'STOP_ON_FAILURE',
      cancelOrderId: old.data.orderId,
    })
    expect(ok.data).toMatchObject({ cancelResult: 'SUCCESS', newOrderResult: 'SUCCESS' })
    expect(ok.data.cancelResponse).toMatchObject({ orderId: old.data.orderId, status: 'CANCELED' })
    expect(ok.data.newOrderResponse).toMatchObject({ price: '0.06100000', status: 'NEW' })

    const failed = await rejection(
      a.orderCancelReplace({
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
      a.orderCancelReplace({
        ...limit('BTCPLAIN', 'SELL', '70000.00', '0.01000'),
        cancelReplaceMode: 'ALLOW_FAILURE',
        cancelOrderId: 1,
      }),
    )
    expect(off).toMatchObject({ code: -2010, msg: 'Order cancel-replace is not supported for this symbol.' })
    await a.openOrdersCancelAll({ symbol: 'ETHBTC' })
  })

  it('cancelReplace whose new order fails after the cancel: 409 -2021 with the cancel report', async () => {
    await b.orderPlace(limit('ETHBTC', 'BUY', '0.04000', '1.000'))
    const old = await a.orderPlace(limit('ETHBTC', 'SELL', '0.06000', '1.000'))
    const e = await rejection(
      a.orderCancelReplace({
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
    await b.openOrdersCancelAll({ symbol: 'ETHBTC' })
  })

  it('amend keeps the order id, reduces the quantity; order.amendments lists it; the spec rejections', async () => {
    const o = await a.orderPlace({
      ...limit('BTCUSDT', 'BUY', '40000.00', '0.55000'),
      newClientOrderId: 'amend-me',
    })
    const r = await a.orderAmendKeepPriority({
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
    const list = await a.orderAmendments({ symbol: 'BTCUSDT', orderId: o.data.orderId })
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
      a.orderAmendKeepPriority({ symbol: 'BTCUSDT', orderId: o.data.orderId, newQty: '0.50000' }),
    )
    expect(same).toMatchObject({ code: -2038, msg: 'The requested action would change no state; rejecting' })
    const up = await rejection(
      a.orderAmendKeepPriority({ symbol: 'BTCUSDT', orderId: o.data.orderId, newQty: '0.60000' }),
    )
    expect(up).toMatchObject({ code: -2038, msg: 'Order amend (quantity increase) is not supported.' })
    const plain = await a.orderPlace(limit('BTCPLAIN', 'BUY', '40000.00', '0.01000'))
    const off = await rejection(
      a.orderAmendKeepPriority({ symbol: 'BTCPLAIN', orderId: plain.data.orderId, newQty: '0.00500' }),
    )
    expect(off).toMatchObject({ code: -2038, msg: 'Order amend is not supported for this symbol.' })
  })

  it('openOrders.cancelAll cancels every open order (stops too); allOrders filters and enforces 24 h', async () => {
    await a.orderPlace(limit('BTCUSDT', 'BUY', '30000.00', '0.01000'))
    await a.orderPlace({
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'STOP_LOSS',
      quantity: '0.01000',
      stopPrice: '20000.00',
    })
    const all = await a.openOrdersCancelAll({ symbol: 'BTCUSDT' })
    expect(all.data.length).toBeGreaterThanOrEqual(3)
    expect(all.data.every((r) => 'status' in r && r.status === 'CANCELED')).toBe(true)
    expect((await a.openOrdersStatus({ symbol: 'BTCUSDT' })).data).toEqual([])
    const none = await rejection(a.openOrdersCancelAll({ symbol: 'BTCUSDT' }))
    expect(none).toMatchObject({ code: -2011, msg: 'Unknown order sent.' })

    const history = await a.allOrders({ symbol: 'BTCUSDT' })
    expect(history.data.length).toBeGreaterThanOrEqual(5)
    const ids = history.data.map((o) => o.orderId)
    expect(ids).toEqual([...ids].sort((x, y) => x - y))
    const from = await a.allOrders({ symbol: 'BTCUSDT', orderId: ids[2] ?? 0, limit: 2 })
    expect(from.data.map((o) => o.orderId)).toEqual(ids.slice(2, 4))
    const now = Date.now()
    const ranged = await a.allOrders({ symbol: 'BTCUSDT', startTime: now - 3_600_000, endTime: now + 60_000 })
    expect(ranged.data.length).toBe(history.data.length)
    const wide = await rejection(
      a.allOrders({ symbol: 'BTCUSDT', startTime: now - 90_000_000, endTime: now }),
    )
    expect(wide).toMatchObject({ code: -1127, msg: 'More than 24 hours between startTime and endTime.' })
  })
})
