// The control API over HTTP (docs/emulator-control.md "Over HTTP"): every route against a live emulator on port 0,
// its effect seen from a WebSocket API client; bad input, access rules, the token and the event stream.
import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WebsocketAPIConnection } from '../../../src/client/index.js'
import { CONTROL_ROUTES } from '../../../src/emulator/api/control/control-routes.js'
import { startEmulator } from '../../../src/emulator/index.js'
import { RawClient } from '../../../src/emulator/raw-client.test-util.js'
import { openControlEvents } from '../../support/control-events.js'
import { startExchange, T0, type TestExchange } from '../../support/exchange.js'
import { limit } from '../../support/order-params.js'

let kit: TestExchange
let api: WebsocketAPIConnection
let base: string

beforeAll(async () => {
  kit = await startExchange({
    clock: T0,
    control: true,
    accounts: [{ apiKey: 'k1', key: 'hmac', balances: { USDT: '1000', BTC: '1' } }],
  })
  api = await kit.connect('k1')
  base = `http://127.0.0.1:${kit.ex.port}/control`
})

afterAll(() => kit?.close())

interface Answer {
  readonly status: number
  readonly body: { result?: unknown; error?: { code: string; msg: string; apiCode?: number } }
}

async function call(path: string, params?: unknown, init: RequestInit = {}): Promise<Answer> {
  const body = params === undefined ? null : JSON.stringify(params)
  const res = await fetch(`${base}/${path}`, { method: body === null ? 'GET' : 'POST', body, ...init })
  return { status: res.status, body: (await res.json()) as Answer['body'] }
}

/** The status of `GET /control/clock/now` sent with `host` as its Host header (and no Origin, as a same-origin GET). */
function statusAs(port: number, host: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/control/clock/now', headers: { host } })
    req.on('response', (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.on('error', reject)
    req.end()
  })
}

const result = async (path: string, params?: unknown) => {
  const answer = await call(path, params)
  expect(answer.body.error).toBeUndefined()
  expect(answer.status).toBe(200)
  return answer.body.result
}

const balance = async (asset: string) => {
  const status = (await result('query', { method: 'account.status', apiKey: 'k1' })) as {
    balances: { asset: string; free: string; locked: string }[]
  }
  return status.balances.find((b) => b.asset === asset)
}

describe('control over HTTP: the routes', () => {
  it('lists one route per control member at GET /control/', async () => {
    const listing = (await result('')) as { path: string; verbs: string[] }[]
    const expected = Object.keys(CONTROL_ROUTES).map((name) => `/control/${name.replaceAll('.', '/')}`)
    expect(listing.map((r) => r.path)).toEqual(expected)
    expect(listing.find((r) => r.path === '/control/deposit')?.verbs).toEqual(['POST'])
  })

  it('clock: now, advance and set move the time the WebSocket API reports', async () => {
    expect(await result('clock/now')).toBe(T0)
    await result('clock/advance', { ms: 1500 })
    expect((await api.time()).data.serverTime).toBe(T0 + 1500)
    await result('clock/set', { time: T0 + 60_000 })
    expect((await api.time()).data.serverTime).toBe(T0 + 60_000)
  })

  it('deposit, withdraw, lockBalance, unlockBalance change the balances account.status shows', async () => {
    await result('deposit', { apiKey: 'k1', asset: 'USDT', amount: '250.5' })
    expect(await balance('USDT')).toEqual({ asset: 'USDT', free: '1250.50000000', locked: '0.00000000' })
    await result('withdraw', { apiKey: 'k1', asset: 'USDT', amount: '0.5' })
    await result('lockBalance', { apiKey: 'k1', asset: 'USDT', amount: '50' })
    expect(await balance('USDT')).toEqual({ asset: 'USDT', free: '1200.00000000', locked: '50.00000000' })
    await result('unlockBalance', { apiKey: 'k1', asset: 'USDT', amount: '50' })
    expect((await api.accountStatus()).data.balances).toContainEqual({
      asset: 'USDT',
      free: '1250.00000000',
      locked: '0.00000000',
    })
  })

  it('setReferencePrice, setSymbolStatus and cancelOrders act on the market', async () => {
    await result('setReferencePrice', { symbol: 'ETHUSDT', price: '3100' })
    expect(await result('query', { method: 'ticker.price', params: { symbol: 'ETHUSDT' } })).toEqual({
      symbol: 'ETHUSDT',
      price: '3100.00000000',
    })
    const placed = await api.orderPlace(limit('BTCUSDT', 'BUY', '50000.00', '0.00100'))
    expect(await result('cancelOrders', { symbol: 'BTCUSDT', apiKey: 'k1' })).toBe(1)
    const order = await api.orderStatus({ symbol: 'BTCUSDT', orderId: placed.data.orderId })
    expect(order.data).toMatchObject({ status: 'EXPIRED' })
    await result('setSymbolStatus', { symbol: 'BNBUSDT', status: 'HALT' })
    const info = await api.exchangeInfo({ symbol: 'BNBUSDT' })
    expect(info.data.symbols[0]?.status).toBe('HALT')
    await expect(api.orderPlace(limit('BNBUSDT', 'BUY', '500.00', '0.100'))).rejects.toMatchObject({
      code: -2010,
      message: expect.stringContaining('Market is closed.'),
    })
    await result('setSymbolStatus', { symbol: 'BNBUSDT', status: 'TRADING' })
  })

  it('failNext, stallNext and releaseStall hold and fail the next requests', async () => {
    await result('failNext', { method: 'time', error: 'SERVER_BUSY' })
    await expect(api.time()).rejects.toMatchObject({ code: -1008 })
    const { stall } = (await result('stallNext', { method: 'ping' })) as { stall: number }
    let answered = false
    const pinged = api.ping().then(() => {
      answered = true
    })
    expect((await api.time()).status).toBe(200)
    expect(answered).toBe(false)
    await result('releaseStall', { stall })
    await pinged
    expect(answered).toBe(true)
    expect(await call('releaseStall', { stall })).toMatchObject({
      status: 400,
      body: { error: { code: 'REJECTED' } },
    })
  })

  it('connections, serverShutdown and dropConnections see and end WebSocket connections', async () => {
    const raw = await RawClient.open(kit.ex.url)
    const connections = (await result('connections')) as { id: number }[]
    expect(connections).toHaveLength(2)
    const id = connections[1]?.id
    for (const disconnectAfter of [-1000, 86_400_001, Number.MAX_SAFE_INTEGER])
      expect(await call('serverShutdown', { connectionId: id, disconnectAfter })).toMatchObject({
        status: 400,
        body: {
          error: { code: 'INVALID_PARAM', msg: expect.stringMatching(/^disconnectAfter: .*0 to 86400000/) },
        },
      })
    expect(await result('serverShutdown', { connectionId: id, disconnectAfter: 1000 })).toBe(1)
    expect((await raw.event((e) => e.event.e === 'serverShutdown')).event).toMatchObject({
      e: 'serverShutdown',
    })
    expect(await result('dropConnections', { connectionId: id })).toBe(1)
    await raw.close()
    expect(await result('connections')).toHaveLength(1)
  })

  it('accounts lists keys without secrets; requests shows the last answers with latency and weight', async () => {
    expect(await result('accounts')).toEqual([
      {
        apiKey: 'k1',
        uid: expect.any(Number),
        keyType: 'HMAC',
        permissions: ['TRADE', 'USER_DATA', 'USER_STREAM'],
        ipWhitelist: null,
      },
    ])
    await api.depth({ symbol: 'BTCUSDT', limit: 5 })
    const log = (await result('requests')) as { method: string; status: number; latencyMs: number }[]
    expect(log.at(-1)).toMatchObject({
      method: 'depth',
      front: 'WS',
      status: 200,
      latencyMs: expect.any(Number),
      ip: '127.0.0.1',
      rateLimits: [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', limit: 6000 }],
    })
    const rest = await fetch(`http://127.0.0.1:${kit.ex.port}/api/v3/ticker/price?symbol=ETHUSDT`)
    expect(rest.status).toBe(200)
    await rest.body?.cancel()
    const after = (await result('requests')) as unknown[]
    expect(after.at(-1)).toMatchObject({ method: 'ticker.price', front: 'REST', status: 200 })
  })

  it('query answers GET with params in the query string, and refuses non-read methods', async () => {
    const params = encodeURIComponent(JSON.stringify({ symbol: 'BTCUSDT' }))
    const answer = await call(`query?method=openOrders.status&apiKey=k1&params=${params}`)
    expect(answer).toEqual({ status: 200, body: { result: [] } })
    expect(await call('query', { method: 'order.place', apiKey: 'k1' })).toMatchObject({
      status: 400,
      body: { error: { code: 'INVALID_PARAM', msg: expect.stringMatching(/^method: must be one of /) } },
    })
    expect(await call('query', { method: 'account.status' })).toMatchObject({
      status: 400,
      body: { error: { code: 'REJECTED', msg: "query: 'account.status' needs an apiKey" } },
    })
  })
})

describe('control over HTTP: bad input', () => {
  it('names the field: missing, unknown, wrong type', async () => {
    const cases: [unknown, string][] = [
      [{ apiKey: 'k1', asset: 'USDT' }, 'amount: is required'],
      [{ apiKey: 'k1', asset: 'USDT', amount: '1', note: 'x' }, 'note: unknown field'],
      [{ apiKey: 'k1', asset: 'USDT', amount: 1 }, 'amount: must be a decimal string'],
      [{ apiKey: '', asset: 'USDT', amount: '1' }, 'apiKey: must be a non-empty string'],
    ]
    for (const [params, msg] of cases) {
      const answer = await call('deposit', params)
      expect(answer.status).toBe(400)
      expect(answer.body.error?.code).toBe('INVALID_PARAM')
      expect(answer.body.error?.msg.startsWith(msg)).toBe(true)
    }
    expect(await call('clock/advance', { ms: '10' })).toMatchObject({
      status: 400,
      body: { error: { code: 'INVALID_PARAM', msg: 'ms: must be an integer (a JSON number, not a string)' } },
    })
    expect(await call('setSymbolStatus', { symbol: 'BTCUSDT', status: 'OPEN' })).toMatchObject({
      body: { error: { msg: 'status: must be one of TRADING, END_OF_DAY, HALT, BREAK' } },
    })
  })

  it('answers bad JSON, unknown routes, wrong verbs and refusals with their codes; the state is unchanged', async () => {
    const before = await balance('USDT')
    const raw = (body: string) => call('deposit', undefined, { method: 'POST', body })
    expect(await raw('{"apiKey":')).toMatchObject({ status: 400, body: { error: { code: 'INVALID_JSON' } } })
    expect(await raw('[1]')).toMatchObject({ status: 400, body: { error: { code: 'INVALID_JSON' } } })
    expect(await raw('x'.repeat(70_000))).toMatchObject({
      status: 413,
      body: { error: { code: 'TOO_LARGE' } },
    })
    expect(await call('nothing')).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } })
    expect(await call('deposit')).toMatchObject({
      status: 405,
      body: { error: { code: 'METHOD_NOT_ALLOWED' } },
    })
    expect(await call('withdraw', { apiKey: 'k1', asset: 'USDT', amount: '999999' })).toMatchObject({
      status: 400,
      body: { error: { code: 'REJECTED', msg: expect.stringContaining('free') } },
    })
    expect(await call('deposit', { apiKey: 'nobody', asset: 'USDT', amount: '1' })).toMatchObject({
      status: 400,
      body: { error: { code: 'REJECTED', msg: "no account has the API key 'nobody'" } },
    })
    expect(await call('query', { method: 'depth', params: { symbol: 'NOPE' } })).toMatchObject({
      status: 400,
      body: { error: { code: 'REJECTED', msg: 'Invalid symbol.', apiCode: -1121 } },
    })
    expect(await balance('USDT')).toEqual(before)
    expect((await api.ping()).status).toBe(200)
  })

  it('refuses a page of another origin, and a host name that is not an address (DNS rebinding)', async () => {
    const cross = await call('clock/now', undefined, { headers: { origin: 'http://evil.example' } })
    expect(cross).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } })
    const port = kit.ex.port
    const rebound = await statusAs(port, `evil.example:${port}`)
    expect(rebound).toBe(403)
    const same = await call('clock/now', undefined, { headers: { origin: `http://127.0.0.1:${port}` } })
    expect(same.status).toBe(200)
  })
})

describe('control over HTTP: enabling, token, dashboard-only reads', () => {
  it('is reached by another host name only when controlAllow names it', async () => {
    const ex = await startEmulator({ port: 0, control: true, controlAllow: ['paper-venue.internal'] })
    try {
      expect(await statusAs(ex.port, `paper-venue.internal:${ex.port}`)).toBe(200)
      expect(await statusAs(ex.port, `other.internal:${ex.port}`)).toBe(403)
      expect(await statusAs(ex.port, `localhost:${ex.port}`)).toBe(200)
      // Host names are case-insensitive.
      expect(await statusAs(ex.port, `LOCALHOST:${ex.port}`)).toBe(200)
      expect(await statusAs(ex.port, `Paper-Venue.Internal:${ex.port}`)).toBe(200)
    } finally {
      await ex.close()
    }
  })

  it('is off by default: /control/ is not served (404, as any path no front serves)', async () => {
    const ex = await startEmulator({ port: 0 })
    try {
      const res = await fetch(`http://127.0.0.1:${ex.port}/control/clock/now`)
      expect(res.status).toBe(404)
      await res.body?.cancel()
    } finally {
      await ex.close()
    }
  })

  it('with a token: 401 without it or with another, 200 with it; the token is in no answer', async () => {
    const token = 'tok-3f9a1c'
    const ex = await startEmulator({ port: 0, control: true, controlToken: token })
    try {
      const url = `http://127.0.0.1:${ex.port}/control/clock/now`
      const answers = await Promise.all(
        [undefined, 'Bearer nope', `Bearer ${token}x`, `Bearer ${token}`, `bearer ${token}`].map(
          async (authorization) => {
            const res = await fetch(url, authorization ? { headers: { authorization } } : {})
            return {
              status: res.status,
              text: await res.text(),
              challenge: res.headers.get('www-authenticate'),
            }
          },
        ),
      )
      // The scheme is case-insensitive (RFC 7235 §2.1).
      expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 200, 200])
      expect(answers[0]?.challenge).toBe('Bearer')
      expect(answers[0]?.text).toContain('"code":"UNAUTHORIZED"')
      for (const a of answers) expect(a.text).not.toContain(token)
    } finally {
      await ex.close()
    }
  })

  it('a read token: reads, query by POST and the event stream (access: no changes), never a change', async () => {
    const [token, readToken] = ['admin-7c2e', 'watch-51d0']
    const ex = await startEmulator({
      port: 0,
      now: () => T0,
      control: true,
      controlToken: token,
      controlReadToken: readToken,
    })
    try {
      const url = `http://127.0.0.1:${ex.port}/control`
      const as = (t: string, path: string, body?: object) =>
        fetch(`${url}/${path}`, {
          headers: { authorization: `Bearer ${t}` },
          ...(body && { method: 'POST', body: JSON.stringify(body) }),
        }).then(async (res) => ({ status: res.status, body: (await res.json()) as Answer['body'] }))
      const now = ex.clock.now()
      expect(await as(readToken, 'clock/now')).toEqual({ status: 200, body: { result: now } })
      expect(
        await as(readToken, 'query', { method: 'ticker.price', params: { symbol: 'BTCUSDT' } }),
      ).toMatchObject({ status: 200, body: { result: { symbol: 'BTCUSDT' } } })
      expect(await as(readToken, 'clock/advance', { ms: 60_000 })).toEqual({
        status: 403,
        body: { error: { code: 'READ_ONLY', msg: 'this token may only read' } },
      })
      expect(await as(`${readToken}x`, 'clock/now')).toMatchObject({ status: 401 })
      expect(ex.clock.now()).toBe(now)
      expect(await as(token, 'clock/advance', { ms: 60_000 })).toEqual({
        status: 200,
        body: { result: null },
      })

      for (const [t, changes] of [
        [readToken, false],
        [token, true],
      ] as const) {
        const events = await openControlEvents(`${url}/events`, { headers: { authorization: `Bearer ${t}` } })
        try {
          expect(await events.next('access', () => true)).toEqual({ changes })
          expect(await events.next('state', () => true)).toMatchObject({ changes: true })
        } finally {
          events.close()
        }
      }
    } finally {
      await ex.close()
    }
  })

  it('a read token without an admin token is refused at the start', async () => {
    await expect(startEmulator({ port: 0, control: true, controlReadToken: 'watch' })).rejects.toThrow(
      'controlReadToken: needs controlToken (without it, anyone may change)',
    )
  })

  it('with the dashboard on and control off: reads and events are served, changes answer 403', async () => {
    const ex = await startEmulator({ port: 0, ui: true })
    try {
      const url = `http://127.0.0.1:${ex.port}/control`
      const now = await fetch(`${url}/clock/now`)
      expect(now.status).toBe(200)
      await now.body?.cancel()
      const advance = await fetch(`${url}/clock/advance`, { method: 'POST', body: '{"ms":1}' })
      expect(advance.status).toBe(403)
      expect(await advance.json()).toMatchObject({ error: { code: 'CONTROL_DISABLED' } })
    } finally {
      await ex.close()
    }
  })
})

describe('control over HTTP: the event stream', () => {
  it('sends the state, then the account a deposit touched and the WebSocket answers', async () => {
    const events = await openControlEvents(`${base}/events`)
    const next = events.next
    try {
      expect(await next('state', () => true)).toMatchObject({ changes: true, accounts: [{ apiKey: 'k1' }] })
      expect(await next('requests', () => true)).toEqual(await result('requests'))
      await result('deposit', { apiKey: 'k1', asset: 'ETH', amount: '2' })
      type Account = { balances: { asset: string }[]; openOrders?: unknown[]; orders?: unknown[] }
      const account = await next('account', (a: Account) => a.balances.some((b) => b.asset === 'ETH'))
      expect(account.balances).toContainEqual({ asset: 'ETH', free: '2.00000000', locked: '0.00000000' })
      await api.orderPlace(limit('BTCUSDT', 'BUY', '55000.00', '0.00100'))
      // The client may first get -1021 (the test moved the clock since it connected), resync and send again.
      const placed = (r: { method: string; status: number }) => r.method === 'order.place' && r.status === 200
      const requests = await next('requests', (r: { method: string; status: number }[]) => r.some(placed))
      expect(requests.find(placed)).toMatchObject({
        apiKey: 'k1',
        rateLimits: [{}, { rateLimitType: 'ORDERS' }, {}],
      })
      const withOrder = await next('account', (a: Account) => (a.orders ?? a.openOrders ?? []).length > 0)
      expect(withOrder.orders).toMatchObject([{ symbol: 'BTCUSDT', price: '55000.00000000', status: 'NEW' }])
    } finally {
      events.close()
    }
  })
})
