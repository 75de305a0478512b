// The -1021 resync and its one retry stay within the call's own deadline and signal: the resync's `time` requests get
// what is left of it, the retry gets the rest (and is not sent once it has passed), and a resync that fails leaves
// the call with the -1021 BinanceError it got (nothing executed), never a `time` timeout. Against a scripted server
// on a manual clock; before, the resync took the config's timeout and the retry a fresh deadline of its own.
import { afterEach, describe, expect, it } from 'vitest'
import {
  BinanceError,
  OutcomeUnknownError,
  RequestAbortedError,
  RequestTimeoutError,
} from '../../../src/client/index.js'
import { cleanup, connect, isPending } from '../../support/fault-kit.js'
import { rejectionOf } from '../../support/rejection.js'
import { countOf, deferred, fail, ok, type Script } from '../../support/scripted-server.js'

afterEach(cleanup)

const HOUR = 3_600_000
const ORDER = { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '1' } as const
const SKEW = 'Timestamp for this request is outside of the recvWindow.'

/**
 * A server that refuses the first order.place with -1021, holds every `time` after the connect's until `answerTime`,
 * and leaves the second order.place unanswered.
 */
async function skewed() {
  const times = deferred()
  let timeRequests = 0
  let orders = 0
  const script: Script = (req) => {
    if (req.method === 'time') {
      timeRequests += 1
      return timeRequests === 1
        ? undefined
        : times.promise.then(() => ok(req, { serverTime: h.timers.now() }))
    }
    if (req.method === 'order.place') {
      orders += 1
      return orders === 1 ? fail(req, 400, -1021, SKEW) : undefined
    }
    return ok(req)
  }
  const h = await connect(script, { pingInterval: HOUR })
  return { h, answerTime: () => times.resolve() }
}

/** Sends the order and waits until its resync's `time` request reached the server. */
async function orderInResync(h: Awaited<ReturnType<typeof skewed>>['h'], options: object) {
  const from = h.server.received.length
  const placing = h.conn.orderPlace(ORDER, options)
  await h.server.waitFor('time', from)
  return { placing }
}

describe('-1021: the resync and the retry within the call deadline', () => {
  it("time unanswered: the call fails at its own deadline with the -1021 BinanceError; the order isn't re-sent", async () => {
    const { h, answerTime } = await skewed()
    const { placing } = await orderInResync(h, { timeout: 1000 })
    h.timers.advance(999)
    expect(await isPending(placing)).toBe(true)
    h.timers.advance(1)
    expect(await isPending(placing)).toBe(false)
    const err = await rejectionOf(placing)
    expect(err).toBeInstanceOf(BinanceError)
    expect(err).not.toBeInstanceOf(RequestTimeoutError)
    expect(err).toMatchObject({ code: -1021, status: 400, method: 'order.place' })

    answerTime()
    await h.server.roundTrip(h.server.connections[0]!)
    expect(countOf(h.server.received, 'order.place')).toBe(1)
    await expect(h.conn.ping()).resolves.toMatchObject({ status: 200 })
  })

  it('the retry gets what is left of the deadline, not a fresh one', async () => {
    const { h, answerTime } = await skewed()
    const { placing } = await orderInResync(h, { timeout: 1000 })
    h.timers.advance(600)
    const from = h.server.received.length
    answerTime()
    await h.server.waitFor('order.place', from)
    h.timers.advance(399)
    expect(await isPending(placing)).toBe(true)
    h.timers.advance(1)
    expect(await isPending(placing)).toBe(false)
    const err = await rejectionOf(placing)
    expect(err).toBeInstanceOf(OutcomeUnknownError)
    expect(err.message).toContain('no response within 400 ms')
    expect(countOf(h.server.received, 'order.place')).toBe(2)
  })

  it('aborted during the resync: RequestAbortedError whose cause is the -1021; nothing re-sent', async () => {
    const { h, answerTime } = await skewed()
    const abort = new AbortController()
    const { placing } = await orderInResync(h, { signal: abort.signal })
    abort.abort()
    expect(await isPending(placing)).toBe(false)
    const err = await rejectionOf(placing)
    expect(err).toBeInstanceOf(RequestAbortedError)
    expect(err).toMatchObject({ method: 'order.place' })
    expect(err.cause).toBeInstanceOf(BinanceError)
    expect(err.cause).toMatchObject({ code: -1021 })

    answerTime()
    await h.server.roundTrip(h.server.connections[0]!)
    expect(countOf(h.server.received, 'order.place')).toBe(1)
  })

  it('the socket lost during the resync: the -1021 BinanceError, not a closed or unknown outcome', async () => {
    const { h } = await skewed()
    const { placing } = await orderInResync(h, {})
    h.server.connections[0]!.terminate()
    const err = await rejectionOf(placing)
    expect(err).toBeInstanceOf(BinanceError)
    expect(err).toMatchObject({ code: -1021, method: 'order.place' })
    expect(countOf(h.server.received, 'order.place')).toBe(1)
  })
})
