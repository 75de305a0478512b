// Fault matrix rows 1–3: a socket dropped mid-request, a server that never answers, a half-open socket.
import { once } from 'node:events'
import { afterEach, describe, expect, it } from 'vitest'
import { ConnectionClosedError, OutcomeUnknownError, RequestTimeoutError } from '../../../src/client/index.js'
import { createVerifier, signaturePayload } from '../../../src/protocol/signing.js'
import { awaitReconnect, cleanup, connect, isPending } from '../../support/fault-kit.js'
import { ED25519 } from '../../support/keys.js'
import { EPOCH } from '../../support/manual-timers.js'
import { rejectionOf } from '../../support/rejection.js'
import { countOf, fail, ok, type Received, type Script } from '../../support/scripted-server.js'

afterEach(cleanup)

const ORDER = { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '1' } as const

const report = (clientOrderId: string) => ({
  symbol: 'BTCUSDT',
  orderId: 12,
  orderListId: -1,
  clientOrderId,
  price: '0.00000000',
  origQty: '1.00000000',
  executedQty: '1.00000000',
  cummulativeQuoteQty: '60000.00000000',
  status: 'FILLED',
  timeInForce: 'GTC',
  type: 'MARKET',
  side: 'BUY',
  stopPrice: '0.00000000',
  icebergQty: '0.00000000',
  time: EPOCH,
  updateTime: EPOCH,
  isWorking: true,
  workingTime: EPOCH,
  origQuoteOrderQty: '0.00000000',
  selfTradePreventionMode: 'NONE',
})

describe('fault: socket dropped mid-request', () => {
  it('rejects at once (closed / outcome unknown), reconnects, re-logs on, re-subscribes, reports the gap, reconciles', async () => {
    let nextSubscription = 1
    let orderKnown = true
    const script: Script = (req) => {
      switch (req.method) {
        case 'session.logon':
          return ok(req, { apiKey: 'key-1', authorizedSince: 1, connectedSince: 1, serverTime: 1 })
        case 'userDataStream.subscribe':
          return ok(req, { subscriptionId: nextSubscription++ })
        case 'order.status': {
          const id = String(req.params?.['origClientOrderId'])
          return orderKnown ? ok(req, report(id)) : fail(req, 400, -2013, 'Order does not exist.')
        }
        case 'allOrders':
          return ok(req, [])
        default:
          return undefined // ping and order.place stay unanswered until the drop
      }
    }
    const h = await connect(script, {
      privateKey: ED25519.privateKeyPem,
      autoSessionLogon: true,
      reconnectWait: false,
    })
    const { server, conn, timers } = h
    const first = server.connections[0]!
    expect(server.requestsOn(first).map((r) => r.method)).toEqual(['time', 'session.logon'])
    const logon = server.requestsOn(first)[1]!.params!
    expect(
      createVerifier({ publicKey: ED25519.publicKeyPem }).verify(
        signaturePayload(logon),
        String(logon['signature']),
      ),
    ).toBe(true)
    const { stream } = await conn.userDataStreamSubscribe()
    expect(stream.subscriptionId).toBe(1)

    const mark = h.status.mark()
    const from = server.received.length
    const ping = conn.ping()
    const autoId = conn.orderPlace(ORDER)
    const ownId = conn.orderPlace({ ...ORDER, newClientOrderId: 'mine-1' })
    await server.waitFor('ping', from)
    const sentAuto = await server.waitFor('order.place', from)
    await server.waitFor('order.place', server.received.indexOf(sentAuto) + 1)
    expect(sentAuto.params).not.toHaveProperty('signature') // the session authenticates it
    const droppedAt = timers.now()
    first.terminate()

    const [pingErr, autoErr, ownErr] = (await Promise.all([ping, autoId, ownId].map(rejectionOf))) as [
      Error,
      Error,
      Error,
    ]
    expect(pingErr).toBeInstanceOf(ConnectionClosedError)
    expect(autoErr).toBeInstanceOf(OutcomeUnknownError)
    expect(ownErr).toBeInstanceOf(OutcomeUnknownError)
    const generated = String(sentAuto.params?.['newClientOrderId'])
    expect(generated).toMatch(/^x[A-Za-z0-9]{10,35}$/)
    expect(autoErr).toMatchObject({ method: 'order.place', symbol: 'BTCUSDT', clientOrderId: generated })
    expect(ownErr).toMatchObject({ clientOrderId: 'mine-1' })
    expect(autoErr.cause).toBeInstanceOf(ConnectionClosedError)
    expect(autoErr.message).toContain(generated)

    // With reconnectWait: false, a new order made while reconnecting is refused before sending: a plain
    // ConnectionClosedError (sent: false), not "unknown". (The default waits: test/client/lifecycle.)
    const duringGap = await rejectionOf(conn.orderPlace(ORDER))
    expect(duringGap).toBeInstanceOf(ConnectionClosedError)
    expect(duringGap.message).toMatch(/nothing was sent/)
    expect(duringGap).toMatchObject({ sent: false })

    const rec = await awaitReconnect(h, mark)
    expect(rec).toMatchObject({ slot: 0, state: 'reconnecting', attempt: 1, code: 1006 })
    if (rec.state !== 'reconnecting') throw new Error('unreachable')
    expect(rec.delay).toBeGreaterThanOrEqual(0)
    expect(rec.delay).toBeLessThan(1000)
    expect(h.status.since(mark).map((s) => s.state)).toEqual(['reconnecting', 'connecting', 'open'])
    expect(h.status.since(mark)[1]).toMatchObject({ state: 'connecting', attempt: 1 })

    const second = server.connections[1]!
    const gap = await h.gaps.until(() => true)
    expect(gap).toEqual({ from: droppedAt, to: droppedAt + rec.delay, streams: 1 })
    expect(server.requestsOn(second).map((r) => r.method)).toEqual([
      'time',
      'session.logon',
      'userDataStream.subscribe',
    ])
    expect(stream.subscriptionId).toBe(2)
    const events: unknown[] = []
    stream.on('balanceUpdate', (e) => events.push(e))
    server.send(second, { subscriptionId: 2, event: { e: 'balanceUpdate', E: 5, a: 'BTC', d: '1', T: 5 } })
    await expect(conn.time()).resolves.toMatchObject({ status: 200 })
    await new Promise((r) => setImmediate(r))
    expect(events).toEqual([{ e: 'balanceUpdate', E: 5, a: 'BTC', d: '1', T: 5 }])

    // Nothing was re-sent behind the caller's back.
    expect(countOf(server.received, 'order.place')).toBe(2)
    expect(countOf(server.received, 'ping')).toBe(1)

    // Reconciliation: waits out the recvWindow, then queries by client order id.
    const fromQ = server.received.length
    const found = conn.resolveOrderOutcome(autoErr as OutcomeUnknownError)
    timers.advance(5000)
    const query = await server.waitFor('order.status', fromQ)
    expect(query.params).toMatchObject({ symbol: 'BTCUSDT', origClientOrderId: generated })
    await expect(found).resolves.toMatchObject({
      found: true,
      kind: 'order',
      order: { clientOrderId: generated, status: 'FILLED' },
    })
    orderKnown = false
    await expect(conn.resolveOrderOutcome(ownErr as OutcomeUnknownError)).resolves.toMatchObject({
      found: false,
      kind: 'order',
    })
    expect(countOf(server.received, 'order.status')).toBe(2)
    expect(countOf(server.received, 'order.place')).toBe(2)
  })
})

describe('fault: the server never answers', () => {
  it('rejects at the deadline on the manual clock: RequestTimeoutError, orders OutcomeUnknownError; the socket stays usable', async () => {
    const h = await connect(() => undefined)
    const { server, conn, timers } = h
    const from = server.received.length
    const ping = conn.ping()
    const order = conn.orderPlace({ ...ORDER, newClientOrderId: 'slow-1' })
    const short = conn.ping(undefined, { timeout: 500 })
    await server.waitFor('order.place', from)

    timers.advance(499)
    expect(await isPending(short)).toBe(true)
    timers.advance(1)
    const shortErr = await rejectionOf(short)
    expect(shortErr).toBeInstanceOf(RequestTimeoutError)
    expect(shortErr).toMatchObject({ method: 'ping', timeoutMs: 500 })

    timers.advance(10_000 - 500 - 1)
    expect(await isPending(ping)).toBe(true)
    expect(await isPending(order)).toBe(true)
    timers.advance(1)
    const [pingErr, orderErr] = await Promise.all([rejectionOf(ping), rejectionOf(order)])
    expect(pingErr).toBeInstanceOf(RequestTimeoutError)
    expect(pingErr).toMatchObject({ method: 'ping', timeoutMs: 10_000 })
    expect(orderErr).toBeInstanceOf(OutcomeUnknownError)
    expect(orderErr).toMatchObject({ clientOrderId: 'slow-1', symbol: 'BTCUSDT' })
    expect(orderErr.cause).toBeInstanceOf(RequestTimeoutError)
    expect(orderErr.message).toMatch(/no response within 10000 ms/)

    // A late answer is dropped; the socket was never torn down and keeps working.
    const late = server.received.find((r) => r.method === 'ping') as Received
    server.send(server.connections[0]!, ok(late))
    await expect(conn.time()).resolves.toMatchObject({ status: 200 })
    expect(countOf(server.received, 'order.place')).toBe(1)
    expect(countOf(server.received, 'ping')).toBe(2)
    expect(server.connections).toHaveLength(1)
    expect(h.status.items).toEqual([])
  })
})

describe('fault: half-open socket', () => {
  it('answers server pings with their payload', async () => {
    const { server } = await connect(() => undefined)
    const ws = server.connections[0]!
    const pong = once(ws, 'pong')
    ws.ping(Buffer.from('payload-42'))
    const [data] = (await pong) as [Buffer]
    expect(data.toString()).toBe('payload-42')
  })

  it('declares a silent socket dead after pingInterval + pongTimeout and reconnects', async () => {
    const h = await connect(() => undefined, { pingInterval: 30_000, pongTimeout: 10_000 })
    const { server, conn, timers } = h
    const ws = server.connections[0]!

    // A live peer: the client pings after 30 s of silence, the pong keeps the socket.
    const pinged = once(ws, 'ping')
    timers.advance(30_000)
    await pinged
    await server.roundTrip(ws)
    const lastFrame = timers.now()
    timers.advance(10_000) // past the first ping's pong deadline
    expect(h.status.items).toEqual([])

    // Now the peer goes silent: it reads nothing and answers nothing.
    server.pauseReads(ws)
    const mark = h.status.mark()
    const pending = conn.ping(undefined, { timeout: 3_600_000 })
    timers.advanceTo(lastFrame + 30_000 + 10_000 - 1)
    expect(h.status.since(mark)).toEqual([])
    expect(await isPending(pending)).toBe(true)
    timers.advance(1)
    expect(h.status.since(mark)[0]).toMatchObject({
      state: 'reconnecting',
      attempt: 1,
      reason: 'no pong within 10000 ms',
    })
    expect(await rejectionOf(pending)).toBeInstanceOf(ConnectionClosedError)
    expect(conn.isConnected()).toBe(false)

    await awaitReconnect(h, mark)
    expect(server.connections).toHaveLength(2)
    await expect(conn.time()).resolves.toMatchObject({ status: 200 })
    expect(server.requestsOn(server.connections[1]!).map((r) => r.method)).toEqual(['time', 'time'])
  })
})
