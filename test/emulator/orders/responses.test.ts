// docs/emulator-fidelity.md 3.11 end to end: newOrderRespType defaults, the ACK shape, peg offset fields, the query
// format.
import { describe, expect, it } from 'vitest'
import { perFile, startTraders } from '../../support/exchange.js'
import { limit, SELL_OCO } from '../../support/order-params.js'

const t = perFile(() => startTraders())

const ACK_KEYS = ['symbol', 'orderId', 'orderListId', 'clientOrderId', 'transactTime']

describe('newOrderRespType (fidelity 3.11.1, 3.11.2, A31)', () => {
  it('LIMIT and MARKET default to FULL, every other type to ACK; ACK is {symbol, orderId, orderListId, clientOrderId, transactTime}', async () => {
    await t.b.orderPlace(limit('BTCUSDT', 'SELL', '60000.00', '0.50000'))
    const limitFull = await t.a.orderPlace(limit('BTCUSDT', 'BUY', '59000.00', '0.01000'))
    expect(Object.keys(limitFull.data).slice(-2)).toEqual(['fills', 'selfTradePreventionMode'])
    expect(limitFull.data).toMatchObject({ fills: [] })
    const marketFull = await t.a.orderPlace({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.01000',
    })
    expect(Object.keys(marketFull.data).slice(-2)).toEqual(['fills', 'selfTradePreventionMode'])
    expect(marketFull.data).toMatchObject({
      status: 'FILLED',
      fills: [{ price: '60000.00000000', qty: '0.01000000' }],
    })
    const others = [
      { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT_MAKER', price: '58000.00', quantity: '0.01000' },
      { symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS', quantity: '0.01000', stopPrice: '55000.00' },
      {
        symbol: 'BTCUSDT',
        side: 'SELL',
        type: 'STOP_LOSS_LIMIT',
        timeInForce: 'GTC',
        price: '54000.00',
        quantity: '0.01000',
        stopPrice: '55000.00',
      },
      { symbol: 'BTCUSDT', side: 'SELL', type: 'TAKE_PROFIT', quantity: '0.01000', stopPrice: '65000.00' },
      {
        symbol: 'BTCUSDT',
        side: 'SELL',
        type: 'TAKE_PROFIT_LIMIT',
        timeInForce: 'GTC',
        price: '66000.00',
        quantity: '0.01000',
        stopPrice: '65000.00',
      },
    ] as const
    for (const params of others) {
      const { data } = await t.bare.orderPlace(params)
      expect(Object.keys(data), params.type).toEqual(ACK_KEYS)
      expect(data, params.type).toMatchObject({ symbol: 'BTCUSDT', orderListId: -1 })
      expect(data.clientOrderId).toMatch(/^[0-9A-Za-z]{22}$/)
    }
    const ack = await t.a.orderPlace({
      ...limit('BTCUSDT', 'BUY', '57000.00', '0.01000'),
      newOrderRespType: 'ACK',
    })
    expect(Object.keys(ack.data)).toEqual(ACK_KEYS)
    const status = await t.a.orderStatus({ symbol: 'BTCUSDT', orderId: ack.data.orderId })
    expect(status.data).toMatchObject({ status: 'NEW', time: ack.data.transactTime })
    await t.a.openOrdersCancelAll({ symbol: 'BTCUSDT' })
    await t.b.openOrdersCancelAll({ symbol: 'BTCUSDT' })
  })

  it('order lists default to FULL reports; an ACK list keeps the list object with ACK reports', async () => {
    const oco = SELL_OCO
    const full = await t.a.orderListPlaceOco(oco)
    for (const report of full.data.orderReports) {
      expect(Object.keys(report)).toContain('fills')
      expect(report).toMatchObject({ fills: [], status: 'NEW' })
    }
    const ack = await t.a.orderListPlaceOco({ ...oco, newOrderRespType: 'ACK' })
    expect(Object.keys(ack.data)).toEqual(Object.keys(full.data))
    for (const report of ack.data.orderReports) expect(Object.keys(report)).toEqual(ACK_KEYS)
    await t.a.openOrdersCancelAll({ symbol: 'BTCUSDT' })
  })
})

describe('conditional fields (fidelity 3.11.4)', () => {
  it('a pegged order with an offset shows pegPriceType, pegOffsetType, pegOffsetValue, peggedPrice right after price', async () => {
    await t.b.orderPlace(limit('BTCUSDT', 'BUY', '59000.00', '0.01000'))
    await t.b.orderPlace(limit('BTCUSDT', 'BUY', '58900.00', '0.01000'))
    const { data } = await t.a.orderPlace({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.01000',
      pegPriceType: 'PRIMARY_PEG',
      pegOffsetType: 'PRICE_LEVEL',
      pegOffsetValue: 1,
      newOrderRespType: 'RESULT',
    })
    expect(Object.keys(data).slice(5, 11)).toEqual([
      'price',
      'pegPriceType',
      'pegOffsetType',
      'pegOffsetValue',
      'peggedPrice',
      'origQty',
    ])
    expect(data).toMatchObject({
      price: '0.00000000',
      pegPriceType: 'PRIMARY_PEG',
      pegOffsetType: 'PRICE_LEVEL',
      pegOffsetValue: 1,
      peggedPrice: '58900.00000000',
    })
    const status = await t.a.orderStatus({ symbol: 'BTCUSDT', orderId: data.orderId })
    expect(status.data).toMatchObject({
      pegOffsetType: 'PRICE_LEVEL',
      pegOffsetValue: 1,
      peggedPrice: '58900.00000000',
    })
    const plain = await t.a.orderPlace({
      ...limit('BTCUSDT', 'BUY', '58000.00', '0.01000'),
      newOrderRespType: 'RESULT',
    })
    for (const key of [
      'pegPriceType',
      'pegOffsetType',
      'pegOffsetValue',
      'peggedPrice',
      'strategyId',
      'strategyType',
    ]) {
      expect(plain.data).not.toHaveProperty(key)
    }
    await t.a.openOrdersCancelAll({ symbol: 'BTCUSDT' })
    await t.b.openOrdersCancelAll({ symbol: 'BTCUSDT' })
  })
})

describe('query format (fidelity 3.11.5)', () => {
  const QUERY_KEYS = [
    'symbol',
    'orderId',
    'orderListId',
    'clientOrderId',
    'price',
    'origQty',
    'executedQty',
    'cummulativeQuoteQty',
    'status',
    'timeInForce',
    'type',
    'side',
    'stopPrice',
    'icebergQty',
    'time',
    'updateTime',
    'isWorking',
    'workingTime',
    'origQuoteOrderQty',
    'selfTradePreventionMode',
  ]

  it('order.status, openOrders.status and allOrders use the spec key order; stopPrice and icebergQty always shown', async () => {
    const placed = await t.a.orderPlace(limit('ETHUSDT', 'BUY', '2900.00', '0.1000'))
    const status = await t.a.orderStatus({ symbol: 'ETHUSDT', orderId: placed.data.orderId })
    expect(Object.keys(status.data)).toEqual(QUERY_KEYS)
    expect(status.data).toMatchObject({
      stopPrice: '0.00000000',
      icebergQty: '0.00000000',
      isWorking: true,
      origQuoteOrderQty: '0.00000000',
    })
    const open = await t.a.openOrdersStatus({ symbol: 'ETHUSDT' })
    expect(open.data.map((o) => Object.keys(o))).toEqual([QUERY_KEYS])
    const all = await t.a.allOrders({ symbol: 'ETHUSDT' })
    expect(all.data.map((o) => Object.keys(o))).toEqual([QUERY_KEYS])

    const trailing = await t.a.orderPlace({
      symbol: 'ETHUSDT',
      side: 'SELL',
      type: 'STOP_LOSS_LIMIT',
      timeInForce: 'GTC',
      price: '2500.00',
      stopPrice: '2600.00',
      trailingDelta: 300,
      quantity: '0.1000',
      strategyId: 1,
      strategyType: 1000000,
    })
    const trailingStatus = await t.a.orderStatus({ symbol: 'ETHUSDT', orderId: trailing.data.orderId })
    expect(Object.keys(trailingStatus.data)).toEqual([
      ...QUERY_KEYS.slice(0, 13),
      'trailingDelta',
      'trailingTime',
      ...QUERY_KEYS.slice(13, 19),
      'strategyId',
      'strategyType',
      'selfTradePreventionMode',
    ])
    expect(trailingStatus.data).toMatchObject({ isWorking: false, workingTime: -1, trailingTime: -1 })
    await t.a.openOrdersCancelAll({ symbol: 'ETHUSDT' })
  })
})
