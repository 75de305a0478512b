// The streams connection on the shared lifecycle: control requests wait for a reconnect, renewal is make-before-break
// (on serverShutdown and at renewAfter, retried after a backoff delay when it fails), and resubscribe keeps up with
// changes made while the new socket was being set up.
import { afterEach, describe, expect, it } from 'vitest'
import type { WebSocket } from 'ws'
import {
  type ConnectionStatus,
  type GapEvent,
  NotConnectedError,
  SpotWebsocketStreams,
  type StreamsConfig,
} from '../../../src/client/index.js'
import { startEmulator } from '../../../src/emulator/index.js'
import { EventRecorder as EventLog } from '../../support/event-recorder.js'
import { cleanup, isPending, onCleanup } from '../../support/fault-kit.js'
import { ManualTimers } from '../../support/manual-timers.js'
import { rejectionOf } from '../../support/rejection.js'
import { deferred, ok, type Script, startScriptedServer } from '../../support/scripted-server.js'

afterEach(cleanup)

const HOUR = 3_600_000

/** A streams connection on a manual clock, with its status and gap events recorded. */
async function streamsOn(wsURL: string, config: StreamsConfig = {}, stream: string[] = []) {
  const timers = new ManualTimers(Date.now())
  const conn = await new SpotWebsocketStreams({ wsURL, timers, reconnectDelay: 1000, ...config }).connect({
    stream,
  })
  onCleanup(() => conn.disconnect())
  const status = new EventLog<ConnectionStatus>()
  const gaps = new EventLog<GapEvent>()
  conn.on('status', (s) => status.push(s))
  conn.on('gap', (g) => gaps.push(g))
  return { timers, conn, status, gaps }
}

/** An emulator's streams endpoint and its fault controls. */
async function emulatorStreams() {
  const ex = await startEmulator({ port: 0, liquidity: false })
  onCleanup(() => ex.close())
  return ex.streams
}

/** A scripted streams endpoint (`/stream`) that answers every control request unless `script` does. */
async function scriptedStreams(script: Script = () => undefined) {
  const server = await startScriptedServer(async (req, ws) => (await script(req, ws)) ?? ok(req, null), {
    path: '/stream',
  })
  onCleanup(() => server.close())
  return { server, url: `ws://127.0.0.1:${server.port}` }
}

const paramsOn = (
  server: { requestsOn(ws: WebSocket): { method: string; params?: unknown }[] },
  ws: WebSocket,
) => server.requestsOn(ws).map((r) => [r.method, r.params])

describe('streams: a control request made while reconnecting', () => {
  it('waits for the new socket and is sent after the resubscribe', async () => {
    const ex = await emulatorStreams()
    const s = await streamsOn(ex.url, {}, ['btcusdt@trade'])
    const mark = s.status.mark()
    expect(ex.dropStreams()).toBe(1)
    const rec = await s.status.until((x) => x.state === 'reconnecting', mark)
    const subscribing = s.conn.subscribe('ethusdt@trade')
    expect(await isPending(subscribing)).toBe(true)
    s.timers.advance(rec.state === 'reconnecting' ? rec.delay : 0)
    await subscribing
    expect(await s.conn.listSubscriptions()).toEqual(['btcusdt@trade', 'ethusdt@trade'])
    expect(s.status.since(mark).map((x) => x.state)).toEqual(['reconnecting', 'connecting', 'open'])
  })

  it('rejects at its deadline with ConnectionClosedError (sent: false); nothing is sent', async () => {
    const { server, url } = await scriptedStreams()
    const s = await streamsOn(url)
    const mark = s.status.mark()
    server.stallUpgrades = true // the reconnect attempt never gets through its handshake
    server.connections[0]!.terminate()
    await s.status.until((x) => x.state === 'reconnecting', mark)
    const listing = s.conn.listSubscriptions({ timeout: 2_000 })
    s.timers.advance(1_999)
    expect(await isPending(listing)).toBe(true)
    s.timers.advance(1)
    expect(await rejectionOf(listing)).toMatchObject({ name: 'ConnectionClosedError', sent: false })
    expect(server.received).toEqual([])
  })

  it('with reconnectWait: false it fails at once with NotConnectedError', async () => {
    const { server, url } = await scriptedStreams()
    const s = await streamsOn(url, { reconnectWait: false })
    const mark = s.status.mark()
    server.connections[0]!.terminate()
    await s.status.until((x) => x.state === 'reconnecting', mark)
    const err = await rejectionOf(s.conn.subscribe('btcusdt@trade'))
    expect(err).toBeInstanceOf(NotConnectedError)
    expect(err.message).toMatch(/nothing was sent/)
    expect(server.received).toEqual([])
  })
})

describe('streams: renewal, make before break', () => {
  it('on serverShutdown: opens and resubscribes a new socket first, then closes the old one; reports a gap', async () => {
    const ex = await emulatorStreams()
    const s = await streamsOn(ex.url, {}, ['btcusdt@trade'])
    await s.conn.subscribe('ethusdt@bookTicker')
    const mark = s.status.mark()
    ex.announceShutdown()
    await s.status.until((x) => x.state === 'open', mark)
    expect(s.status.since(mark)).toEqual([
      { slot: 0, state: 'renewing', reason: 'serverShutdown' },
      { slot: 0, state: 'open' },
    ])
    expect(await s.gaps.until(() => true)).toMatchObject({ streams: 2 })
    expect(await s.conn.listSubscriptions()).toEqual(['btcusdt@trade', 'ethusdt@bookTicker'])
    await expect.poll(() => ex.connections).toBe(1) // the old socket has closed
    expect(s.conn.isConnected()).toBe(true)
  })

  it('at renewAfter; a failed try keeps the old socket serving and is retried after a backoff delay', async () => {
    const { server, url } = await scriptedStreams((req) =>
      req.method === 'LIST_SUBSCRIPTIONS' ? ok(req, ['btcusdt@trade']) : undefined,
    )
    const s = await streamsOn(url, { renewAfter: 23 * HOUR, pingInterval: 48 * HOUR }, ['btcusdt@trade'])
    const old = server.connections[0]!
    server.refuseWith = 503
    const mark = s.status.mark()
    s.timers.advance(23 * HOUR)
    const retry = await s.status.until((x) => x.state === 'renewing' && x.retryIn !== undefined, mark)
    if (retry.state !== 'renewing' || retry.retryIn === undefined) throw new Error('unreachable')
    expect(retry.reason).toMatch(/^max age: .*503/)
    expect(await s.conn.listSubscriptions()).toEqual(['btcusdt@trade'])
    expect(server.requestsOn(old).at(-1)?.method).toBe('LIST_SUBSCRIPTIONS')

    server.refuseWith = undefined
    const closed = server.closed(old)
    s.timers.advance(retry.retryIn)
    await s.status.until((x) => x.state === 'open', mark)
    await closed
    const fresh = server.connections[1]!
    expect(paramsOn(server, fresh)).toEqual([['SUBSCRIBE', ['btcusdt@trade']]])
    expect(s.status.since(mark).map((x) => x.state)).toEqual(['renewing', 'renewing', 'renewing', 'open'])
  })

  it('a subscribe answered on the old socket after the new one took over is made on the new one too', async () => {
    const held = deferred()
    let first: WebSocket | undefined
    const { server, url } = await scriptedStreams((req, ws) => {
      first ??= ws
      return ws === first && req.method === 'SUBSCRIBE' ? held.promise.then(() => ok(req, null)) : undefined
    })
    const s = await streamsOn(url, { pingInterval: 48 * HOUR }, ['a@trade'])
    const subscribing = s.conn.subscribe('b@trade')
    await server.waitFor('SUBSCRIBE')
    const old = server.connections[0]!
    const mark = s.status.mark()
    server.send(old, { stream: '!serverShutdown', data: { e: 'serverShutdown', E: 1 } })
    await s.status.until((x) => x.state === 'open', mark)
    const fresh = server.connections[1]!
    expect(paramsOn(server, fresh)).toEqual([['SUBSCRIBE', ['a@trade']]])
    expect(await isPending(subscribing)).toBe(true)

    // The old socket drains: it answers, then closes; the new socket gets the subscription as well.
    const closed = server.closed(old)
    held.resolve()
    await subscribing
    await closed
    expect(paramsOn(server, fresh)).toEqual([
      ['SUBSCRIBE', ['a@trade']],
      ['SUBSCRIBE', ['b@trade']],
    ])
    expect(s.conn.subscriptions).toEqual(['a@trade', 'b@trade'])
  })
})
