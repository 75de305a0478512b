// Fault matrix rows 10–12: logon refused, connect failures of every kind, disconnect() during a reconnect.
import { once } from 'node:events'
import { afterEach, describe, expect, it } from 'vitest'
import {
  BinanceError,
  ConnectError,
  ConnectionClosedError,
  NotConnectedError,
  RequestTimeoutError,
  SpotWebsocketAPI,
} from '../../../src/client/index.js'
import {
  cleanup,
  clientFor,
  closedPortUrl,
  connect,
  isPending,
  startServer,
} from '../../support/fault-kit.js'
import { ED25519 } from '../../support/keys.js'
import { ManualTimers } from '../../support/manual-timers.js'
import { rejectionOf } from '../../support/rejection.js'
import { fail, ok, type Script, type ScriptedServer } from '../../support/scripted-server.js'

afterEach(cleanup)

/** Everything the failed connect opened is closed: server side, and no timer left on the client's clock. */
async function expectNothingLeftOpen(server: ScriptedServer, timers: ManualTimers, upgrades: number) {
  for (const ws of server.connections) await server.closed(ws)
  expect(server.sockets.size).toBe(0)
  expect(timers.pending).toBe(0)
  expect(server.upgrades).toBe(upgrades)
}

describe('fault: logon refused', () => {
  it('connect() rejects with ConnectError caused by the BinanceError; nothing is left open', async () => {
    const timers = new ManualTimers()
    const script: Script = (req) =>
      req.method === 'session.logon'
        ? fail(req, 400, -1022, 'Signature for this request is not valid.')
        : undefined
    const server = await startServer(script, timers)
    const api = clientFor(server, timers, { privateKey: ED25519.privateKeyPem, autoSessionLogon: true })
    const err = await rejectionOf(api.connect())
    expect(err).toBeInstanceOf(ConnectError)
    expect(err.cause).toBeInstanceOf(BinanceError)
    expect(err.cause).toMatchObject({ code: -1022, status: 400, method: 'session.logon' })
    expect(server.received.map((r) => r.method)).toEqual(['time', 'session.logon'])
    await expectNothingLeftOpen(server, timers, 1)
  })
})

describe('fault: connect fails', () => {
  it('the server closes the socket before answering the clock sync: ConnectError, no retry', async () => {
    const timers = new ManualTimers()
    const server = await startServer((req, ws) => {
      if (req.method === 'time') ws.terminate()
      return undefined
    }, timers)
    const err = await rejectionOf(clientFor(server, timers).connect())
    expect(err).toBeInstanceOf(ConnectError)
    expect(err.cause).toBeInstanceOf(ConnectionClosedError)
    await expectNothingLeftOpen(server, timers, 1)
  })

  it('the clock sync is never answered: ConnectError at the deadline (manual clock)', async () => {
    const timers = new ManualTimers()
    const server = await startServer(() => new Promise<undefined>(() => {}), timers)
    const connecting = clientFor(server, timers, { timeout: 2_000 }).connect()
    await server.waitFor('time')
    timers.advance(1_999)
    expect(await isPending(connecting)).toBe(true)
    timers.advance(1)
    const err = await rejectionOf(connecting)
    expect(err).toBeInstanceOf(ConnectError)
    expect(err.cause).toBeInstanceOf(RequestTimeoutError)
    await expectNothingLeftOpen(server, timers, 1)
  })

  it('a refused upgrade (HTTP 403): ConnectError naming the status', async () => {
    const timers = new ManualTimers()
    const server = await startServer(() => undefined, timers)
    server.refuseWith = 403
    const err = await rejectionOf(clientFor(server, timers).connect())
    expect(err).toBeInstanceOf(ConnectError)
    expect(err.message).toMatch(/HTTP 403/)
    await expectNothingLeftOpen(server, timers, 1)
  })

  it('an unreachable port: ConnectError', async () => {
    const timers = new ManualTimers()
    const api = new SpotWebsocketAPI({ wsURL: await closedPortUrl(), timers })
    const err = await rejectionOf(api.connect())
    expect(err).toBeInstanceOf(ConnectError)
    expect(err.message).toMatch(/ECONNREFUSED/)
    expect(timers.pending).toBe(0)
  })

  it('a stalled upgrade: ConnectError after the handshake timeout', async () => {
    const timers = new ManualTimers()
    const server = await startServer(() => undefined, timers)
    server.stallUpgrades = true
    const err = await rejectionOf(clientFor(server, timers, { timeout: 50 }).connect())
    expect(err).toBeInstanceOf(ConnectError)
    expect(err.message).toMatch(/handshake has timed out/)
    // The client hung up: whatever reached the server is closed.
    for (const raw of server.stalled) if (!raw.destroyed) await once(raw, 'close')
    expect(timers.pending).toBe(0)
  })

  it('connect() aborted by its signal while the clock sync is pending: ConnectError, socket closed', async () => {
    const timers = new ManualTimers()
    const server = await startServer(() => new Promise<undefined>(() => {}), timers)
    const ac = new AbortController()
    const connecting = clientFor(server, timers).connect({ signal: ac.signal })
    await server.waitFor('time')
    ac.abort()
    const err = await rejectionOf(connecting)
    expect(err).toBeInstanceOf(ConnectError)
    expect(err.message).toMatch(/abort/)
    await expectNothingLeftOpen(server, timers, 1)
  })
})

describe('fault: disconnect() during a reconnect', () => {
  /** A connected client whose socket was just dropped: it waits out the backoff delay. */
  async function dropped(script: Script = (req) => ok(req)) {
    const h = await connect(script)
    const mark = h.status.mark()
    h.server.connections[0]!.terminate()
    const rec = await h.status.until((s) => s.state === 'reconnecting', mark)
    return { ...h, mark, rec }
  }

  async function expectStopped(h: Awaited<ReturnType<typeof dropped>>, upgrades: number) {
    expect(h.status.items.at(-1)).toEqual({ slot: 0, state: 'closed', reason: 'disconnect' })
    const after = h.status.mark()
    expect(h.timers.runAll()).toBe(0)
    h.timers.advance(3_600_000)
    await new Promise((r) => setImmediate(r))
    expect(h.server.upgrades).toBe(upgrades)
    expect(h.status.since(after)).toEqual([])
    expect(h.conn.isConnected()).toBe(false)
    expect(await rejectionOf(h.conn.ping())).toBeInstanceOf(NotConnectedError)
  }

  it('while waiting out the backoff delay: no further attempt', async () => {
    const h = await dropped()
    await h.conn.disconnect()
    await expectStopped(h, 1)
    expect(h.status.since(h.mark).map((s) => s.state)).toEqual(['reconnecting', 'closed'])
  })

  it('while the reconnect attempt is setting up (clock sync pending): the new socket is closed too', async () => {
    let syncs = 0
    const h = await dropped((req) => {
      if (req.method === 'time' && ++syncs > 1) return new Promise<undefined>(() => {})
      return ok(req)
    })
    const attempt = h.server.nextConnection(1)
    if (h.rec.state !== 'reconnecting') throw new Error('unreachable')
    h.timers.advance(h.rec.delay)
    const ws = await attempt
    await h.server.waitFor('time', 1)
    await h.conn.disconnect()
    await h.server.closed(ws)
    await expectStopped(h, 2)
    expect(h.status.since(h.mark).map((s) => s.state)).toEqual(['reconnecting', 'connecting', 'closed'])
  })

  it('while the reconnect attempt is in the WebSocket handshake: the attempt is aborted', async () => {
    const h = await dropped()
    h.server.stallUpgrades = true
    const stalled = h.server.nextStalled()
    if (h.rec.state !== 'reconnecting') throw new Error('unreachable')
    h.timers.advance(h.rec.delay)
    const raw = await stalled
    await h.conn.disconnect()
    if (!raw.destroyed) await once(raw, 'close')
    await expectStopped(h, 2)
  })
})
