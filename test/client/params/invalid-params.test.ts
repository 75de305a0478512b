// Bad params from untyped code: refused with an InvalidParameterError naming the param before anything is counted,
// registered or sent; the emulator's request log and the rate-limit counts prove nothing left; the connection serves on.
import { getEventListeners } from 'node:events'
import { afterEach, describe, expect, it } from 'vitest'
import { InvalidParameterError, type WebsocketAPIConnection } from '../../../src/client/index.js'
import { perFile } from '../../support/exchange.js'
import { cleanup, connect } from '../../support/fault-kit.js'
import { rejectionOf } from '../../support/rejection.js'
import { ok } from '../../support/scripted-server.js'
import { clientKit } from './client-kit.js'

const kit = perFile(clientKit)

/** The typed methods as untyped JavaScript sees them. */
type Untyped = Record<string, (params: unknown, options?: { signal: AbortSignal }) => Promise<unknown>>
const call = (
  conn: WebsocketAPIConnection,
  name: string,
  params: unknown,
  options?: { signal: AbortSignal },
) => (conn as unknown as Untyped)[name]?.(params, options) ?? Promise.reject(new Error(`no method ${name}`))

const ORDER = {
  symbol: 'BTCUSDT',
  side: 'BUY',
  type: 'LIMIT',
  timeInForce: 'GTC',
  price: '10000',
  quantity: '0.001',
}
const cyclic: Record<string, unknown> = {}
cyclic['self'] = cyclic

/** [what, method, params, the param named, a part of the message] */
const CASES: readonly (readonly [string, string, unknown, string, string])[] = [
  [
    'a float price',
    'orderTest',
    { ...ORDER, price: 0.1 + 0.2 },
    'price',
    "pass decimals as strings, e.g. '0.3'",
  ],
  [
    'a number price with a fraction',
    'orderPlace',
    { ...ORDER, price: 10000.5 },
    'price',
    'pass decimals as strings',
  ],
  ['a NaN quantity', 'orderTest', { ...ORDER, quantity: Number.NaN }, 'quantity', 'got NaN'],
  [
    'an Infinity quantity',
    'orderTest',
    { ...ORDER, quantity: Number.POSITIVE_INFINITY },
    'quantity',
    'Infinity',
  ],
  ['a bigint quantity', 'orderTest', { ...ORDER, quantity: 1n }, 'quantity', 'got 1n'],
  ['a negative decimal', 'orderTest', { ...ORDER, quantity: '-1' }, 'quantity', 'no sign, exponent'],
  ['an exponent', 'orderTest', { ...ORDER, quantity: '1e-3' }, 'quantity', "got '1e-3'"],
  ['an unknown enum value', 'orderTest', { ...ORDER, side: 'HODL' }, 'side', "one of BUY, SELL; got 'HODL'"],
  ['an enum value in the wrong case', 'orderTest', { ...ORDER, side: 'buy' }, 'side', "did you mean 'BUY'?"],
  [
    'a required param undefined',
    'orderTest',
    { ...ORDER, symbol: undefined },
    'symbol',
    'order.test needs it',
  ],
  ['a required param null', 'depth', { symbol: null }, 'symbol', 'depth needs it (STRING)'],
  ['no params at all for a required one', 'depth', undefined, 'symbol', 'depth needs it'],
  [
    'a one-of group missing',
    'orderCancel',
    { symbol: 'BTCUSDT' },
    'orderId',
    'one of orderId, origClientOrderId',
  ],
  ['an unknown param', 'orderTest', { ...ORDER, foo: 'bar' }, 'foo', 'it takes: symbol, side, type,'],
  [
    'a misspelt param',
    'orderTest',
    { ...ORDER, newOrderRespTyp: 'ACK' },
    'newOrderRespTyp',
    "'newOrderRespType'?",
  ],
  [
    'a LONG with a fraction',
    'orderStatus',
    { symbol: 'BTCUSDT', orderId: 1.5 },
    'orderId',
    'integer, got 1.5',
  ],
  [
    'a LONG beyond safe integers',
    'orderStatus',
    { symbol: 'BTCUSDT', orderId: 2 ** 53 },
    'orderId',
    'safe integer',
  ],
  ['a LONG as bigint', 'orderStatus', { symbol: 'BTCUSDT', orderId: 7n }, 'orderId', 'bigint 7n'],
  [
    'a LONG as a string',
    'orderStatus',
    { symbol: 'BTCUSDT', orderId: '7' },
    'orderId',
    "integer number, got '7'",
  ],
  ['an INT as NaN', 'depth', { symbol: 'BTCUSDT', limit: Number.NaN }, 'limit', 'integer, got NaN'],
  [
    'a BOOLEAN as a string',
    'accountStatus',
    { omitZeroBalances: 'true' },
    'omitZeroBalances',
    'true or false',
  ],
  ['a STRING as a number', 'depth', { symbol: 42 }, 'symbol', 'must be a string, got 42'],
  ['a STRING_ARRAY as a string', 'exchangeInfo', { symbols: 'BTCUSDT' }, 'symbols', 'array of strings'],
  [
    'a STRING_ARRAY with a number',
    'exchangeInfo',
    { symbols: ['BTCUSDT', 1] },
    'symbols',
    'array of strings',
  ],
  [
    'a STRING_OR_ARRAY as an object',
    'exchangeInfo',
    { permissions: { SPOT: 1 } },
    'permissions',
    'got an object',
  ],
  ['an empty required symbol', 'orderTest', { ...ORDER, symbol: '' }, 'symbol', 'must not be empty'],
  [
    'an empty id as the only one of a one-of group',
    'orderCancel',
    { symbol: 'BTCUSDT', origClientOrderId: '' },
    'origClientOrderId',
    'must not be empty',
  ],
  ['a negative id', 'orderStatus', { symbol: 'BTCUSDT', orderId: -1 }, 'orderId', 'must not be negative'],
  ['a negative limit', 'depth', { symbol: 'BTCUSDT', limit: -5 }, 'limit', 'must not be negative'],
  ['a negative time', 'allOrders', { symbol: 'BTCUSDT', startTime: -1 }, 'startTime', 'must not be negative'],
  ['recvWindow over 60000', 'accountStatus', { recvWindow: '70000' }, 'recvWindow', 'greater than 60000'],
  ['recvWindow 0', 'accountStatus', { recvWindow: '0' }, 'recvWindow', 'more than 0'],
  [
    'recvWindow with 4 decimals',
    'accountStatus',
    { recvWindow: '5000.1234' },
    'recvWindow',
    'up to 3 decimals',
  ],
  ['an empty symbols array', 'tickerPrice', { symbols: [] }, 'symbols', 'not an empty array'],
  ['an empty symbol in symbols', 'tickerPrice', { symbols: [''] }, 'symbols', 'not an empty string'],
  [
    'symbol and symbols together',
    'tickerPrice',
    { symbol: 'BTCUSDT', symbols: ['BTCUSDT'] },
    'symbols',
    'symbol or symbols, not both',
  ],
  ['returnRateLimits as a string', 'time', { returnRateLimits: 'no' }, 'returnRateLimits', 'true or false'],
  ['an INT as an object (a cycle)', 'depth', { symbol: 'BTCUSDT', limit: cyclic }, 'limit', 'got an object'],
]

/** The local REQUEST_WEIGHT count, as the connection's rate limiter holds it. */
const localWeight = (conn: WebsocketAPIConnection) =>
  conn.rateLimitBudget().find((b) => b.rateLimitType === 'REQUEST_WEIGHT')?.count

/** The REQUEST_WEIGHT the emulator reported with its last answer. */
const serverWeight = () =>
  kit.ex
    .requests()
    .at(-1)
    ?.rateLimits.find((l) => l.rateLimitType === 'REQUEST_WEIGHT')?.count

describe('params checked against the catalogue before sending', () => {
  it.each(CASES)('%s: refused locally, naming the param', async (_, method, params, parameter, message) => {
    const { conn, ex } = kit
    await conn.ping() // a known REQUEST_WEIGHT count, locally and on the server
    const before = { log: ex.requests().length, local: localWeight(conn), server: serverWeight() }
    expect(before.local).toBe(before.server)
    const signal = new AbortController().signal

    const err = await rejectionOf(call(conn, method, params, { signal }))

    expect(err).toBeInstanceOf(InvalidParameterError)
    expect(err).toMatchObject({ parameter })
    expect(err.message).toContain(message)
    expect(getEventListeners(signal, 'abort')).toHaveLength(0) // no pending entry was registered
    expect(localWeight(conn)).toBe(before.local) // nothing counted locally
    expect(ex.requests()).toHaveLength(before.log) // nothing reached the emulator
    // The connection serves the next call, and the server counted only it.
    await conn.ping()
    expect(
      ex
        .requests()
        .slice(before.log)
        .map((r) => r.method),
    ).toEqual(['ping'])
    expect(serverWeight()).toBe((before.server ?? 0) + 1)
    expect(conn.isConnected()).toBe(true)
  })

  it('takes what the server takes: integer numbers for DECIMAL, auth params, returnRateLimits, null as absent', async () => {
    const { conn } = kit
    const placed = await call(conn, 'orderTest', {
      ...ORDER,
      price: 10000,
      quantity: '0.001',
      recvWindow: 5000,
      stopPrice: null,
      newClientOrderId: undefined,
      timestamp: conn.serverTime(),
      apiKey: 'h',
      returnRateLimits: false,
    })
    expect(placed).toMatchObject({ data: {}, rateLimits: undefined })
    for (const params of [{ symbols: ['BTCUSDT'] }, { permissions: 'SPOT' }, { permissions: ['SPOT'] }]) {
      expect(await call(conn, 'exchangeInfo', params)).toMatchObject({ status: 200 })
    }
    for (const recvWindow of [6000.346, '60000', 0.001]) {
      expect(await call(conn, 'accountStatus', { recvWindow })).toMatchObject({ status: 200 })
    }
    expect(await call(conn, 'accountStatus', { recvWindow: '5000.5', omitZeroBalances: true })).toMatchObject(
      {
        status: 200,
      },
    )
  })
})

describe('the raw path (sendMessage) is not checked against the catalogue', () => {
  it('sends unknown params as given: the server answers', async () => {
    const err = await rejectionOf(kit.conn.sendMessage('depth', { symbol: 'BTCUSDT', foo: 'bar' }))
    expect(err).toMatchObject({ name: 'BinanceError', code: -1104 })
  })

  it.each([
    ['a bigint', { symbol: 'BTCUSDT', limit: 5n }, 'limit'],
    ['NaN', { symbol: 'BTCUSDT', limit: Number.NaN }, 'limit'],
    ['a bigint in an array', { symbols: ['BTCUSDT', 1n] }, 'symbols'],
    ['a cycle', { symbol: 'BTCUSDT', limit: cyclic }, 'params'],
    ['a bigint deep inside', { symbol: 'BTCUSDT', limit: { n: 1n } }, 'params'],
  ])(
    'refuses %s (JSON cannot carry it) before registering or sending anything',
    async (_, params, parameter) => {
      const { conn, ex } = kit
      await conn.ping()
      const before = ex.requests().length
      const local = localWeight(conn)
      const signal = new AbortController().signal
      const err = await rejectionOf(conn.sendMessage('depth', params, { signal }))
      expect(err).toBeInstanceOf(InvalidParameterError)
      expect(err).toMatchObject({ parameter })
      expect(getEventListeners(signal, 'abort')).toHaveLength(0)
      expect(localWeight(conn)).toBe(local)
      await conn.ping()
      expect(
        ex
          .requests()
          .slice(before)
          .map((r) => r.method),
      ).toEqual(['ping'])
    },
  )
})

describe('against a server that would take anything', () => {
  afterEach(cleanup)

  it('sends nothing for a refused call: not the call, nor a clock sync or anything else', async () => {
    const { server, conn } = await connect((req) => ok(req))
    await conn.ping()
    const sent = server.received.length
    const refused: [string, unknown][] = [
      ['orderCancel', { symbol: 'BTCUSDT', origClientOrderId: '' }],
      ['orderStatus', { symbol: 'BTCUSDT', orderId: -1 }],
      ['accountStatus', { recvWindow: '5000.1234' }],
      ['tickerPrice', { symbol: 'BTCUSDT', symbols: ['BTCUSDT'] }],
      ['exchangeInfo', { symbols: [] }],
    ]
    for (const [method, params] of refused) {
      expect(await rejectionOf(call(conn, method, params))).toBeInstanceOf(InvalidParameterError)
    }
    await server.roundTrip(server.connections[0] as NonNullable<(typeof server.connections)[0]>)
    expect(server.received).toHaveLength(sent)
    await conn.ping()
    expect(server.received.slice(sent).map((r) => r.method)).toEqual(['ping'])
  })
})
