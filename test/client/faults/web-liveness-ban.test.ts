// Where the runtime's WebSocket cannot send ping frames (browsers, Deno, Bun, Workers), liveness sends the `ping`
// method. It goes through the rate limits: not sent during a 418/429 block or while a window is full (the socket is
// then not declared dead for want of an answer), and counted in the local REQUEST_WEIGHT like any call. Run in Node
// on the Node wire with its ping frames taken away, which is what selects the request-based liveness. Before, those
// pings went out during a ban and were not counted.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { RateLimitedError } from '../../../src/client/index.js'
import { nodePlatform } from '../../../src/client/node-platform.js'
import { usePlatform } from '../../../src/client/platform.js'
import type { Wire } from '../../../src/client/wire.js'
import { cleanup, connect } from '../../support/fault-kit.js'
import { rejectionOf } from '../../support/rejection.js'
import { countOf, fail, ok, type Script } from '../../support/scripted-server.js'

/** The Node wire as the standard WebSocket's: no ping frames. */
const noPingFrames = {
  ...nodePlatform,
  connectWire: async (...args: Parameters<typeof nodePlatform.connectWire>): Promise<Wire> => {
    const w = await nodePlatform.connectWire(...args)
    return {
      get isOpen() {
        return w.isOpen
      },
      send: (text, done) => w.send(text, done),
      ping: undefined,
      close: (code, reason) => w.close(code, reason),
      terminate: () => w.terminate(),
    }
  },
}

beforeEach(() => usePlatform(noPingFrames))
afterEach(async () => {
  await cleanup()
  usePlatform(nodePlatform)
})

const ORDER = { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '1' } as const
const LIVENESS = { pingInterval: 500, pongTimeout: 300 }

describe('request-based liveness and the rate limits', () => {
  it('sends no `ping` request during a 418 ban, keeps the socket, and probes again once the ban is over', async () => {
    let retryAfter = 0
    const script: Script = (req) =>
      req.method === 'order.place'
        ? fail(req, 418, -1003, 'Way too much request weight used; IP banned.', { retryAfter })
        : ok(req)
    const h = await connect(script, LIVENESS)
    const ws = h.server.connections[0]!
    retryAfter = h.timers.now() + 4000
    expect(await rejectionOf(h.conn.orderPlace(ORDER))).toBeInstanceOf(RateLimitedError)
    const pings = countOf(h.server.received, 'ping')

    // One advance: the liveness checks fall in it with no frame in between (a round trip is traffic, seen).
    h.timers.advance(3900)
    await h.server.roundTrip(ws)
    expect(countOf(h.server.received, 'ping')).toBe(pings)
    expect(h.status.items.filter((s) => s.state === 'reconnecting')).toEqual([])

    h.timers.advance(600)
    await h.server.waitFor('ping')
    expect(countOf(h.server.received, 'ping')).toBe(pings + 1)
    expect(h.server.connections).toHaveLength(1)
  })

  it('counts the `ping` request in the local REQUEST_WEIGHT (the server counts it)', async () => {
    const limits = (count: number) => [
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000, count },
    ]
    // Answers carry the usage; the liveness `ping` is left unanswered so only the local count can change.
    const script: Script = (req) => (req.method === 'ping' ? undefined : ok(req, {}, limits(5)))
    const h = await connect(script, LIVENESS)
    await h.conn.exchangeInfo()
    expect(h.conn.rateLimitBudget()[0]).toMatchObject({ count: 5 })
    const from = h.server.received.length
    h.timers.advance(500)
    await h.server.waitFor('ping', from)
    expect(h.conn.rateLimitBudget()[0]).toMatchObject({ count: 6 })
  })
})
