// What the REST front answers besides results (docs/emulator-fidelity.md R4–R10, R14): unread params -1104 on both
// fronts, 404/405 for unknown paths and verbs, HEAD, absolute-form targets, 429 and 418 with Retry-After, RAW_REQUESTS,
// 5xx from injected faults, 409 for a partly failed cancel-replace, the retired listenKey endpoints, X-MBX-TIME-UNIT.
import { connect } from 'node:net'
import { describe, expect, it } from 'vitest'
import { REST_ROUTES } from '../../../src/emulator/api/rest/rest-routes.js'
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
    expect(wrongVerb.headers.get('allow')).toBe('GET, HEAD')
    expect((await restCall(base, '/api/v3/order', { method: 'PATCH' })).headers.get('allow')).toBe(
      'POST, DELETE, GET, HEAD',
    )
  })
})

/** Sends `head` (a request line and headers, `Connection: close` added) on a fresh socket; the whole answer. */
async function rawAnswer(
  port: number,
  head: string,
): Promise<{ status: number; headers: Headers; body: string }> {
  const socket = connect({ host: '127.0.0.1', port })
  socket.end(`${head}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`)
  const chunks: Buffer[] = []
  for await (const chunk of socket) chunks.push(chunk as Buffer)
  const [top = '', body = ''] = Buffer.concat(chunks).toString().split('\r\n\r\n')
  const [statusLine = '', ...lines] = top.split('\r\n')
  const headers = new Headers()
  for (const line of lines)
    headers.append(line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim())
  return { status: Number(statusLine.split(' ')[1]), headers, body }
}

const usedWeight = (a: { headers: Headers }) => Number(a.headers.get('x-mbx-used-weight-1m'))

describe('HEAD, and targets no route serves (fidelity R4, R10)', () => {
  it('HEAD on every GET route answers as GET without the body: same status, headers and weight', async () => {
    const kit = await start()
    const base = restBase(kit.ex)
    const paths = [...REST_ROUTES].filter(([, verbs]) => verbs.has('GET')).map(([path]) => path)
    expect(paths.length).toBeGreaterThan(25)
    for (const path of paths) {
      const get = await restCall(base, path)
      const head = await restCall(base, path, { method: 'HEAD' })
      const again = await restCall(base, path)
      expect(head.status, path).toBe(get.status)
      expect(head.text, path).toBe('')
      expect(head.headers.get('content-length'), path).toBe(String(Buffer.byteLength(get.text)))
      expect(head.headers.get('content-type'), path).toBe(get.headers.get('content-type'))
      expect(usedWeight(head) - usedWeight(get), path).toBe(usedWeight(again) - usedWeight(head))
    }
  })

  it('HEAD on the /sapi and futures GET routes answers as GET without the body', async () => {
    const kit = await start()
    const base = restBase(kit.ex)
    for (const path of ['/sapi/v1/system/status', '/fapi/v1/exchangeInfo']) {
      const get = await restCall(base, path)
      const head = await restCall(base, path, { method: 'HEAD' })
      expect({ status: head.status, text: head.text }, path).toEqual({ status: 200, text: '' })
      expect(head.headers.get('content-length'), path).toBe(String(Buffer.byteLength(get.text)))
    }
  })

  it('a target no route serves is 404 -1020 with the weight headers and Content-Length', async () => {
    const kit = await start()
    for (const target of ['//api/v3/time', '/API/V3/TIME', '/nothing', '/ws']) {
      const answer = await rawAnswer(kit.ex.port, `GET ${target} HTTP/1.1`)
      expect({ status: answer.status, body: answer.body }, target).toEqual({
        status: 404,
        body: '{"code":-1020,"msg":"This operation is not supported."}',
      })
      expect(answer.headers.get('content-type'), target).toBe('application/json;charset=UTF-8')
      expect(answer.headers.get('content-length'), target).toBe(String(answer.body.length))
      expect(answer.headers.get('x-mbx-used-weight'), target).toBe('0')
      expect(answer.headers.get('x-mbx-used-weight-1m'), target).toBe('0')
    }
  })

  it('an absolute-form request target is routed by its path (RFC 9112 §3.2.2)', async () => {
    const kit = await start()
    const { port } = kit.ex
    const ping = await rawAnswer(port, `GET http://127.0.0.1:${port}/api/v3/ping HTTP/1.1`)
    expect({ status: ping.status, body: ping.body }).toEqual({ status: 200, body: '{}' })
    expect(ping.headers.get('x-mbx-used-weight-1m')).toBe('1')
    const time = await rawAnswer(port, 'GET http://127.0.0.1/api/v3/time?x=1 HTTP/1.1')
    expect({ status: time.status, body: time.body }).toEqual({
      status: 400,
      body: `{"code":-1104,"msg":"Not all sent parameters were read; read '0' parameter(s) but was sent '1'."}`,
    })
  })
})

describe('RAW_REQUESTS (fidelity R14)', () => {
  it('REST exchangeInfo lists RAW_REQUESTS where the WebSocket API lists CONNECTIONS', async () => {
    const kit = await start({ limits: { rawRequests: 61_000 } })
    const rest = await restCall(restBase(kit.ex), '/api/v3/exchangeInfo', { query: { symbol: 'BTCUSDT' } })
    const common = [
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 50 },
      { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 160_000 },
    ]
    expect((rest.json as { rateLimits: unknown }).rateLimits).toEqual([
      ...common,
      { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 61_000 },
    ])
    const raw = await RawClient.open(kit.ex.url)
    const ws = await raw.request('exchangeInfo', { symbol: 'BTCUSDT' })
    await raw.close()
    expect((ws.result as { rateLimits: unknown }).rateLimits).toEqual([
      ...common,
      { rateLimitType: 'CONNECTIONS', interval: 'MINUTE', intervalNum: 5, limit: 300 },
    ])
  })

  it('counts each REST request 1 whatever its weight: over the limit 429 -1003 with Retry-After, then the ban', async () => {
    const kit = await start({ limits: { rawRequests: 3, banAfter: 1, banDurations: [120_000] } })
    const base = restBase(kit.ex)
    // Weight 20 each: 60 of 6000, far from REQUEST_WEIGHT; a 404 counts too.
    expect((await restCall(base, '/api/v3/exchangeInfo')).status).toBe(200)
    expect((await restCall(base, '/api/v3/nothing')).status).toBe(404)
    expect((await restCall(base, '/api/v3/exchangeInfo')).status).toBe(200)
    // The WebSocket API has no RAW_REQUESTS: its requests are not counted and not refused.
    const raw = await RawClient.open(kit.ex.url)
    expect((await raw.request('ping')).status).toBe(200)
    const over = await restCall(base, '/api/v3/ping')
    expect(answerOf(over)).toEqual({
      status: 429,
      body: {
        code: -1003,
        msg: 'Too much request weight used; current limit is 3 request weight per 5 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.',
      },
    })
    // T0 is 200 s into its 5-minute window.
    expect(over.headers.get('retry-after')).toBe('100')
    expect((await raw.request('ping')).status).toBe(200)
    await raw.close()
    const banned = await restCall(base, '/api/v3/ping')
    expect(banned.status).toBe(418)
    expect(banned.headers.get('retry-after')).toBe('120')
  })
})

describe('limits and faults (fidelity R4)', () => {
  it('429 -1003 with Retry-After, then 418 with Retry-After until the ban ends; X-MBX-USED-WEIGHT-1M throughout', async () => {
    const kit = await start({ limits: { requestWeight: 100, banAfter: 1, banDurations: [120_000] } })
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

  it('banAfter (default 10) is the number of 429s a window answers: the next violation is the 418', async () => {
    const kit = await start({ limits: { requestWeight: 2 } })
    const base = restBase(kit.ex)
    const statuses: number[] = []
    for (let i = 0; i < 14; i++) statuses.push((await restCall(base, '/api/v3/ping')).status)
    expect(statuses).toEqual([200, 200, ...Array<number>(10).fill(429), 418, 418])
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
