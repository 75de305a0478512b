// A request made while its connection has no open socket (reconnecting, or renewing after the old socket closed)
// waits for the new socket within its own deadline and is then sent; `reconnectWait: false` keeps fail-fast.
import { once } from 'node:events'
import { afterEach, describe, expect, it } from 'vitest'
import type { WebSocket } from 'ws'
import {
  ConnectionClosedError,
  NotConnectedError,
  OutcomeUnknownError,
  RequestAbortedError,
  SpotWebsocketAPI,
} from '../../../src/client/index.js'
import { startEmulator } from '../../../src/emulator/index.js'
import {
  awaitReconnect,
  cleanup,
  connect,
  type Harness,
  isPending,
  onCleanup,
} from '../../support/fault-kit.js'
import { ED25519 } from '../../support/keys.js'
import { ManualTimers } from '../../support/manual-timers.js'
import { rejectionOf } from '../../support/rejection.js'
import { countOf, deferred, ok, type Script } from '../../support/scripted-server.js'

afterEach(cleanup)

const ORDER = { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '1' } as const
/** A buy far below the market: it rests on the book. */
const RESTING = {
  ...ORDER,
  type: 'LIMIT',
  timeInForce: 'GTC',
  price: '10000.00',
  quantity: '0.00100',
} as const
const answerAll: Script = (req) => ok(req)
const methods = (h: Harness, ws: WebSocket) => h.server.requestsOn(ws).map((r) => r.method)

/** Drops the (first) socket and waits until the client announces the reconnect; returns the announcement. */
async function drop(h: Harness, slot = 0) {
  const mark = h.status.mark()
  h.server.connections[slot]!.terminate()
  const rec = await h.status.until((s) => s.slot === slot && s.state === 'reconnecting', mark)
  if (rec.state !== 'reconnecting') throw new Error('unreachable')
  return { mark, rec }
}

describe('a request made while reconnecting', () => {
  it('waits for the new socket and is sent there: a call right after a drop succeeds once the reconnect is done', async () => {
    const h = await connect(answerAll)
    const { mark } = await drop(h)
    const before = h.server.received.length
    const ping = h.conn.ping()
    const order = h.conn.orderPlace({ ...ORDER, newClientOrderId: 'during-gap' })
    expect(await isPending(ping)).toBe(true)
    expect(await isPending(order)).toBe(true)
    expect(h.server.received).toHaveLength(before)

    await awaitReconnect(h, mark)
    await expect(ping).resolves.toMatchObject({ status: 200 })
    await expect(order).resolves.toMatchObject({ status: 200 })
    // Set up first (clock sync), then the waiting requests in the order they were made; each sent once.
    expect(methods(h, h.server.connections[1]!)).toEqual(['time', 'ping', 'order.place'])
    expect(countOf(h.server.received, 'order.place')).toBe(1)
  })

  it('is sent after the new socket is logged on, with the session instead of a signature', async () => {
    const h = await connect(
      (req) => (req.method === 'session.logon' ? ok(req, { apiKey: 'key-1' }) : ok(req)),
      { privateKey: ED25519.privateKeyPem, autoSessionLogon: true },
    )
    const { mark } = await drop(h)
    const order = h.conn.orderPlace(ORDER)
    await awaitReconnect(h, mark)
    await expect(order).resolves.toMatchObject({ status: 200 })
    const fresh = h.server.connections[1]!
    expect(methods(h, fresh)).toEqual(['time', 'session.logon', 'order.place'])
    expect(h.server.requestsOn(fresh)[2]!.params).not.toHaveProperty('signature')
  })

  it('rejects at its deadline with ConnectionClosedError (sent: false), never OutcomeUnknownError; nothing is sent', async () => {
    const h = await connect(answerAll)
    await drop(h)
    h.server.stallUpgrades = true // the reconnect attempt never gets through its handshake
    const before = h.server.received.length
    const order = h.conn.orderPlace(ORDER, { timeout: 2_000 })
    const ping = h.conn.ping()
    h.timers.advance(1_999)
    expect(await isPending(order)).toBe(true)
    h.timers.advance(1)
    const err = await rejectionOf(order)
    expect(err).toBeInstanceOf(ConnectionClosedError)
    expect(err).not.toBeInstanceOf(OutcomeUnknownError)
    expect(err).toMatchObject({ method: 'order.place', sent: false })
    expect(err.message).toMatch(/nothing was sent/)
    expect(await isPending(ping)).toBe(true) // its own deadline (10 s) has not passed

    h.timers.advance(8_000)
    expect(await rejectionOf(ping)).toMatchObject({ method: 'ping', sent: false })
    expect(h.server.received).toHaveLength(before)
  })

  it('an abort while waiting: RequestAbortedError, its timer is cancelled, nothing is sent', async () => {
    const h = await connect(answerAll)
    const { mark } = await drop(h)
    const timersBefore = h.timers.pending
    const ac = new AbortController()
    const order = h.conn.orderPlace(ORDER, { signal: ac.signal })
    expect(h.timers.pending).toBe(timersBefore + 1)
    ac.abort(new Error('user gave up'))
    const err = await rejectionOf(order)
    expect(err).toBeInstanceOf(RequestAbortedError)
    expect(err.cause).toMatchObject({ message: 'user gave up' }) // not an OutcomeUnknownError: nothing was sent
    expect(h.timers.pending).toBe(timersBefore)
    await awaitReconnect(h, mark)
    await h.server.roundTrip(h.server.connections[1]!)
    expect(countOf(h.server.received, 'order.place')).toBe(0)
  })

  it('disconnect() while requests wait: they reject at once with NotConnectedError, as do later calls', async () => {
    const h = await connect(answerAll)
    await drop(h)
    const waiting = [h.conn.ping(), h.conn.orderPlace(ORDER)]
    expect(await isPending(waiting[0]!)).toBe(true)
    await h.conn.disconnect()
    for (const p of waiting) expect(await rejectionOf(p)).toBeInstanceOf(NotConnectedError)
    expect(await rejectionOf(h.conn.ping())).toBeInstanceOf(NotConnectedError)
    expect(h.timers.pending).toBe(0)
    expect(countOf(h.server.received, 'order.place')).toBe(0)
  })

  it('with reconnectWait: false it fails at once (ConnectionClosedError, sent: false) and sends nothing', async () => {
    const h = await connect(answerAll, { reconnectWait: false })
    await drop(h)
    const before = h.server.received.length
    const err = await rejectionOf(h.conn.orderPlace(ORDER))
    expect(err).toBeInstanceOf(ConnectionClosedError)
    expect(err).toMatchObject({ sent: false })
    expect(err.message).toMatch(/nothing was sent/)
    expect(h.server.received).toHaveLength(before)
  })

  it('userDataStreamSubscribe() waits too, and the stream is subscribed once on the new socket', async () => {
    let subscription = 1
    const h = await connect((req) =>
      req.method === 'userDataStream.subscribe' ? ok(req, { subscriptionId: subscription++ }) : ok(req),
    )
    const { mark } = await drop(h)
    const subscribing = h.conn.userDataStreamSubscribe()
    expect(await isPending(subscribing)).toBe(true)
    await awaitReconnect(h, mark)
    const { stream } = await subscribing
    expect(stream.subscriptionId).toBe(1)
    expect(methods(h, h.server.connections[1]!)).toEqual(['time', 'userDataStream.subscribe'])
  })

  it('pool mode: with every socket down, a request waits for the first that comes back', async () => {
    const h = await connect(answerAll, { mode: 'pool', poolSize: 2 })
    const mark = h.status.mark()
    for (const ws of [...h.server.connections]) ws.terminate()
    const recs = await Promise.all(
      [0, 1].map((slot) => h.status.until((s) => s.slot === slot && s.state === 'reconnecting', mark)),
    )
    const ping = h.conn.ping()
    expect(await isPending(ping)).toBe(true)
    const delays = recs.map((r) => (r.state === 'reconnecting' ? r.delay : 0))
    const first = delays[0]! <= delays[1]! ? 0 : 1
    const opened = h.status.until((s) => s.slot === first && s.state === 'open', mark)
    h.timers.advance(Math.min(...delays))
    await opened
    await expect(ping).resolves.toMatchObject({ status: 200 })
    expect(countOf(h.server.received, 'ping')).toBe(1)
  })
})

describe('a request made while renewing, after the old socket closed', () => {
  it('waits for the new socket, which takes over as soon as it is set up', async () => {
    const release = deferred()
    let first: WebSocket | undefined
    const h = await connect(
      (req, ws) => {
        first ??= ws
        // The replacement's clock sync is answered only when the test says so.
        if (req.method === 'time' && ws !== first) return release.promise.then(() => ok(req))
        return ok(req)
      },
      { pingInterval: 3_600_000 },
    )
    const old = h.server.connections[0]!
    const mark = h.status.mark()
    h.server.send(old, { event: { e: 'serverShutdown', E: h.timers.now() } })
    await h.server.waitFor('time', 1)
    const closed = once(old, 'close')
    old.close(1001, 'going away')
    await closed
    await h.status.until((s) => s.state === 'reconnecting', mark)

    const ping = h.conn.ping()
    expect(await isPending(ping)).toBe(true)
    release.resolve()
    await expect(ping).resolves.toMatchObject({ status: 200 })
    expect(methods(h, h.server.connections[1]!)).toEqual(['time', 'ping'])
    expect(h.status.since(mark).map((s) => s.state)).toEqual(['renewing', 'reconnecting', 'open'])
  })
})

describe('against the emulator', () => {
  it('a request right after dropConnections() succeeds once the reconnect is done', async () => {
    const ex = await startEmulator({
      port: 0,
      liquidity: false,
      accounts: [{ apiKey: 'k1', hmacSecret: 's1', balances: { USDT: '100000' } }],
    })
    onCleanup(() => ex.close())
    const timers = new ManualTimers(Date.now())
    const conn = await new SpotWebsocketAPI({
      wsURL: ex.url,
      apiKey: 'k1',
      apiSecret: 's1',
      reconnectDelay: 1000,
      timers,
    }).connect()
    onCleanup(() => conn.disconnect())
    const reconnecting = new Promise<number>((resolve) =>
      conn.on('status', (s) => s.state === 'reconnecting' && resolve(s.delay)),
    )
    const opened = new Promise<void>((resolve) => conn.on('status', (s) => s.state === 'open' && resolve()))
    expect(ex.dropConnections()).toBe(1)
    const delay = await reconnecting

    const order = conn.orderPlace({ ...RESTING, newClientOrderId: 'after-drop' })
    expect(await isPending(order)).toBe(true)
    timers.advance(delay)
    await opened
    await expect(order).resolves.toMatchObject({ status: 200, data: { clientOrderId: 'after-drop' } })
    const open = await conn.openOrdersStatus({ symbol: 'BTCUSDT' })
    expect(open.data.map((o) => o.clientOrderId)).toEqual(['after-drop'])
  })
})
