// User data events are checked for copies only where two sockets deliver the same stream (a renewal's overlap), and
// per stream: after a plain reconnect two identical events are both delivered, and two subscriptions' identical
// events are not merged. Against a scripted server; before, every reconnect opened a 60 s window in which an event
// whose JSON equalled one already seen on any stream was dropped. (The overlap's copies: renewal.test.ts.)
import { afterEach, describe, expect, it } from 'vitest'
import type { UserDataStream } from '../../../src/client/index.js'
import type { UserDataEvent } from '../../../src/protocol/events.js'
import { awaitReconnect, cleanup, connect } from '../../support/fault-kit.js'
import { deferred, ok, type Script } from '../../support/scripted-server.js'

afterEach(cleanup)

const DEPOSIT = { e: 'balanceUpdate', E: 7, a: 'USDT', d: '1.00000000', T: 7 } as const

/** Answers everything: subscriptions numbered from 1 across sockets; the `ping`s after `hold()` wait for `release`. */
function subscribingScript() {
  const release = deferred()
  let holding = false
  let subscription = 1
  const script: Script = (req) => {
    if (req.method.startsWith('userDataStream.subscribe')) return ok(req, { subscriptionId: subscription++ })
    if (req.method === 'ping' && holding) return release.promise.then(() => ok(req))
    return req.method === 'time' ? undefined : ok(req)
  }
  const hold = () => {
    holding = true
  }
  return { script, hold, release: () => release.resolve() }
}

/** Every event `stream` delivers, as it comes. */
function recorded(stream: UserDataStream): UserDataEvent[] {
  const seen: UserDataEvent[] = []
  stream.on('*', (e) => seen.push(e))
  return seen
}

describe('user data events after a reconnect', () => {
  it('a plain reconnect: two identical events on the new socket are both delivered', async () => {
    const { script } = subscribingScript()
    const h = await connect(script)
    const { server, conn } = h
    const { stream } = await conn.userDataStreamSubscribe()
    const seen = recorded(stream)
    server.send(server.connections[0]!, { subscriptionId: 1, event: DEPOSIT })
    await server.roundTrip(server.connections[0]!)

    const mark = h.status.mark()
    server.connections[0]!.terminate()
    await awaitReconnect(h, mark)
    expect(stream.subscriptionId).toBe(2)
    const fresh = server.connections[1]!
    server.send(fresh, { subscriptionId: 2, event: DEPOSIT })
    server.send(fresh, { subscriptionId: 2, event: DEPOSIT })
    await server.roundTrip(fresh)
    await new Promise((r) => setImmediate(r))
    expect(seen).toEqual([DEPOSIT, DEPOSIT, DEPOSIT])
  })

  it("a renewal's overlap: each stream drops its own copies only, not another subscription's identical event", async () => {
    const { script, hold, release } = subscribingScript()
    const h = await connect(script)
    const { server, conn, timers } = h
    const first = recorded((await conn.userDataStreamSubscribe()).stream)
    const second = recorded((await conn.userDataStreamSubscribeSignature()).stream)
    // A ping held on the old socket keeps it open (draining) while the new one serves.
    hold()
    const old = server.connections[0]!
    const inflight = conn.ping()
    await server.waitFor('ping')
    const mark = h.status.mark()
    server.send(old, { event: { e: 'serverShutdown', E: timers.now() } })
    await h.status.until((s) => s.state === 'open', mark)
    const fresh = server.connections[1]!

    // Old socket: subscriptions 1 and 2; new socket: 3 and 4. The same text on every one of them.
    for (const [ws, id] of [
      [old, 1],
      [old, 2],
      [fresh, 3],
      [fresh, 4],
    ] as const) {
      server.send(ws, { subscriptionId: id, event: DEPOSIT })
    }
    await server.roundTrip(old)
    await server.roundTrip(fresh)
    await new Promise((r) => setImmediate(r))
    expect(first).toEqual([DEPOSIT])
    expect(second).toEqual([DEPOSIT])
    release()
    await inflight
  })

  it('the copy of eventStreamTerminated on the new socket is not delivered again, but ends the stream', async () => {
    const { script, hold, release } = subscribingScript()
    const h = await connect(script)
    const { server, conn, timers } = h
    const { stream } = await conn.userDataStreamSubscribe()
    const seen = recorded(stream)
    hold()
    const old = server.connections[0]!
    const inflight = conn.ping()
    await server.waitFor('ping')
    const mark = h.status.mark()
    server.send(old, { event: { e: 'serverShutdown', E: timers.now() } })
    await h.status.until((s) => s.state === 'open', mark)
    const ended = { e: 'eventStreamTerminated', E: 9 }
    server.send(old, { subscriptionId: 1, event: ended })
    await server.roundTrip(old)
    expect(stream.isEnded).toBe(false)
    server.send(server.connections[1]!, { subscriptionId: 2, event: ended })
    await server.roundTrip(server.connections[1]!)
    expect(stream.isEnded).toBe(true)
    expect(seen).toEqual([ended])
    release()
    await inflight
  })
})
