// Fault matrix row 15: AbortSignal on any request (in flight, before sending, while pacing, while reconciling); statusChanges().
import { afterEach, describe, expect, it } from 'vitest'
import { type ConnectionStatus, OutcomeUnknownError, RequestAbortedError } from '../../../src/client/index.js'
import { EventRecorder } from '../../support/event-recorder.js'
import { cleanup, connect, isPending } from '../../support/fault-kit.js'
import { EPOCH } from '../../support/manual-timers.js'
import { rejectionOf } from '../../support/rejection.js'
import { countOf, ok, type Script } from '../../support/scripted-server.js'

afterEach(cleanup)

const ORDER = { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '1' } as const
const silentOn =
  (...methods: string[]): Script =>
  (req) =>
    methods.includes(req.method) ? undefined : ok(req)

describe('fault: AbortSignal', () => {
  it('aborts a request in flight with RequestAbortedError; the socket keeps working', async () => {
    const { server, conn } = await connect(silentOn('ping'))
    const ac = new AbortController()
    const pending = conn.ping(undefined, { signal: ac.signal })
    await server.waitFor('ping')
    ac.abort(new Error('user gave up'))
    const err = await rejectionOf(pending)
    expect(err).toBeInstanceOf(RequestAbortedError)
    expect(err).toMatchObject({ method: 'ping' })
    expect((err.cause as Error).message).toBe('user gave up')
    await expect(conn.time()).resolves.toMatchObject({ status: 200 })
    expect(countOf(server.received, 'ping')).toBe(1)
  })

  it('aborts an order in flight with RequestAbortedError whose cause carries the generated client order id', async () => {
    const { server, conn } = await connect(silentOn('order.place'))
    const ac = new AbortController()
    const pending = conn.orderPlace(ORDER, { signal: ac.signal })
    const sent = await server.waitFor('order.place')
    ac.abort()
    const err = await rejectionOf(pending)
    expect(err).toBeInstanceOf(RequestAbortedError)
    expect(err.cause).toBeInstanceOf(OutcomeUnknownError)
    expect(err.cause).toMatchObject({ clientOrderId: sent.params?.['newClientOrderId'], symbol: 'BTCUSDT' })
    expect(countOf(server.received, 'order.place')).toBe(1)
  })

  it('an already aborted signal sends nothing', async () => {
    const { server, conn } = await connect(silentOn())
    const sent = server.received.length
    const err = await rejectionOf(conn.orderPlace(ORDER, { signal: AbortSignal.abort() }))
    expect(err).toBeInstanceOf(RequestAbortedError)
    expect(err).toMatchObject({ method: 'order.place' })
    await server.roundTrip(server.connections[0]!)
    expect(server.received).toHaveLength(sent)
  })

  it('aborts a request waiting for rate-limit capacity; nothing is sent', async () => {
    const limits = [
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 5, count: 5 },
    ]
    const { server, conn, timers } = await connect((req) => ok(req, { serverTime: EPOCH }, limits), {
      rateLimitWait: true,
      pingInterval: 3_600_000,
    })
    timers.advanceTo(EPOCH + 55_000)
    expect(conn.rateLimitBudget()[0]).toMatchObject({ remaining: 0 })
    const sent = server.received.length
    const timersBefore = timers.pending
    const ac = new AbortController()
    const waiting = conn.ping(undefined, { signal: ac.signal })
    expect(await isPending(waiting)).toBe(true)
    expect(timers.pending).toBe(timersBefore + 1)
    ac.abort()
    const err = await rejectionOf(waiting)
    expect(err).toBeInstanceOf(RequestAbortedError)
    expect(err).toMatchObject({ method: 'ping' })
    expect(timers.pending).toBe(timersBefore) // the wait's timer is cancelled
    timers.advanceTo(EPOCH + 60_000)
    await server.roundTrip(server.connections[0]!)
    expect(server.received).toHaveLength(sent)
  })

  it('aborts resolveOrderOutcome while it waits out the recvWindow; nothing is queried', async () => {
    const { server, conn } = await connect(silentOn('order.place'))
    const placing = conn.orderPlace(ORDER, { timeout: 1_000 })
    await server.waitFor('order.place')
    const ac = new AbortController()
    server.connections[0]!.terminate()
    const unknown = (await rejectionOf(placing)) as OutcomeUnknownError
    const resolving = conn.resolveOrderOutcome(unknown, { signal: ac.signal })
    expect(await isPending(resolving)).toBe(true)
    ac.abort()
    const err = await rejectionOf(resolving)
    expect(err).toBeInstanceOf(RequestAbortedError)
    expect(err).toMatchObject({ method: 'resolveOrderOutcome' })
    expect(countOf(server.received, 'order.status')).toBe(0)
  })

  it('statusChanges() yields typed status events and ends when its signal aborts', async () => {
    const h = await connect((req) => ok(req))
    const ac = new AbortController()
    const seen = new EventRecorder<ConnectionStatus>()
    const done = (async () => {
      for await (const s of h.conn.statusChanges(ac.signal)) seen.push(s)
      return 'ended'
    })()
    h.server.connections[0]!.terminate()
    const rec = await seen.until((s) => s.state === 'reconnecting')
    if (rec.state !== 'reconnecting') throw new Error('unreachable')
    expect(rec).toMatchObject({ slot: 0, attempt: 1, code: 1006 })
    h.timers.advance(rec.delay)
    await seen.until((s) => s.state === 'open')
    expect(seen.items.map((s) => s.state)).toEqual(['reconnecting', 'connecting', 'open'])
    ac.abort()
    await expect(done).resolves.toBe('ended')
    await h.conn.disconnect()
    expect(seen.items).toHaveLength(3)
  })
})
