// HTTP fuzzing of the REST front over real sockets (docs/emulator-fidelity.md R10): random routes, verbs, params
// (plausible and hostile), placements (query, body, both), content types and broken query texts all get a
// documented status and body — never a 5xx — and the server keeps serving; malformed, oversized, slow and endless
// requests get their status and lose only their own connection. FUZZ_SEED / FUZZ_SCALE as in dispatch.fuzz.test.ts.
import { connect, type Socket } from 'node:net'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_BODY_BYTES, MAX_URL_BYTES } from '../../src/emulator/api/rest/rest-api.js'
import { type Emulator, startEmulator } from '../../src/emulator/index.js'
import { METHOD_LIST } from '../../src/protocol/methods.js'
import { answerProblem } from '../support/answer-check.js'
import { HMAC_SECRET, keyOf } from '../support/keys.js'
import { fuzzParams, paramsFor } from './arbitraries.js'

const HEADERS_TIMEOUT = 400
let ex: Emulator
let base: string

beforeAll(async () => {
  ex = await startEmulator({
    port: 0,
    accounts: [{ apiKey: 'h', hmacSecret: HMAC_SECRET, balances: { USDT: '1000000', BTC: '50' } }],
    limits: { banAfter: false, requestWeight: 100_000_000 },
    connection: { headersTimeout: HEADERS_TIMEOUT },
  })
  base = `http://127.0.0.1:${ex.port}`
})

afterAll(async () => {
  await ex.close()
})

const key = keyOf('h')
const routed = METHOD_LIST.filter((spec) => spec.rest)
const NOT_SUPPORTED = { code: -1020, msg: 'This operation is not supported.' }

/** Query fragments no client should send. */
const BROKEN = [
  '%',
  '%zz',
  '&&',
  '=',
  '==x',
  'a=1&a=2',
  '__proto__=1',
  'constructor=x',
  '%00=%00',
  '+=+',
  'signature=',
  'timestamp=abc',
  'symbols=["BTCUSDT"',
  `x=${'y'.repeat(3000)}`,
]

/** A param value as a REST client writes it: arrays and objects as JSON, raw number markers as the number. */
function text(value: unknown): string {
  if (typeof value === 'string') return /^__RAW__(.*)__$/.exec(value)?.[1] ?? value
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)
}

const httpRequest = fc.constantFrom(...routed).chain((spec) =>
  fc.record({
    path: fc.oneof(
      { weight: 9, arbitrary: fc.constant(spec.rest?.path ?? '') },
      fc.constantFrom('/api/v3/', '/api/v3/order/', '/api/v3/ORDER', '/api/v4/order', '/api//v3/time'),
    ),
    verb: fc.oneof(
      { weight: 4, arbitrary: fc.constant(spec.rest?.verb ?? 'GET') },
      fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
    ),
    params: paramsFor(spec),
    place: fc.constantFrom('query', 'body', 'both'),
    type: fc.constantFrom(
      'application/x-www-form-urlencoded',
      'application/x-www-form-urlencoded; charset=utf-8',
      'application/json',
      'text/plain',
      undefined,
    ),
    sign: fc.boolean(),
    broken: fc.option(fc.constantFrom(...BROKEN), { freq: 4 }),
  }),
)

/** Why the answer is not a documented one, or undefined if it is. */
function problem(status: number, type: string | null, body: string, path: string): string | undefined {
  if (status === 414) return type === 'text/html' ? undefined : 'a 414 that is not a page'
  if (status === 410 && path === '/api/v3/userDataStream')
    return type === 'text/html' ? undefined : 'a 410 that is not a page'
  if (type !== 'application/json;charset=UTF-8')
    return `status ${status} with content type ${type}: ${body.slice(0, 200)}`
  const json = JSON.parse(body) as unknown
  if (status === 404 || status === 405)
    return JSON.stringify(json) === JSON.stringify(NOT_SUPPORTED) ? undefined : `${status} ${body}`
  return answerProblem(status === 200 ? { status, result: json } : { status, error: json })
}

describe('fuzz: HTTP requests to the REST front', () => {
  it('answers every random request with 200 or a documented error, never a 5xx, and keeps serving', async () => {
    const { seed, numRuns } = fuzzParams(200)
    const requests = fc.sample(httpRequest, { seed, numRuns })
    for (const [i, r] of requests.entries()) {
      const pairs = new URLSearchParams(
        Object.entries(r.params).map(([k, v]): [string, string] => [k, text(v)]),
      )
      if (r.sign) pairs.set('timestamp', String(Date.now()))
      const all = pairs.toString()
      const split = all.indexOf('&', all.length / 2)
      const noBody = r.verb === 'GET'
      let query =
        r.place === 'query' || noBody ? all : r.place === 'both' && split > 0 ? all.slice(0, split) : ''
      let body = noBody ? '' : all.slice(query.length).replace(/^&/, '')
      if (r.broken) query = query ? `${query}&${r.broken}` : r.broken
      if (r.sign) {
        const signature = `signature=${encodeURIComponent(key.signer.sign(query + body))}`
        if (body) body = `${body}&${signature}`
        else query = query ? `${query}&${signature}` : signature
      }
      const headers: Record<string, string> = r.sign ? { 'X-MBX-APIKEY': 'h' } : {}
      if (r.type && body) headers['Content-Type'] = r.type
      const res = await fetch(`${base}${r.path}?${query}`, {
        method: r.verb,
        headers,
        ...(body ? { body } : {}),
      })
      const answer = await res.text()
      const why = problem(res.status, res.headers.get('content-type'), answer, r.path)
      expect(
        why,
        `request ${i}: ${r.verb} ${r.path}?${query.slice(0, 300)} body ${body.slice(0, 300)}`,
      ).toBeUndefined()
      expect(res.headers.get('x-mbx-used-weight-1m')).toMatch(/^\d+$/)
    }
    expect((await fetch(`${base}/api/v3/ping`)).status).toBe(200)
  })
})

/** Sends `request` on a fresh socket and resolves with everything the server wrote before closing it. */
function raw(request: string | ((socket: Socket) => void)): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(ex.port, '127.0.0.1')
    let got = ''
    socket.on('data', (chunk) => {
      got += chunk.toString()
    })
    socket.on('error', (e) => (got ? resolve(got) : reject(e)))
    socket.on('close', () => resolve(got))
    socket.on('connect', () => (typeof request === 'string' ? socket.write(request) : request(socket)))
  })
}

const statusOf = (answer: string) => Number(answer.slice(9, 12))

describe('broken HTTP', () => {
  it('broken percent-encoding is 400 -1100, a repeated name -1101; a name in query and body takes the query’s value', async () => {
    const bad = await fetch(`${base}/api/v3/depth?symbol=BTC%zzUSDT`)
    expect({ status: bad.status, body: await bad.json() }).toEqual({
      status: 400,
      body: { code: -1100, msg: 'Illegal characters found in a parameter.' },
    })
    const twice = await fetch(`${base}/api/v3/depth?symbol=BTCUSDT&symbol=ETHUSDT`)
    expect({ status: twice.status, body: await twice.json() }).toEqual({
      status: 400,
      body: { code: -1101, msg: 'Duplicate values for a parameter detected.' },
    })
    const query = `symbol=BTCUSDT&timestamp=${Date.now()}`
    const body = 'symbol=ETHUSDT'
    const signature = encodeURIComponent(key.signer.sign(query + body))
    const both = await fetch(`${base}/api/v3/openOrders?${query}&signature=${signature}`, {
      method: 'DELETE',
      headers: { 'X-MBX-APIKEY': 'h', 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
    })
    expect(await both.json()).toEqual({ code: -2011, msg: 'Unknown order sent.' })
  })

  it('a JSON body is not read: its params are missing', async () => {
    const res = await fetch(`${base}/api/v3/order`, {
      method: 'POST',
      headers: { 'X-MBX-APIKEY': 'h', 'Content-Type': 'application/json' },
      body: JSON.stringify({ symbol: 'BTCUSDT' }),
    })
    expect({ status: res.status, body: await res.json() }).toEqual({
      status: 400,
      body: { code: -1102, msg: "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed." },
    })
  })

  it('an oversized body is 413, an overlong URL 414, oversized headers 431, a garbled request 400; each closes only its connection', async () => {
    const big = await raw(
      `POST /api/v3/order HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${MAX_BODY_BYTES + 1}\r\n\r\n${'a'.repeat(MAX_BODY_BYTES + 1)}`,
    )
    expect(statusOf(big)).toBe(413)
    expect(big).toContain('<title>413 Request Entity Too Large</title>')
    const long = await raw(
      `GET /api/v3/depth?symbol=${'A'.repeat(MAX_URL_BYTES)} HTTP/1.1\r\nHost: x\r\n\r\n`,
    )
    expect(statusOf(long)).toBe(414)
    const headers = await raw(`GET /api/v3/ping HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`)
    expect(statusOf(headers)).toBe(431)
    const garbled = await raw('GARBAGE\r\n\r\n')
    expect(statusOf(garbled)).toBe(400)
    expect(garbled).toContain('<title>400 Bad Request</title>')
    expect((await fetch(`${base}/api/v3/ping`)).status).toBe(200)
  })

  it('headers that never end are answered 408 after the headers timeout, while other clients are served', async () => {
    const slow = raw((socket) => socket.write('GET /api/v3/ping HTTP/1.1\r\nHost: x\r\n'))
    expect((await fetch(`${base}/api/v3/time`)).status).toBe(200)
    const answer = await slow
    expect(statusOf(answer)).toBe(408)
  })

  it('headers sent without end are cut off at the size limit with 431', async () => {
    const endless = raw((socket) => {
      socket.write('GET /api/v3/ping HTTP/1.1\r\nHost: x\r\n')
      for (let i = 0; i < 64 && socket.writable; i++) socket.write(`X-${i}: ${'h'.repeat(1000)}\r\n`)
    })
    expect(statusOf(await endless)).toBe(431)
  })
})
