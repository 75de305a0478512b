// What the REST front answers besides results (docs/emulator-fidelity.md R4–R10): unread params -1104 on both
// fronts, 404/405 for unknown paths and verbs, 429 and 418 with Retry-After, 5xx from injected faults, 409 for a
// partly failed cancel-replace, the retired listenKey endpoints, X-MBX-TIME-UNIT.
import { describe, expect, it } from 'vitest'
import { RawClient } from '../../../src/emulator/raw-client.test-util.js'
import { exchangePerTest, T0 } from '../../support/exchange.js'
import { keyOf } from '../../support/keys.js'
import { limit } from '../../support/order-params.js'
import { restBase, restCall } from '../../support/rest-client.js'

const exchange = exchangePerTest()
const start = (options: Parameters<typeof exchange>[0] = {}) =>
  exchange({ clock: T0, accounts: [{ apiKey: 'h', key: 'hmac' }], ...options })
const key = keyOf('h')
const order = limit('BTCUSDT', 'BUY', '50000.00', '0.01000')
const answerOf = (a: { status: number; json: unknown }) => ({ status: a.status, body: a.json })

describe('unread params (fidelity R5)', () => {
  it('a misspelt param is 400 -1104 with the counts, over REST and the WebSocket API alike; nothing is placed', async () => {
    const kit = await start()
    const base = restBase(kit.ex)
    const misspelt = { ...order, newOrderRespTyp: 'ACK' }
    const rest = await restCall(base, '/api/v3/order', {
      method: 'POST',
      key,
      timestamp: kit.now,
      query: misspelt,
    })
    // symbol side type timeInForce quantity price timestamp signature: 8 read, newOrderRespTyp the 9th
    const msg = "Not all sent parameters were read; read '8' parameter(s) but was sent '9'."
    expect(answerOf(rest)).toEqual({ status: 400, body: { code: -1104, msg } })
    const raw = await RawClient.open(kit.ex.url)
    const ws = await raw.signed('order.place', key.signer, 'h', misspelt, kit.now)
    await raw.close()
    // …and apiKey: 9 read of 10
    const wsMsg = "Not all sent parameters were read; read '9' parameter(s) but was sent '10'."
    expect({ status: ws.status, error: ws.error }).toEqual({
      status: 400,
      error: { code: -1104, msg: wsMsg },
    })
    const open = await restCall(base, '/api/v3/openOrders', { key, timestamp: kit.now })
    expect(open.json).toEqual([])
  })

  it('a public endpoint counts its params the same way', async () => {
    const kit = await start()
    const depth = await restCall(restBase(kit.ex), '/api/v3/depth', {
      query: { symbol: 'BTCUSDT', depth: '5' },
    })
    const msg = "Not all sent parameters were read; read '1' parameter(s) but was sent '2'."
    expect(answerOf(depth)).toEqual({ status: 400, body: { code: -1104, msg } })
  })
})

describe('paths and verbs (fidelity R10)', () => {
  it('an unknown path is 404 and a known path with another verb 405 with Allow, both with a JSON body', async () => {
    const kit = await start()
    const base = restBase(kit.ex)
    const body = { code: -1020, msg: 'This operation is not supported.' }
    expect(answerOf(await restCall(base, '/api/v3/nothing'))).toEqual({ status: 404, body })
    expect(answerOf(await restCall(base, '/sapi/v1/capital/withdraw/apply'))).toEqual({ status: 404, body })
    const wrongVerb = await restCall(base, '/api/v3/time', { method: 'POST' })
    expect(answerOf(wrongVerb)).toEqual({ status: 405, body })
    expect(wrongVerb.headers.get('allow')).toBe('GET')
    expect((await restCall(base, '/api/v3/order', { method: 'PATCH' })).headers.get('allow')).toBe(
      'POST, DELETE, GET',
    )
  })
})

describe('limits and faults (fidelity R4)', () => {
  it('429 -1003 with Retry-After, then 418 with Retry-After until the ban ends; X-MBX-USED-WEIGHT-1M throughout', async () => {
    const kit = await start({ limits: { requestWeight: 100, banAfter: 2, banDurations: [120_000] } })
    const base = restBase(kit.ex)
    let last = await restCall(base, '/api/v3/exchangeInfo')
    for (let i = 0; i < 10 && last.status === 200; i++) last = await restCall(base, '/api/v3/exchangeInfo')
    expect(last.status).toBe(429)
    expect((last.json as { code: number }).code).toBe(-1003)
    // The window is the clock's minute: T0 is 20 s into one.
    expect(last.headers.get('retry-after')).toBe('40')
    expect(last.headers.get('x-mbx-used-weight-1m')).toMatch(/^\d+$/)
    const banned = await restCall(base, '/api/v3/ping')
    expect(banned.status).toBe(418)
    expect(banned.headers.get('retry-after')).toBe('120')
    expect(banned.json).toEqual({
      code: -1003,
      msg: `Way too much request weight used; IP banned until ${T0 + 120_000}. Please use WebSocket Streams for live updates to avoid bans.`,
    })
  })

  it('an injected fault answers 5xx: its outcome unknown, the order placed when `executed`', async () => {
    const kit = await start()
    const base = restBase(kit.ex)
    kit.ex.failNext({ method: 'order.place', executed: true })
    const failed = await restCall(base, '/api/v3/order', {
      method: 'POST',
      key,
      timestamp: kit.now,
      query: order,
    })
    expect(answerOf(failed)).toEqual({
      status: 503,
      body: {
        code: -1007,
        msg: 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.',
      },
    })
    const open = await restCall(base, '/api/v3/openOrders', { key, timestamp: kit.now })
    expect(open.json).toHaveLength(1)
  })

  it('a cancel-replace whose cancel fails and whose new order is placed is 409 -2021 with both outcomes', async () => {
    const kit = await start()
    const replace = { ...order, cancelReplaceMode: 'ALLOW_FAILURE', cancelOrderId: '999' }
    const answer = await restCall(restBase(kit.ex), '/api/v3/order/cancelReplace', {
      method: 'POST',
      key,
      timestamp: kit.now,
      query: replace,
    })
    expect(answer.status).toBe(409)
    expect(answer.json).toMatchObject({
      code: -2021,
      msg: 'Order cancel-replace partially failed.',
      data: {
        cancelResult: 'FAILURE',
        newOrderResult: 'SUCCESS',
        cancelResponse: { code: -2011, msg: 'Unknown order sent.' },
        newOrderResponse: { symbol: 'BTCUSDT', status: 'NEW' },
      },
    })
    expect(Object.keys(answer.json as object)).toEqual(['code', 'msg', 'data'])
  })
})

describe('the retired listenKey endpoints (fidelity R8)', () => {
  it('answer 410 Gone as nginx does now', async () => {
    const kit = await start()
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const gone = await restCall(restBase(kit.ex), '/api/v3/userDataStream', {
        method,
        headers: { 'X-MBX-APIKEY': 'h' },
      })
      expect({ status: gone.status, type: gone.headers.get('content-type') }).toEqual({
        status: 410,
        type: 'text/html',
      })
      expect(gone.text).toContain('<title>410 Gone</title>')
    }
  })

  it('with legacyListenKey: create, keep alive and close a listen key', async () => {
    const kit = await start({ legacyListenKey: true })
    const base = restBase(kit.ex)
    const headers = { 'X-MBX-APIKEY': 'h' }
    const created = await restCall(base, '/api/v3/userDataStream', { method: 'POST', headers })
    expect(created.status).toBe(200)
    const { listenKey } = created.json as { listenKey: string }
    expect(listenKey).toMatch(/^[A-Za-z0-9]{60}$/)
    const kept = await restCall(base, '/api/v3/userDataStream', {
      method: 'PUT',
      headers,
      query: { listenKey },
    })
    expect(answerOf(kept)).toEqual({ status: 200, body: {} })
    const closed = await restCall(base, '/api/v3/userDataStream', {
      method: 'DELETE',
      headers,
      query: { listenKey },
    })
    expect(answerOf(closed)).toEqual({ status: 200, body: {} })
    const again = await restCall(base, '/api/v3/userDataStream', {
      method: 'PUT',
      headers,
      query: { listenKey },
    })
    expect(answerOf(again)).toEqual({
      status: 400,
      body: { code: -1125, msg: 'This listenKey does not exist.' },
    })
  })
})

describe('X-MBX-TIME-UNIT (fidelity R9)', () => {
  it('MICROSECOND puts times in µs; a wrong unit is 400 -1194', async () => {
    const kit = await start()
    const base = restBase(kit.ex)
    const micro = await restCall(base, '/api/v3/time', { headers: { 'X-MBX-TIME-UNIT': 'microsecond' } })
    expect(micro.json).toEqual({ serverTime: T0 * 1000 })
    const wrong = await restCall(base, '/api/v3/time', { headers: { 'X-MBX-TIME-UNIT': 'SECOND' } })
    expect(answerOf(wrong)).toEqual({
      status: 400,
      body: { code: -1194, msg: 'Invalid value for time unit; expected either MICROSECOND or MILLISECOND.' },
    })
  })
})
