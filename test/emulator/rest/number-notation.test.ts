// Numbers outside Binance's notation (docs/emulator-fidelity.md A23): -1100 quoting the legal range of the
// param's kind, over REST and the WebSocket API; numbers in the notation but out of range keep their codes.
import { describe, expect, it } from 'vitest'
import { RawClient } from '../../../src/emulator/raw-client.test-util.js'
import { perFile, startExchange, T0 } from '../../support/exchange.js'
import { keyOf } from '../../support/keys.js'
import { limit } from '../../support/order-params.js'
import { restBase, restCall } from '../../support/rest-client.js'

const kit = perFile(() => startExchange({ clock: T0, accounts: [{ apiKey: 'h', key: 'hmac' }] }))
const key = keyOf('h')
const order = limit('BTCUSDT', 'BUY', '50000.00', '0.01000')

const DECIMAL = '^([0-9]{1,20})(\\.[0-9]{1,20})?$'
const INTEGER = '^[0-9]{1,20}$'
const illegal = (name: string, range: string) => ({
  code: -1100,
  msg: `Illegal characters found in parameter '${name}'; legal range is '${range}'.`,
})

async function rest(path: string, query: Record<string, string>, method = 'GET') {
  const answer = await restCall(restBase(kit.ex), path, { method, key, timestamp: kit.now, query })
  return { status: answer.status, body: answer.json }
}

describe('a number outside its notation (fidelity A23)', () => {
  it.each([
    ['quantity', '9.6e-05', DECIMAL],
    ['price', '5e+04', DECIMAL],
    ['quantity', '0,002', DECIMAL],
    ['price', '-50000', DECIMAL],
    ['timestamp', '1700000000000.80', INTEGER],
  ])('REST order: %s=%s is 400 -1100 with the legal range', async (name, value, range) => {
    expect(await rest('/api/v3/order', { ...order, [name]: value }, 'POST')).toEqual({
      status: 400,
      body: illegal(name, range),
    })
  })

  it.each([
    ['/api/v3/allOrders', 'startTime', '2018-03-31 00:00:00'],
    ['/api/v3/order', 'orderId', '12.0'],
    ['/api/v3/myTrades', 'limit', 'abc'],
    ['/api/v3/myTrades', 'fromId', '-1'],
  ])('REST %s: %s=%s is 400 -1100 with the integer range', async (path, name, value) => {
    expect(await rest(path, { symbol: 'BTCUSDT', [name]: value })).toEqual({
      status: 400,
      body: illegal(name, INTEGER),
    })
  })

  it('REST: recvWindow in another notation is -1100 with the decimal range', async () => {
    expect(await rest('/api/v3/account', { recvWindow: '5e3' })).toEqual({
      status: 400,
      body: illegal('recvWindow', DECIMAL),
    })
  })

  it('in the notation but out of range, or empty, keeps its code', async () => {
    const big = await rest('/api/v3/allOrders', { symbol: 'BTCUSDT', startTime: '99999999999999999999' })
    expect(big).toEqual({
      status: 400,
      body: { code: -1130, msg: "Data sent for parameter 'startTime' is not valid." },
    })
    const limitOver = await rest('/api/v3/allOrderList', { limit: '1001' })
    expect(limitOver.body).toEqual({ code: -1130, msg: "Data sent for parameter 'limit' is not valid." })
    expect((await rest('/api/v3/order', { ...order, timestamp: '' }, 'POST')).body).toEqual({
      code: -1102,
      msg: "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.",
    })
  })

  it('WebSocket API: a string in another notation is -1100; a JSON number in the notation passes', async () => {
    const raw = await RawClient.open(kit.ex.url)
    try {
      const text = await raw.signed('order.test', key.signer, 'h', { ...order, quantity: '9.6e-05' }, kit.now)
      expect({ status: text.status, error: text.error }).toEqual({
        status: 400,
        error: illegal('quantity', DECIMAL),
      })
      const dotted = await raw.request('order.status', { symbol: 'BTCUSDT', orderId: '1.5', apiKey: 'h' })
      expect(dotted.error).toEqual(illegal('orderId', INTEGER))
      // A JSON number arrives as its literal text: 1e-7 is outside the notation, 0.01 is in it.
      const exponent = await raw.signed('order.test', key.signer, 'h', { ...order, quantity: 1e-7 }, kit.now)
      expect(exponent.error).toEqual(illegal('quantity', DECIMAL))
      const number = await raw.signed('order.test', key.signer, 'h', { ...order, quantity: 0.01 }, kit.now)
      expect({ status: number.status, result: number.result }).toEqual({ status: 200, result: {} })
    } finally {
      await raw.close()
    }
  })
})
