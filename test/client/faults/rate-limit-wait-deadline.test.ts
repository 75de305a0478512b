// rateLimitWait: the wait for rate-limit room counts against the call's own deadline. The request is sent with what
// is left (its "no response within" says that), and a wait that turns out to outlast the deadline (the ban grew while
// waiting) fails the call without sending. Against a scripted server on a manual clock; before, the request was sent
// after the wait with its full timeout again (settling at wait + timeout) and was sent whatever the ban had become.
import { afterEach, describe, expect, it } from 'vitest'
import { OutcomeUnknownError, RateLimitedError } from '../../../src/client/index.js'
import { cleanup, connect, isPending } from '../../support/fault-kit.js'
import { rejectionOf } from '../../support/rejection.js'
import { countOf, deferred, fail, ok, type Script } from '../../support/scripted-server.js'

afterEach(cleanup)

const HOUR = 3_600_000
const ORDER = { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '1' } as const
const MSG = 'Too much request weight used; current limit is 6000 request weight per 1 MINUTE.'

describe('rateLimitWait: the wait is part of the call deadline', () => {
  it('after a 429, an order waits 1500 ms and is sent with the 500 ms left of its 2000 ms timeout', async () => {
    let retryAfter = 0
    const script: Script = (req) => {
      if (req.method === 'ping') return fail(req, 429, -1003, MSG, { retryAfter })
      if (req.method === 'order.place') return undefined // never answered
      return ok(req)
    }
    const h = await connect(script, { rateLimitWait: true, pingInterval: HOUR })
    retryAfter = h.timers.now() + 1500
    expect(await rejectionOf(h.conn.ping())).toBeInstanceOf(RateLimitedError)

    const from = h.server.received.length
    const placing = h.conn.orderPlace(ORDER, { timeout: 2000 })
    h.timers.advance(1500)
    await h.server.waitFor('order.place', from)
    h.timers.advance(499)
    expect(await isPending(placing)).toBe(true)
    h.timers.advance(1)
    expect(await isPending(placing)).toBe(false)
    const err = await rejectionOf(placing)
    expect(err).toBeInstanceOf(OutcomeUnknownError)
    expect(err.message).toContain('no response within 500 ms')
    expect(countOf(h.server.received, 'order.place')).toBe(1)
  })

  it('a ban that grows past the deadline during the wait fails the call without sending it', async () => {
    let retryAfter = 0
    const held = deferred()
    const script: Script = (req) => {
      if (req.method === 'ping') return fail(req, 429, -1003, MSG, { retryAfter })
      // A request sent before the ban, answered during the wait with a later retryAfter.
      if (req.method === 'account.status')
        return held.promise.then(() => fail(req, 429, -1003, MSG, { retryAfter }))
      if (req.method === 'order.place') return ok(req, { orderId: 1, status: 'NEW' })
      return ok(req)
    }
    const h = await connect(script, { rateLimitWait: true, pingInterval: HOUR })
    const from = h.server.received.length
    const early = rejectionOf(h.conn.accountStatus())
    await h.server.waitFor('account.status', from)
    retryAfter = h.timers.now() + 1500
    expect(await rejectionOf(h.conn.ping())).toBeInstanceOf(RateLimitedError)

    const placing = h.conn.orderPlace(ORDER, { timeout: 2000 })
    h.timers.advance(1000)
    retryAfter = h.timers.now() + 3000
    held.resolve()
    expect(await early).toBeInstanceOf(RateLimitedError)
    h.timers.advance(500)
    const err = await rejectionOf(placing)
    expect(err).toBeInstanceOf(RateLimitedError)
    expect(err).toMatchObject({ method: 'order.place', retryAfter, limit: 'server 429' })
    await h.server.roundTrip(h.server.connections[0]!)
    expect(countOf(h.server.received, 'order.place')).toBe(0)
  })
})
