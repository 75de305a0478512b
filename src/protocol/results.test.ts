// Spec response examples typed as their result types: `tsc` rejects any drift between the two.
import { describe, expect, expectTypeOf, it } from 'vitest'
import type { ExecutionReport, UserDataEvent, UserDataEventMap, UserDataEventType } from './events.js'
import { isUserDataEventType, type USER_DATA_EVENT_TYPES } from './events.js'
import type { Method, ResultOf } from './methods.js'
import type {
  Empty,
  Kline,
  OrderAck,
  OrderFull,
  OrderListResponse,
  OrderResponse,
  OrderResponseFor,
  TickerBook,
  UnfilledOrderCount,
} from './results.js'

const orderFull = {
  symbol: 'BTCUSDT',
  orderId: 12569099453,
  orderListId: -1,
  clientOrderId: '4d96324ff9d44481926157ec08158a40',
  transactTime: 1660801715793,
  price: '23416.10000000',
  origQty: '0.00847000',
  executedQty: '0.00847000',
  origQuoteOrderQty: '0.000000',
  cummulativeQuoteQty: '198.33521500',
  status: 'FILLED',
  timeInForce: 'GTC',
  type: 'LIMIT',
  side: 'SELL',
  workingTime: 1660801715793,
  selfTradePreventionMode: 'NONE',
  fills: [
    {
      price: '23416.10000000',
      qty: '0.00635000',
      commission: '0.000000',
      commissionAsset: 'BNB',
      tradeId: 1,
    },
  ],
} satisfies OrderFull

const ack = {
  symbol: 'BTCUSDT',
  orderId: 12569099453,
  orderListId: -1,
  clientOrderId: '4d96324ff9d44481926157ec08158a40',
  transactTime: 1660801715639,
} satisfies ResultOf<'order.place'>

const opoPendingLeg = {
  symbol: 'BTCUSDT',
  orderId: 3,
  orderListId: 2,
  clientOrderId: 'x7ISSjywZxFXOdzwsThNnd',
  transactTime: 1762941318142,
  price: '0.00000000',
  executedQty: '0.00000000',
  origQuoteOrderQty: '0.00000000',
  cummulativeQuoteQty: '0.00000000',
  status: 'PENDING_NEW',
  timeInForce: 'GTC',
  type: 'MARKET',
  side: 'SELL',
  workingTime: -1,
  selfTradePreventionMode: 'NONE',
} satisfies ResultOf<'orderList.place.opo'>['orderReports'][number]

/** web-socket-api.md § Cancel Order list: its reports have no `origClientOrderId`. */
const listCanceled = {
  orderListId: 1274512,
  contingencyType: 'OCO',
  listStatusType: 'ALL_DONE',
  listOrderStatus: 'ALL_DONE',
  listClientOrderId: '6023531d7edaad348f5aff',
  transactionTime: 1660801720215,
  symbol: 'BTCUSDT',
  orders: [
    { symbol: 'BTCUSDT', orderId: 12569138901, clientOrderId: 'BqtFCj5odMoWtSqGk2X9tU' },
    { symbol: 'BTCUSDT', orderId: 12569138902, clientOrderId: 'jLnZpj5enfMXTuhKB1d0us' },
  ],
  orderReports: [
    {
      symbol: 'BTCUSDT',
      orderId: 12569138901,
      orderListId: 1274512,
      clientOrderId: 'BqtFCj5odMoWtSqGk2X9tU',
      transactTime: 1660801720215,
      price: '23410.00000000',
      origQty: '0.00650000',
      executedQty: '0.00000000',
      origQuoteOrderQty: '0.000000',
      cummulativeQuoteQty: '0.00000000',
      status: 'CANCELED',
      timeInForce: 'GTC',
      type: 'STOP_LOSS_LIMIT',
      side: 'SELL',
      stopPrice: '23405.00000000',
      selfTradePreventionMode: 'NONE',
    },
    {
      symbol: 'BTCUSDT',
      orderId: 12569138902,
      orderListId: 1274512,
      clientOrderId: 'jLnZpj5enfMXTuhKB1d0us',
      transactTime: 1660801720215,
      price: '23420.00000000',
      origQty: '0.00650000',
      executedQty: '0.00000000',
      origQuoteOrderQty: '0.000000',
      cummulativeQuoteQty: '0.00000000',
      status: 'CANCELED',
      timeInForce: 'GTC',
      type: 'LIMIT_MAKER',
      side: 'SELL',
      selfTradePreventionMode: 'NONE',
    },
  ],
} satisfies ResultOf<'orderList.cancel'>

const kline: Kline = [
  1655971200000,
  '0.01086000',
  '0.01086600',
  '0.01083600',
  '0.01083800',
  '2290.53800000',
  1655974799999,
  '24.85074442',
  2283,
  '1171.64000000',
  '12.71225884',
  '0',
]

const loggedOut = {
  apiKey: null,
  authorizedSince: null,
  connectedSince: 1649729873021,
  returnRateLimits: false,
  serverTime: 1649730611671,
  userDataStream: false,
} satisfies ResultOf<'session.logout'>

const execution = {
  e: 'executionReport',
  E: 1499405658658,
  s: 'ETHBTC',
  c: 'mUvoqJxFIILMdfAW5iGSOW',
  S: 'BUY',
  o: 'LIMIT',
  f: 'GTC',
  q: '1.00000000',
  p: '0.10264410',
  P: '0.00000000',
  F: '0.00000000',
  g: -1,
  C: '',
  x: 'NEW',
  X: 'NEW',
  r: 'NONE',
  i: 4293153,
  l: '0.00000000',
  z: '0.00000000',
  L: '0.00000000',
  n: '0',
  N: null,
  T: 1499405658657,
  t: -1,
  v: 3,
  I: 8641984,
  w: true,
  m: false,
  M: false,
  O: 1499405658657,
  Z: '0.00000000',
  Y: '0.00000000',
  Q: '0.00000000',
  W: 1499405658657,
  V: 'NONE',
} satisfies ExecutionReport

describe('result types', () => {
  it('accept the spec examples', () => {
    expect(orderFull.fills[0]?.tradeId).toBe(1)
    expect(ack.orderListId).toBe(-1)
    expect(opoPendingLeg.status).toBe('PENDING_NEW')
    expect(kline).toHaveLength(12)
    expect(listCanceled.orderReports).toHaveLength(2)
    // CHANGELOG 2026-07-01: exchangeInfo may show a symbol CANCEL_ONLY.
    expectTypeOf<'CANCEL_ONLY'>().toExtend<ResultOf<'exchangeInfo'>['symbols'][number]['status']>()
    expect(loggedOut.apiKey).toBeNull()
    expect(isUserDataEventType(execution.e)).toBe(true)
    expect(isUserDataEventType('serverShutdown')).toBe(false)
  })

  it('type order.place results without narrowing, by newOrderRespType when known', () => {
    expectTypeOf<ResultOf<'order.place'>['orderId']>().toEqualTypeOf<number>()
    expectTypeOf<ResultOf<'order.place'>['status']>().toEqualTypeOf<OrderFull['status'] | undefined>()
    expectTypeOf<OrderResponseFor<'ACK'>>().toEqualTypeOf<OrderAck>()
    expectTypeOf<OrderResponseFor<'FULL'>>().toEqualTypeOf<OrderFull>()
    // @ts-expect-error an ACK lacks the RESULT fields
    const notFull: OrderFull = ack
    expect(notFull).toBe(ack)
  })

  it('keep money as strings', () => {
    // @ts-expect-error a price is a decimal string, never a float
    const bad: ResultOf<'ticker.price'> = { symbol: 'BTCUSDT', price: 1.5 }
    expect(bad).toBeDefined()
  })

  it('come from the catalogue row of every method', () => {
    type WithoutResult = { [M in Method]: [ResultOf<M>] extends [never] ? M : never }[Method]
    expectTypeOf<WithoutResult>().toEqualTypeOf<never>()
    expectTypeOf<ResultOf<'order.place'>>().toEqualTypeOf<OrderResponse>()
    expectTypeOf<ResultOf<'sor.order.place'>>().toEqualTypeOf<OrderResponse[]>()
    expectTypeOf<ResultOf<'orderList.place.otoco'>>().toEqualTypeOf<OrderListResponse>()
    expectTypeOf<ResultOf<'ticker.book'>>().toEqualTypeOf<TickerBook | TickerBook[]>()
    expectTypeOf<ResultOf<'time'>>().toEqualTypeOf<{ serverTime: number }>()
    expectTypeOf<ResultOf<'userDataStream.unsubscribe'>>().toEqualTypeOf<Empty>()
    expectTypeOf<ResultOf<'account.rateLimits.orders'>>().toEqualTypeOf<UnfilledOrderCount[]>()
  })

  it('key events by `e`, and list every event name at run time', () => {
    expectTypeOf<(typeof USER_DATA_EVENT_TYPES)[number]>().toEqualTypeOf<UserDataEventType>()
    expectTypeOf<UserDataEventMap['executionReport']>().toEqualTypeOf<ExecutionReport>()
    expectTypeOf<UserDataEventMap[keyof UserDataEventMap]>().toEqualTypeOf<UserDataEvent>()
  })
})
