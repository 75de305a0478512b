// Fault matrix row 14: pool mode routes to the least busy socket; the session and streams move when the primary dies.
import { afterEach, describe, expect, it } from 'vitest'
import type { WebSocket } from 'ws'
import { ConnectionClosedError } from '../../../src/client/index.js'
import { awaitReconnect, cleanup, connect } from '../../support/fault-kit.js'
import { ED25519 } from '../../support/keys.js'
import { rejectionOf } from '../../support/rejection.js'
import { countOf, deferred, ok, type Received, type Script } from '../../support/scripted-server.js'

afterEach(cleanup)

const methods = (list: Received[]) => list.map((r) => r.method)

describe('fault: pool mode', () => {
  it('sends to the least busy socket; when the primary dies, logs on and re-subscribes on the other, with a gap event', async () => {
    let holdPingsOn: WebSocket | undefined
    let subscription = 1
    const script: Script = (req, ws) => {
      if (req.method === 'session.logon') return ok(req, { apiKey: 'key-1' })
      if (req.method === 'userDataStream.subscribe') return ok(req, { subscriptionId: subscription++ })
      if (req.method === 'ping' && ws === holdPingsOn) return new Promise<undefined>(() => {})
      return ok(req)
    }
    const h = await connect(script, { mode: 'pool', poolSize: 2, privateKey: ED25519.privateKeyPem })
    const { server, conn, timers } = h
    expect(server.connections).toHaveLength(2)

    // The session and the stream live on the primary socket.
    await conn.sessionLogon()
    const { stream } = await conn.userDataStreamSubscribe()
    const primary = server.connections.find((ws) => countOf(server.requestsOn(ws), 'session.logon') === 1)!
    const other = server.connections.find((ws) => ws !== primary)!
    expect(methods(server.requestsOn(primary))).toEqual(['time', 'session.logon', 'userDataStream.subscribe'])
    expect(methods(server.requestsOn(other))).toEqual([])

    // Least busy: with the primary holding an unanswered request, new requests go to the other socket.
    holdPingsOn = primary
    const stuck = conn.ping()
    await server.waitFor('ping')
    expect(countOf(server.requestsOn(primary), 'ping')).toBe(1)
    await conn.ping()
    await conn.ping()
    await conn.exchangeInfo()
    expect(methods(server.requestsOn(other))).toEqual(['ping', 'ping', 'exchangeInfo'])
    expect(countOf(server.requestsOn(primary), 'ping')).toBe(1)

    // The primary dies: its request fails at once; session and stream move to the surviving socket.
    const mark = h.status.mark()
    const from = server.requestsOn(other).length
    const diedAt = timers.now()
    primary.terminate()
    expect(await rejectionOf(stuck)).toBeInstanceOf(ConnectionClosedError)
    const gap = await h.gaps.until(() => true)
    expect(gap).toEqual({ from: diedAt, to: diedAt, streams: 1 })
    expect(methods(server.requestsOn(other).slice(from))).toEqual([
      'session.logon',
      'userDataStream.subscribe',
    ])
    expect(stream.subscriptionId).toBe(2)
    const events: unknown[] = []
    stream.on('*', (e) => events.push(e))
    const event = { e: 'balanceUpdate', E: 3, a: 'BTC', d: '1', T: 3 }
    server.send(other, { subscriptionId: 2, event })
    await conn.sessionStatus()
    await new Promise((r) => setImmediate(r))
    expect(events).toEqual([event])
    expect(methods(server.requestsOn(other)).at(-1)).toBe('session.status')

    // The dead slot comes back as a plain socket: no second logon, no second subscription, no second gap.
    await awaitReconnect(h, mark, 0)
    const back = server.connections[2]!
    expect(methods(server.requestsOn(back))).toEqual([])
    holdPingsOn = undefined
    const pingsOnOther = countOf(server.requestsOn(other), 'ping')
    await Promise.all([conn.ping(), conn.ping()]) // one per socket: both idle, then the other is busier
    expect(methods(server.requestsOn(back))).toEqual(['ping'])
    expect(countOf(server.requestsOn(other), 'ping')).toBe(pingsOnOther + 1)
    expect(countOf(server.received, 'session.logon')).toBe(2)
    expect(countOf(server.received, 'userDataStream.subscribe')).toBe(2)
    expect(h.gaps.items).toHaveLength(1)
  })
})

describe('fault: pool mode, the primary dies while the other slot renews', () => {
  it('the streams moved to the renewing slot follow it to its new socket instead of dying with the old one', async () => {
    let subscription = 1
    const initial = new Set<WebSocket>()
    const held = deferred()
    const script: Script = (req, ws) => {
      if (req.method === 'userDataStream.subscribe') return ok(req, { subscriptionId: subscription++ })
      // A socket opened after the first two: its logon waits, so its slot's renewal stays under way.
      if (req.method === 'session.logon' && initial.size && !initial.has(ws)) {
        return held.promise.then(() => ok(req, { apiKey: 'key-1' }))
      }
      if (req.method === 'session.logon') return ok(req, { apiKey: 'key-1' })
      return ok(req)
    }
    const h = await connect(script, {
      mode: 'pool',
      poolSize: 2,
      privateKey: ED25519.privateKeyPem,
      autoSessionLogon: true,
    })
    const { server, conn, timers } = h
    for (const ws of server.connections) initial.add(ws)
    const { stream } = await conn.userDataStreamSubscribe()
    const events: unknown[] = []
    stream.on('*', (e) => events.push(e))
    const primary = server.connections.find(
      (ws) => countOf(server.requestsOn(ws), 'userDataStream.subscribe') === 1,
    )!
    const other = server.connections.find((ws) => ws !== primary)!

    const beforeRenewal = server.received.length
    server.send(other, { event: { e: 'serverShutdown', E: timers.now() } })
    await server.waitFor('session.logon', beforeRenewal)
    const fresh = server.connections[2]!

    // The primary dies mid-renewal: the stream moves to the other slot's old socket (the only open one).
    primary.terminate()
    await h.gaps.until(() => true)
    expect(countOf(server.requestsOn(other), 'userDataStream.subscribe')).toBe(1)

    // The renewal completes and the old socket drains and closes: the stream must be on the new socket.
    const oldClosed = server.closed(other)
    const beforeRelease = server.received.length
    held.resolve()
    await oldClosed
    await server.waitFor('userDataStream.subscribe', beforeRelease)
    expect(countOf(server.requestsOn(fresh), 'userDataStream.subscribe')).toBe(1)
    const event = { e: 'balanceUpdate', E: 9, a: 'BTC', d: '2', T: 9 }
    server.send(fresh, { subscriptionId: stream.subscriptionId, event })
    await conn.ping()
    await server.roundTrip(fresh)
    expect(events).toEqual([event])
  })
})
