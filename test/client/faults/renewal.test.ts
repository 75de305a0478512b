// Fault matrix rows 4–5: serverShutdown and the 24 h renewal, both make-before-break with zero failed requests.
import { once } from 'node:events'
import { afterEach, describe, expect, it } from 'vitest'
import type { WebSocket } from 'ws'
import { cleanup, connect, type Harness, isPending } from '../../support/fault-kit.js'
import { deferred, ok, type Script } from '../../support/scripted-server.js'

afterEach(cleanup)

const HOUR = 3_600_000

/** Answers everything; the first `ping` is held until `release` resolves. */
function holdingScript() {
  const release = deferred()
  let held = false
  let subscription = 1
  const script: Script = (req) => {
    if (req.method === 'userDataStream.subscribe') return ok(req, { subscriptionId: subscription++ })
    if (req.method === 'ping' && !held) {
      held = true
      return release.promise.then(() => ok(req))
    }
    return ok(req)
  }
  return { script, release: () => release.resolve() }
}

/** The make-before-break guarantees once the fresh socket is open: routing, draining, no failures. */
async function expectMakeBeforeBreak(
  h: Harness,
  old: WebSocket,
  inflight: Promise<unknown>,
  release: () => void,
) {
  const { server, conn } = h
  const fresh = server.connections.at(-1)!
  expect(fresh).not.toBe(old)
  expect(server.sockets.has(old)).toBe(true)
  expect(await isPending(inflight)).toBe(true)

  // New requests go to the new socket while the old one still holds the in-flight request.
  const beforeOld = server.requestsOn(old).length
  await expect(conn.ping()).resolves.toMatchObject({ status: 200 })
  await expect(conn.exchangeInfo()).resolves.toMatchObject({ status: 200 })
  expect(server.requestsOn(old)).toHaveLength(beforeOld)
  expect(
    server
      .requestsOn(fresh)
      .slice(-2)
      .map((r) => r.method),
  ).toEqual(['ping', 'exchangeInfo'])

  // The in-flight request completes on the old socket, which then closes.
  const closed = once(old, 'close')
  release()
  await expect(inflight).resolves.toMatchObject({ status: 200 })
  const [code] = (await closed) as [number]
  expect(code).toBe(1000)
  expect(server.sockets.has(fresh)).toBe(true)
  expect(conn.isConnected()).toBe(true)
  await expect(conn.ping()).resolves.toMatchObject({ status: 200 })
}

/**
 * A client with a user data stream gets a serverShutdown notice on its socket (`old`); the replacement's clock sync is
 * answered once `held(old)` resolves.
 */
async function shutdownWithHeldTime(held: (first: WebSocket) => Promise<unknown>) {
  let subscription = 1
  let first: WebSocket | undefined
  const h = await connect(
    (req, ws) => {
      if (req.method === 'userDataStream.subscribe') return ok(req, { subscriptionId: subscription++ })
      first ??= ws
      if (req.method === 'time' && ws !== first) return held(first).then(() => ok(req, {}))
      return ok(req, {})
    },
    { pingInterval: HOUR },
  )
  await h.conn.userDataStreamSubscribe()
  const old = h.server.connections[0]!
  const mark = h.status.mark()
  h.server.send(old, { event: { e: 'serverShutdown', E: h.timers.now() } })
  await h.server.waitFor('time', 1)
  return { h, old, mark }
}

/** A client with a user data stream (its events in `seen`) and a ping held on its first socket (`old`). */
async function streamWithHeldPing() {
  const { script, release } = holdingScript()
  const h = await connect(script)
  const { stream } = await h.conn.userDataStreamSubscribe()
  const seen: unknown[] = []
  stream.on('*', (e) => seen.push(e))
  const old = h.server.connections[0]!
  const inflight = h.conn.ping()
  await h.server.waitFor('ping')
  return { h, release, stream, seen, old, inflight }
}

describe('fault: serverShutdown', () => {
  it('opens a new socket first, moves new requests to it, lets the in-flight one finish on the old one', async () => {
    const { h, release, stream, seen, old, inflight } = await streamWithHeldPing()
    const { server, conn, timers } = h
    const mark = h.status.mark()
    const shutdown = once(conn, 'serverShutdown')
    server.send(old, { event: { e: 'serverShutdown', E: timers.now() } })
    expect(await shutdown).toEqual([{ e: 'serverShutdown', E: timers.now() }])
    await h.status.until((s) => s.state === 'open', mark)
    expect(h.status.since(mark)).toEqual([
      { slot: 0, state: 'renewing', reason: 'serverShutdown' },
      { slot: 0, state: 'open' },
    ])
    const fresh = server.connections[1]!
    expect(server.requestsOn(fresh).map((r) => r.method)).toEqual(['time', 'userDataStream.subscribe'])
    expect(stream.subscriptionId).toBe(2)

    // While both sockets are subscribed, an event arriving on both is delivered once.
    const event = { e: 'balanceUpdate', E: 7, a: 'BTC', d: '1', T: 7 }
    server.send(old, { subscriptionId: 1, event })
    server.send(fresh, { subscriptionId: 2, event })
    await server.roundTrip(old)
    await server.roundTrip(fresh)
    await new Promise((r) => setImmediate(r))
    expect(seen).toEqual([event])
    // Two genuine identical events come twice on each socket: both are delivered, their copies are not.
    const twice = { e: 'balanceUpdate', E: 8, a: 'BTC', d: '1', T: 8 }
    for (const ws of [fresh, fresh, old, old])
      server.send(ws, { subscriptionId: ws === old ? 1 : 2, event: twice })
    await server.roundTrip(old)
    await server.roundTrip(fresh)
    await new Promise((r) => setImmediate(r))
    expect(seen).toEqual([event, twice, twice])

    await expectMakeBeforeBreak(h, old, inflight, release)
    expect(server.connections).toHaveLength(2)
    expect(h.gaps.items).toEqual([])
    expect(h.status.since(mark).map((s) => s.state)).toEqual(['renewing', 'open'])
  })

  it('eventStreamTerminated on the old socket after the new one took over does not end the stream', async () => {
    const { h, release, stream, seen, old, inflight } = await streamWithHeldPing()
    const { server, timers } = h
    const mark = h.status.mark()
    server.send(old, { event: { e: 'serverShutdown', E: timers.now() } })
    await h.status.until((s) => s.state === 'open', mark)
    const fresh = server.connections[1]!
    const ended = { e: 'eventStreamTerminated', E: 6 }
    server.send(old, { subscriptionId: 1, event: ended })
    await server.roundTrip(old)
    expect(stream.isEnded).toBe(false)
    const event = { e: 'balanceUpdate', E: 7, a: 'BTC', d: '1', T: 7 }
    server.send(fresh, { subscriptionId: 2, event })
    await server.roundTrip(fresh)
    expect(seen).toEqual([ended, event])
    // On the socket it lives on now, the event ends it.
    server.send(fresh, { subscriptionId: 2, event: { ...ended, E: 8 } })
    await server.roundTrip(fresh)
    expect(stream.isEnded).toBe(true)
    release()
    await inflight
  })

  it("an event held on the old socket for an id it never answered is not given to the new socket's stream of that id", async () => {
    const { script, release } = holdingScript()
    const h = await connect(script)
    const { server, conn, timers } = h
    const { stream } = await conn.userDataStreamSubscribe()
    const seen: unknown[] = []
    stream.on('*', (e) => seen.push(e))
    const old = server.connections[0]!
    // Subscription ids are per socket: id 2 on the old socket is not the stream the new socket will call 2.
    const stray = { e: 'balanceUpdate', E: 5, a: 'ETH', d: '9', T: 5 }
    server.send(old, { subscriptionId: 2, event: stray })
    await server.roundTrip(old)

    const mark = h.status.mark()
    server.send(old, { event: { e: 'serverShutdown', E: timers.now() } })
    await h.status.until((s) => s.state === 'open', mark)
    expect(stream.subscriptionId).toBe(2)
    const fresh = server.connections[1]!
    const event = { e: 'balanceUpdate', E: 7, a: 'BTC', d: '1', T: 7 }
    server.send(fresh, { subscriptionId: 2, event })
    await server.roundTrip(fresh)
    expect(seen).toEqual([event])
    release()
  })
  it('the server closes the old socket right after the notice: the new socket takes over, no reconnect delay', async () => {
    // The replacement's clock sync is answered only once the old socket is gone.
    const { h, old, mark } = await shutdownWithHeldTime((first) => once(first, 'close'))
    const { server, conn, timers } = h
    old.close(1001, 'going away')
    await h.status.until((s) => s.state === 'open', mark)
    expect(h.status.since(mark).map((s) => s.state)).toEqual(['renewing', 'reconnecting', 'open'])
    const gap = await h.gaps.until(() => true)
    expect(gap).toMatchObject({ streams: 1 })
    await expect(conn.ping()).resolves.toMatchObject({ status: 200 })
    expect(server.connections).toHaveLength(2)
    expect(server.requestsOn(server.connections[1]!).map((r) => r.method)).toEqual([
      'time',
      'userDataStream.subscribe',
      'ping',
    ])
    // The pending reconnect was cancelled: advancing the clock opens nothing more.
    timers.advance(60_000)
    await server.roundTrip(server.connections[1]!)
    expect(server.upgrades).toBe(2)
    expect(h.status.since(mark).map((s) => s.state)).toEqual(['renewing', 'reconnecting', 'open'])
  })
})

describe('fault: serverShutdown, the old socket closing during the renewal', () => {
  it('reports a gap when the old socket stopped before the new one was subscribed, though its close is not over', async () => {
    const timeAnswer = deferred()
    const { h, old, mark } = await shutdownWithHeldTime(() => timeAnswer.promise)
    const { server, timers } = h
    // The server sends its close frame (it pushes no event on `old` after it) and reads no answer to it: the client's
    // socket is closing, not closed, when the new one is ready.
    server.pauseReads(old)
    old.close(1001, 'going away')
    timeAnswer.resolve()
    await h.status.until((s) => s.state === 'open', mark)
    expect(h.status.since(mark).map((s) => s.state)).toEqual(['renewing', 'open'])
    expect(server.requestsOn(server.connections[1]!).map((r) => r.method)).toEqual([
      'time',
      'userDataStream.subscribe',
    ])
    expect(h.gaps.items).toEqual([{ from: timers.now(), to: timers.now(), streams: 1 }])
  })
})

describe('fault: 24 h renewal', () => {
  it('replaces the socket at renewAfter on the manual clock, make-before-break, and again a period later', async () => {
    const { script, release } = holdingScript()
    // Liveness pings are pushed out of the way: only the renewal timer matters here.
    const h = await connect(script, { renewAfter: 23 * HOUR, pingInterval: 48 * HOUR })
    const { server, conn, timers } = h
    const old = server.connections[0]!

    timers.advance(23 * HOUR - 1)
    expect(h.status.items).toEqual([])
    const inflight = conn.ping()
    await server.waitFor('ping')
    const mark = h.status.mark()
    timers.advance(1)
    expect(h.status.since(mark)).toEqual([{ slot: 0, state: 'renewing', reason: 'max age' }])
    await h.status.until((s) => s.state === 'open', mark)
    await expectMakeBeforeBreak(h, old, inflight, release)
    expect(h.status.since(mark).map((s) => s.state)).toEqual(['renewing', 'open'])

    // The next renewal is due renewAfter after the new socket opened; an idle socket closes at once.
    const second = server.connections[1]!
    const mark2 = h.status.mark()
    timers.advance(23 * HOUR - 1)
    expect(h.status.since(mark2)).toEqual([])
    const closed = server.closed(second)
    timers.advance(1)
    await h.status.until((s) => s.state === 'open', mark2)
    await closed
    expect(server.connections).toHaveLength(3)
    await expect(conn.time()).resolves.toMatchObject({ status: 200 })
  })

  it('keeps serving on the old socket when the renewal cannot connect, and retries after a backoff delay', async () => {
    const h = await connect((req) => ok(req), { renewAfter: 23 * HOUR, pingInterval: 48 * HOUR })
    const { server, conn, timers } = h
    const old = server.connections[0]!
    server.refuseWith = 503
    const mark = h.status.mark()
    timers.advance(23 * HOUR)
    const retry = await h.status.until((s) => s.state === 'renewing' && s.retryIn !== undefined, mark)
    if (retry.state !== 'renewing' || retry.retryIn === undefined) throw new Error('unreachable')
    expect(retry.reason).toMatch(/^max age: .*503/)
    await expect(conn.ping()).resolves.toMatchObject({ status: 200 })
    expect(server.requestsOn(old).at(-1)?.method).toBe('ping')

    server.refuseWith = undefined
    const closed = server.closed(old)
    timers.advance(retry.retryIn)
    await h.status.until((s) => s.state === 'open', mark)
    await closed
    expect(server.upgrades).toBe(3)
    expect(h.status.since(mark).map((s) => s.state)).toEqual(['renewing', 'renewing', 'renewing', 'open'])
    await expect(conn.ping()).resolves.toMatchObject({ status: 200 })
    expect(server.requestsOn(server.connections[1]!).at(-1)?.method).toBe('ping')
  })
})
