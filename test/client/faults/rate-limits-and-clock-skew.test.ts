// Fault matrix rows 6–8: 429/418 with retryAfter, waiting for a REQUEST_WEIGHT window, -1021 clock skew.
import { afterEach, describe, expect, it } from 'vitest'
import { BinanceError, OutcomeUnknownError, RateLimitedError } from '../../../src/client/index.js'
import { createVerifier, signaturePayload } from '../../../src/protocol/signing.js'
import { cleanup, connect, isPending } from '../../support/fault-kit.js'
import { HMAC_SECRET } from '../../support/keys.js'
import { EPOCH } from '../../support/manual-timers.js'
import { rejectionOf } from '../../support/rejection.js'
import { countOf, fail, ok, type Script } from '../../support/scripted-server.js'

afterEach(cleanup)

const HOUR = 3_600_000
const ORDER = { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '1' } as const

describe.each([
  { status: 429, msg: 'Too much request weight used; current limit is 6000 request weight per 1 MINUTE.' },
  { status: 418, msg: 'Way too much request weight used; IP banned until 1735689630000.' },
])('fault: $status with retryAfter', ({ status, msg }) => {
  it('rejects with RateLimitedError(retryAfter), sends nothing until retryAfter, then sends again', async () => {
    let limited = true
    let retryAfter = 0
    const script: Script = (req) => {
      if (req.method === 'ping' && limited) {
        limited = false
        return fail(req, status, -1003, msg, { serverTime: h.timers.now(), retryAfter })
      }
      return ok(req)
    }
    // Liveness pings are pushed out of the way: only the ban matters here.
    const h = await connect(script, { pingInterval: HOUR })
    const { server, conn, timers } = h
    const ws = server.connections[0]!
    retryAfter = timers.now() + 30_000

    const limit = status === 418 ? 'IP ban (418)' : 'server 429'
    const err = await rejectionOf(conn.ping())
    expect(err).toBeInstanceOf(RateLimitedError)
    expect(err).toMatchObject({ method: 'ping', retryAfter, limit })
    expect(err.cause).toBeInstanceOf(BinanceError)
    expect(err.cause).toMatchObject({ code: -1003, status, msg })
    const sent = server.received.length

    // Until retryAfter nothing is sent, whatever the method; an order is not "outcome unknown": it never left.
    const local = await Promise.all([conn.ping(), conn.time(), conn.orderPlace(ORDER)].map(rejectionOf))
    for (const e of local) {
      expect(e).toBeInstanceOf(RateLimitedError)
      expect(e).toMatchObject({ retryAfter, limit, code: undefined, status: undefined })
    }
    expect(local[2]).not.toBeInstanceOf(OutcomeUnknownError)
    timers.advance(30_000 - 1)
    expect(await rejectionOf(conn.ping())).toBeInstanceOf(RateLimitedError)
    await server.roundTrip(ws)
    expect(server.received).toHaveLength(sent)

    timers.advance(1)
    await expect(conn.ping()).resolves.toMatchObject({ status: 200 })
    await expect(conn.orderPlace(ORDER)).resolves.toMatchObject({ status: 200 })
    expect(server.received.slice(sent).map((r) => r.method)).toEqual(['ping', 'order.place'])
    expect(server.connections).toHaveLength(1)
  })
})

/** A server counting REQUEST_WEIGHT per clock-aligned minute, limit 10, and reporting it in every answer. */
function weightServer(clock: () => number) {
  let window = -1
  let used = 0
  const weights: Record<string, number> = { ping: 1, time: 1, exchangeInfo: 20 }
  const script: Script = (req) => {
    const w = Math.floor(clock() / 60_000)
    if (w !== window) {
      window = w
      used = 0
    }
    used += weights[req.method] ?? 1
    const rateLimits = [
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 10, count: used },
    ]
    const result = req.method === 'time' ? { serverTime: clock() } : {}
    if (used > 10) return { ...fail(req, 429, -1003, 'Too much request weight used.'), rateLimits }
    return ok(req, result, rateLimits)
  }
  return script
}

describe('fault: REQUEST_WEIGHT window exhausted', () => {
  /** A client whose last answer reported REQUEST_WEIGHT 10/10 for the minute ending at EPOCH + 60 s. */
  async function exhausted(config: { rateLimitWait: boolean }) {
    let clock = () => EPOCH
    const h = await connect(
      weightServer(() => clock()),
      { ...config, pingInterval: HOUR },
    )
    clock = () => h.timers.now()
    h.timers.advanceTo(EPOCH + 55_000)
    for (let i = 0; i < 9; i++) await h.conn.ping() // + the connect-time `time` = 10
    return h
  }

  it('rateLimitWait: waits for the window reset instead of failing; the budget is learned from responses', async () => {
    const { server, conn, timers } = await exhausted({ rateLimitWait: true })
    expect(conn.rateLimitBudget()).toEqual([
      {
        rateLimitType: 'REQUEST_WEIGHT',
        interval: 'MINUTE',
        intervalNum: 1,
        limit: 10,
        count: 10,
        remaining: 0,
        resetsAt: EPOCH + 60_000,
      },
    ])

    const sent = server.received.length
    const waiting = conn.ping()
    timers.advanceTo(EPOCH + 60_000 - 1)
    await server.roundTrip(server.connections[0]!)
    expect(await isPending(waiting)).toBe(true)
    expect(server.received).toHaveLength(sent)

    timers.advance(1)
    await expect(waiting).resolves.toMatchObject({ status: 200 })
    expect(server.received).toHaveLength(sent + 1)
    expect(conn.rateLimitBudget()[0]).toMatchObject({ count: 1, remaining: 9, resetsAt: EPOCH + 120_000 })
    expect(countOf(server.received, 'ping')).toBe(10)
  })

  it('rateLimitWait: a wait longer than the request timeout is refused at once', async () => {
    const { server, conn } = await exhausted({ rateLimitWait: true })
    const sent = server.received.length
    const err = await rejectionOf(conn.ping(undefined, { timeout: 4_999 }))
    expect(err).toBeInstanceOf(RateLimitedError)
    expect(err).toMatchObject({ retryAfter: EPOCH + 60_000, limit: 'REQUEST_WEIGHT 10/1 MINUTE' })
    await server.roundTrip(server.connections[0]!)
    expect(server.received).toHaveLength(sent)
  })

  it('without rateLimitWait: rejects locally with RateLimitedError, sends nothing, works after the reset', async () => {
    const { server, conn, timers } = await exhausted({ rateLimitWait: false })
    const sent = server.received.length
    const err = await rejectionOf(conn.ping())
    expect(err).toBeInstanceOf(RateLimitedError)
    expect(err).toMatchObject({ retryAfter: EPOCH + 60_000, limit: 'REQUEST_WEIGHT 10/1 MINUTE' })
    await server.roundTrip(server.connections[0]!)
    expect(server.received).toHaveLength(sent)
    timers.advanceTo(EPOCH + 60_000)
    await expect(conn.ping()).resolves.toMatchObject({ status: 200 })
    expect(server.received).toHaveLength(sent + 1)
  })
})

describe('fault: -1021 timestamp outside the recvWindow (skewed server clock)', () => {
  function skewedServer(h: () => { now: number; skew: number }, opts: { always: boolean }) {
    const script: Script = (req) => {
      if (req.method !== 'account.status') return undefined
      const { now, skew } = h()
      const ts = Number(req.params?.['timestamp'])
      const serverNow = now + skew
      if (opts.always || ts < serverNow - 5000 || ts > serverNow + 1000)
        return fail(req, 400, -1021, 'Timestamp for this request is outside of the recvWindow.')
      return ok(req, { makerCommission: 15 })
    }
    return script
  }

  async function skewed(always: boolean) {
    let skew = 0
    let now = () => EPOCH
    const h = await connect(
      skewedServer(() => ({ now: now(), skew }), { always }),
      { pingInterval: HOUR },
      () => skew,
    )
    now = () => h.timers.now()
    skew = 7_000 // the server clock jumps 7 s ahead
    return h
  }

  it('resyncs the clock and retries once with a new timestamp and signature', async () => {
    const { server, conn, timers } = await skewed(false)
    expect(conn.serverTime()).toBe(timers.now())
    const from = server.received.length
    await expect(conn.accountStatus()).resolves.toMatchObject({ data: { makerCommission: 15 } })
    const sent = server.received.slice(from)
    expect(sent.map((r) => r.method)).toEqual(['account.status', 'time', 'account.status'])
    const [first, , retry] = sent
    expect(first!.params!['timestamp']).toBe(timers.now())
    expect(retry!.params!['timestamp']).toBe(timers.now() + 7_000)
    expect(retry!.params!['signature']).not.toBe(first!.params!['signature'])
    const verifier = createVerifier({ hmacSecret: HMAC_SECRET })
    for (const r of [first!, retry!]) {
      expect(verifier.verify(signaturePayload(r.params!), String(r.params!['signature']))).toBe(true)
    }
    expect(conn.serverTime()).toBe(timers.now() + 7_000)
    await expect(conn.accountStatus()).resolves.toMatchObject({ status: 200 })
    expect(server.received.slice(from).map((r) => r.method)).toEqual([
      'account.status',
      'time',
      'account.status',
      'account.status',
    ])
  })

  it('a second -1021 surfaces as BinanceError: exactly one retry, no loop', async () => {
    const { server, conn } = await skewed(true)
    const from = server.received.length
    const err = await rejectionOf(conn.accountStatus())
    expect(err).toBeInstanceOf(BinanceError)
    expect(err).toMatchObject({ code: -1021, status: 400, method: 'account.status' })
    await server.roundTrip(server.connections[0]!)
    expect(server.received.slice(from).map((r) => r.method)).toEqual([
      'account.status',
      'time',
      'account.status',
    ])
    await expect(conn.time()).resolves.toMatchObject({ status: 200 })
  })
})
