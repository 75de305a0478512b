// The client against small scripted servers: answers, errors, deadlines, aborts, lost sockets, bad endpoints.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { inspect } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import {
  BinanceError,
  ConnectError,
  ConnectionClosedError,
  InvalidParameterError,
  OutcomeUnknownError,
  RequestAbortedError,
  RequestTimeoutError,
  SpotWebsocketAPI,
} from '../../../src/client/index.js'
import { createVerifier, signaturePayload } from '../../../src/protocol/signing.js'
import { cleanup, closedPortUrl, onCleanup } from '../../support/fault-kit.js'
import { ED25519, HMAC_SECRET } from '../../support/keys.js'
import { rejectionOf } from '../../support/rejection.js'
import { ok, type Script, startScriptedServer } from '../../support/scripted-server.js'

afterEach(cleanup)

/** A client (HMAC key, real clock) connected to a scripted server; both are closed after the test. */
async function connectTo(script: Script, extra = {}) {
  const server = await startScriptedServer(script)
  onCleanup(() => server.close())
  const api = new SpotWebsocketAPI({ wsURL: server.url, apiKey: 'key-1', apiSecret: HMAC_SECRET, ...extra })
  const conn = await api.connect()
  onCleanup(() => conn.disconnect())
  return { server, conn }
}

describe('client transport', () => {
  it('resolves { data, rateLimits, id, status } for a success frame', async () => {
    const rl = [
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000, count: 1 },
    ]
    const { conn, server } = await connectTo((req) => ({
      id: req.id,
      status: 200,
      result: { serverTime: 42 },
      rateLimits: rl,
    }))
    const r = await conn.time()
    expect(r.data).toEqual({ serverTime: 42 })
    expect(r.rateLimits).toEqual(rl)
    expect(r.status).toBe(200)
    expect(r.id).toBe(server.received.at(-1)!.id)
  })

  it('rejects API errors with a BinanceError carrying code, msg, status and rateLimits', async () => {
    const { conn } = await connectTo((req) => ({
      id: req.id,
      status: 400,
      error: { code: -1121, msg: 'Invalid symbol.' },
      rateLimits: [],
    }))
    const err = await conn.depth({ symbol: 'NOPE' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(BinanceError)
    expect(err).toMatchObject({
      code: -1121,
      msg: 'Invalid symbol.',
      status: 400,
      method: 'depth',
      rateLimits: [],
    })
  })

  it('rejects a 200 answer whose result is only {code, msg} (referencePrice, -2043) with a BinanceError of status 200', async () => {
    const msg = "This symbol doesn't have a reference price."
    const { conn } = await connectTo((req) =>
      req.method === 'referencePrice'
        ? ok(
            req,
            req.params?.['symbol'] === 'NEVER'
              ? { code: -2043, msg }
              : { symbol: 'BAZUSD', referencePrice: null, timestamp: 1 },
          )
        : ok(req, { code: 0, msg: 'ok', other: 1 }),
    )
    const err = await rejectionOf(conn.referencePrice({ symbol: 'NEVER' }))
    expect(err).toBeInstanceOf(BinanceError)
    expect(err).toMatchObject({ code: -2043, msg, status: 200, method: 'referencePrice', rateLimits: [] })
    // A price of null is an answer, and a result with more than code and msg is a result.
    expect((await conn.referencePrice({ symbol: 'BAZUSD' })).data).toEqual({
      symbol: 'BAZUSD',
      referencePrice: null,
      timestamp: 1,
    })
    expect((await conn.sendMessage('some.future.method')).data).toEqual({ code: 0, msg: 'ok', other: 1 })
  })

  it('signs signed methods with apiKey, timestamp and a valid HMAC signature', async () => {
    const { conn, server } = await connectTo((req) => ok(req, {}), { recvWindow: 3000 })
    await conn.accountStatus()
    const p = server.received.at(-1)!.params!
    expect(p['apiKey']).toBe('key-1')
    expect(p['recvWindow']).toBe(3000)
    expect(typeof p['timestamp']).toBe('number')
    const verifier = createVerifier({ hmacSecret: HMAC_SECRET })
    expect(verifier.verify(signaturePayload(p), String(p['signature']))).toBe(true)
  })

  it('does not sign public methods', async () => {
    const { conn, server } = await connectTo((req) => ok(req, []))
    await conn.tickerPrice({ symbol: 'BTCUSDT' })
    expect(server.received.at(-1)!.params).toEqual({ symbol: 'BTCUSDT' })
  })

  it('gives every order a newClientOrderId and never mutates the caller params', async () => {
    const { conn, server } = await connectTo((req) => ok(req, {}))
    const params = { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '1' } as const
    await conn.orderPlace(params)
    expect(server.received.at(-1)!.params!['newClientOrderId']).toMatch(/^[A-Za-z0-9]{12,36}$/)
    expect(params).toEqual({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '1' })
  })

  it('rejects a request at once when the socket drops, and an order as outcome-unknown with its client id', async () => {
    const { conn, server } = await connectTo(
      (req, ws) => {
        if (req.method === 'order.place') ws.terminate()
        return undefined
      },
      { reconnectDelay: 60_000 },
    )
    const started = Date.now()
    const err = await conn
      .orderPlace({
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'MARKET',
        quantity: '1',
        newClientOrderId: 'mine-1',
      })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(OutcomeUnknownError)
    expect(err).toMatchObject({ clientOrderId: 'mine-1', symbol: 'BTCUSDT', method: 'order.place' })
    expect((err as Error).cause).toBeInstanceOf(ConnectionClosedError)
    expect(Date.now() - started).toBeLessThan(5000)
    expect(server.received.filter((r) => r.method === 'order.place')).toHaveLength(1)
  })

  it('rejects a non-order request with ConnectionClosedError when the socket drops', async () => {
    const { conn } = await connectTo(
      (req, ws) => {
        if (req.method === 'ping') ws.terminate()
        return undefined
      },
      { reconnectDelay: 60_000 },
    )
    await expect(conn.ping()).rejects.toBeInstanceOf(ConnectionClosedError)
  })

  it('rejects with RequestTimeoutError when no answer comes within the deadline', async () => {
    const { conn } = await connectTo(() => undefined)
    const err = await conn.ping(undefined, { timeout: 100 }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(RequestTimeoutError)
    expect(err).toMatchObject({ method: 'ping', timeoutMs: 100 })
  })

  it('rejects with RequestAbortedError when the caller aborts', async () => {
    const { conn, server } = await connectTo(() => undefined)
    const ac = new AbortController()
    const pending = conn.ping(undefined, { signal: ac.signal })
    await server.nextRequest()
    ac.abort()
    await expect(pending).rejects.toBeInstanceOf(RequestAbortedError)
  })

  it('routes user data events to the stream of their subscription id', async () => {
    const { conn } = await connectTo((req, ws) => {
      if (req.method === 'userDataStream.subscribe') {
        setImmediate(() => {
          ws.send(
            JSON.stringify({
              subscriptionId: 9,
              event: { e: 'balanceUpdate', E: 1, a: 'BTC', d: '1', T: 1 },
            }),
          )
          ws.send(
            JSON.stringify({
              subscriptionId: 7,
              event: { e: 'balanceUpdate', E: 2, a: 'ETH', d: '2', T: 2 },
            }),
          )
        })
        return ok(req, { subscriptionId: 7 })
      }
      return undefined
    })
    const { response, stream } = await conn.userDataStreamSubscribe()
    expect(response.data.subscriptionId).toBe(7)
    const iterator = stream[Symbol.asyncIterator]()
    const first = await iterator.next()
    expect(first.value).toMatchObject({ e: 'balanceUpdate', a: 'ETH' })
  })

  it('connect() to a closed port rejects with ConnectError', async () => {
    const api = new SpotWebsocketAPI({ wsURL: await closedPortUrl() })
    await expect(api.connect()).rejects.toBeInstanceOf(ConnectError)
  })

  it('connect() to a server that refuses the upgrade rejects with ConnectError naming the status', async () => {
    const http = createServer((_req, res) => res.writeHead(403).end())
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
    const port = (http.address() as AddressInfo).port
    const api = new SpotWebsocketAPI({ wsURL: `ws://127.0.0.1:${port}/ws-api/v3` })
    await expect(api.connect()).rejects.toThrow(/403/)
    await new Promise<void>((r) => http.close(() => r()))
  })

  it('rejects bad config with an error naming the option', () => {
    expect(() => new SpotWebsocketAPI({ timeout: -1 })).toThrow(InvalidParameterError)
    expect(() => new SpotWebsocketAPI({ recvWindow: 70_000 })).toThrow(/recvWindow/)
    expect(() => new SpotWebsocketAPI({ apiSecret: 'x' })).toThrow(/apiKey/)
    expect(() => new SpotWebsocketAPI({ apiKey: 'k', privateKey: 'not a pem' })).toThrow(/privateKey/)
  })

  it('keeps secrets out of inspect(), JSON and errors', async () => {
    const pem = ED25519.privateKeyPem
    const api = new SpotWebsocketAPI({ apiKey: 'k', privateKey: pem })
    const hmac = new SpotWebsocketAPI({ apiKey: 'k', apiSecret: HMAC_SECRET })
    const text =
      inspect(api, { depth: 10, showHidden: true }) +
      JSON.stringify(api) +
      inspect(hmac) +
      JSON.stringify(hmac)
    expect(text).not.toContain(HMAC_SECRET)
    expect(text).not.toContain(pem.split('\n')[1])
    const bad = (() => {
      try {
        return new SpotWebsocketAPI({ apiKey: 'k', privateKey: `${pem.slice(0, 60)}garbage` })
      } catch (e) {
        return e as Error
      }
    })()
    expect(String((bad as Error).message)).not.toContain(pem.slice(30, 60))
  })
})
