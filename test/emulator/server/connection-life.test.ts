// Area D end to end: timeUnit, returnRateLimits, the v3/ prefix, ping frames and pong timeout, the 24 h
// lifetime and serverShutdown on the emulator clock, and the control API's connection and fault tools.

import { once } from 'node:events'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import {
  BinanceError,
  OutcomeUnknownError,
  RequestTimeoutError,
  SpotWebsocketAPI,
  type WebsocketAPIConnection,
} from '../../../src/client/index.js'
import type { Emulator } from '../../../src/emulator/index.js'
import { RawClient } from '../../../src/emulator/raw-client.test-util.js'
import type { ServerShutdown } from '../../../src/protocol/events.js'
import { createSigner } from '../../../src/protocol/signing.js'
import { exchangePerTest, T0, type TestExchangeOptions } from '../../support/exchange.js'
import { limit } from '../../support/order-params.js'
import { upgradeRefusal } from '../../support/upgrade-refusal.js'

const HOUR = 3_600_000
const signer = createSigner({ apiSecret: 's1' })
const exchange = exchangePerTest()
const cleanup: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f()
})

/** An emulator with account k1 (HMAC, secret s1), closed after the test. */
async function emulator(options: TestExchangeOptions = {}): Promise<Emulator> {
  const kit = await exchange({
    accounts: [{ apiKey: 'k1', key: 'hmac', secret: 's1', balances: { USDT: '100000', BTC: '1' } }],
    ...options,
  })
  return kit.ex
}

async function client(url: string, extra: Partial<ConstructorParameters<typeof SpotWebsocketAPI>[0]> = {}) {
  const c = await new SpotWebsocketAPI({ wsURL: url, apiKey: 'k1', apiSecret: 's1', ...extra }).connect()
  cleanup.push(() => c.disconnect())
  return c
}

async function raw(url: string): Promise<RawClient> {
  const r = await RawClient.open(url)
  cleanup.push(() => r.close())
  return r
}

/** The HTTP status and body of a refused upgrade. */
describe('timeUnit, returnRateLimits and the v3/ prefix', () => {
  it('answers in microseconds with timeUnit=MICROSECOND: responses and events', async () => {
    const ex = await emulator({ now: () => T0 })
    const c = await client(ex.url, { timeUnit: 'MICROSECOND' })
    expect((await c.time()).data).toEqual({ serverTime: T0 * 1000 })
    const placed = await c.orderPlace(limit('BTCUSDT', 'BUY', '10000.00', '0.00100'))
    expect(placed.data).toMatchObject({ transactTime: T0 * 1000, workingTime: T0 * 1000 })
    expect((await c.sessionStatus()).data).toMatchObject({ connectedSince: T0 * 1000, serverTime: T0 * 1000 })

    const r = await raw(`${ex.url}?timeUnit=microsecond`)
    await r.signed('userDataStream.subscribe.signature', signer, 'k1', {}, T0)
    ex.deposit('k1', 'USDT', '1')
    expect((await r.event((f) => f.event.e === 'balanceUpdate')).event).toMatchObject({
      E: T0 * 1000,
      T: T0 * 1000,
    })
    expect((await r.event((f) => f.event.e === 'outboundAccountPosition')).event).toMatchObject({
      E: T0 * 1000,
      u: T0 * 1000,
    })
  })

  it('refuses a bad timeUnit at the upgrade with 400 -1194', async () => {
    const ex = await emulator()
    expect(await upgradeRefusal(`${ex.url}?timeUnit=NANOSECOND`)).toEqual({
      status: 400,
      body: { code: -1194, msg: 'Invalid value for time unit; expected either MICROSECOND or MILLISECOND.' },
    })
  })

  it('omits rateLimits with ?returnRateLimits=false unless a request asks for them', async () => {
    const ex = await emulator()
    const c = await client(`${ex.url}?returnRateLimits=false`)
    expect((await c.ping()).rateLimits).toBeUndefined()
    expect((await c.ping({ returnRateLimits: true })).rateLimits?.[0]).toMatchObject({
      rateLimitType: 'REQUEST_WEIGHT',
    })
    expect((await c.sessionStatus()).data.returnRateLimits).toBe(false)
    const plain = await client(ex.url)
    expect((await plain.ping({ returnRateLimits: false })).rateLimits).toBeUndefined()
    expect((await plain.ping()).rateLimits).toHaveLength(1)
  })

  it('accepts the v3/ method prefix and no other version', async () => {
    const ex = await emulator()
    const r = await raw(ex.url)
    expect(await r.request('v3/ping')).toMatchObject({ status: 200, result: {} })
    expect(await r.request('v4/ping')).toMatchObject({ status: 400, error: { code: -1020 } })
  })
})

describe('connection life', () => {
  it('pings every pingInterval; a peer that answers stays, one that does not is dropped after pongTimeout', async () => {
    const ex = await emulator({ connection: { pingInterval: 30, pongTimeout: 120 } })
    const alive = new WebSocket(ex.url)
    const silent = new WebSocket(ex.url, { autoPong: false })
    cleanup.push(async () => {
      alive.terminate()
      silent.terminate()
    })
    await Promise.all([once(alive, 'open'), once(silent, 'open')])
    const [payload] = (await once(alive, 'ping')) as [Buffer]
    expect(payload).toHaveLength(8)
    await once(silent, 'close')
    for (let i = 0; i < 3; i++) await once(alive, 'ping')
    expect(alive.readyState).toBe(WebSocket.OPEN)
  })

  it('ping payloads are random: pongs with guessed payloads, without reading the pings, do not keep a connection (fidelity H1)', async () => {
    const ex = await emulator({ connection: { pingInterval: 30, pongTimeout: 120 } })
    const watcher = new WebSocket(ex.url)
    const guesser = new WebSocket(ex.url, { autoPong: false })
    cleanup.push(async () => {
      watcher.terminate()
      guesser.terminate()
    })
    await Promise.all([once(watcher, 'open'), once(guesser, 'open')])
    const payloads = new Set<string>()
    // What a counter or an earlier payload would predict, sent as pongs from the start (a counter from 1 passed
    // this before).
    const guess = setInterval(() => {
      for (let k = 1; k <= 20; k++) guesser.pong(String(k))
      for (const p of payloads) guesser.pong(Buffer.from(p, 'hex'))
    }, 5)
    cleanup.push(async () => clearInterval(guess))
    let dropped = false
    guesser.on('close', () => {
      dropped = true
    })
    // pongTimeout is 4 ping intervals: by the watcher's 10th ping the guesser is gone, though its guesses named
    // every counter value up to 20.
    for (let i = 0; i < 10; i++) payloads.add(((await once(watcher, 'ping')) as [Buffer])[0].toString('hex'))
    expect(payloads.size).toBe(10)
    expect(dropped).toBe(true)
    expect(watcher.readyState).toBe(WebSocket.OPEN)
  })

  it('sends serverShutdown 10 min before the 24 h age and closes at 24 h, on the emulator clock', async () => {
    const ex = await emulator({ now: () => T0 })
    const r = await raw(ex.url)
    ex.clock.advance(24 * HOUR - 10 * 60_000 - 1)
    expect((await r.request('ping')).status).toBe(200)
    ex.clock.advance(1)
    expect(await r.event()).toEqual({ event: { e: 'serverShutdown', E: T0 + 24 * HOUR - 600_000 } })
    expect(ex.connections()).toHaveLength(1)
    ex.clock.advance(10 * 60_000)
    await expect.poll(() => ex.connections()).toHaveLength(0)
  })

  it('our client renews on serverShutdown without failing requests', async () => {
    const ex = await emulator({ now: () => T0 })
    const c = await client(ex.url)
    const [old] = ex.connections()
    const shutdown = once(c, 'serverShutdown') as Promise<[ServerShutdown]>
    expect(ex.serverShutdown({ disconnectAfter: 60_000 })).toBe(1)
    expect((await shutdown)[0]).toEqual({ e: 'serverShutdown', E: T0 })
    await expect.poll(() => ex.connections().some((x) => x.id !== old?.id)).toBe(true)
    ex.clock.advance(60_000)
    await expect.poll(() => ex.connections().map((x) => x.id === old?.id)).toEqual([false])
    expect((await c.ping()).status).toBe(200)
  })

  it('shuts down or drops one connection by id; listing shows key, subscriptions and unit', async () => {
    const ex = await emulator({ now: () => T0 })
    const a = await raw(ex.url)
    const b = await raw(`${ex.url}?timeUnit=MICROSECOND`)
    await b.signed('userDataStream.subscribe.signature', signer, 'k1', {}, T0)
    const [first, second] = ex.connections()
    expect(second).toMatchObject({
      ip: '127.0.0.1',
      connectedSince: T0,
      apiKey: null,
      subscriptions: [{ subscriptionId: 0, apiKey: 'k1' }],
      timeUnit: 'MICROSECOND',
      returnRateLimits: true,
    })
    expect(ex.serverShutdown({ connectionId: second?.id ?? 0, disconnectAfter: 0 })).toBe(1)
    expect((await b.event()).event).toEqual({ e: 'serverShutdown', E: T0 * 1000 })
    await expect.poll(() => ex.connections().map((x) => x.id)).toEqual([first?.id])
    expect(ex.dropConnections(first?.id)).toBe(1)
    await expect.poll(() => ex.connections()).toHaveLength(0)
    expect(a.log).toHaveLength(0)
  })

  it('our client reconnects after dropConnections()', async () => {
    const ex = await emulator()
    const c: WebsocketAPIConnection = await client(ex.url, { reconnectDelay: 10 })
    const [old] = ex.connections()
    expect(ex.dropConnections()).toBe(1)
    await expect.poll(() => ex.connections().map((x) => x.id === old?.id)).toEqual([false])
    expect((await c.ping()).status).toBe(200)
  })
})

describe('injected faults', () => {
  it('failNext: -1007 without running the request, or after running it (outcome unknown)', async () => {
    const ex = await emulator({ now: () => T0 })
    const c = await client(ex.url)
    const order = limit('BTCUSDT', 'BUY', '10000.00', '0.00100')
    ex.failNext({ method: 'order.place' })
    expect((await c.ping()).status).toBe(200)
    const lost = await c.orderPlace({ ...order, newClientOrderId: 'lost' }).catch((e: unknown) => e)
    // "Execution status unknown": the client reports OutcomeUnknownError, caused by the server's error.
    expect(lost).toBeInstanceOf(OutcomeUnknownError)
    expect((lost as Error).cause).toBeInstanceOf(BinanceError)
    expect((lost as Error).cause).toMatchObject({
      code: -1007,
      status: 503,
      msg: 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.',
    })
    await expect(c.orderStatus({ symbol: 'BTCUSDT', origClientOrderId: 'lost' })).rejects.toMatchObject({
      code: -2013,
    })
    ex.failNext({ method: 'order.place', executed: true })
    await expect(c.orderPlace({ ...order, newClientOrderId: 'ran' })).rejects.toMatchObject({
      cause: { code: -1007 },
    })
    const ran = await c.orderStatus({ symbol: 'BTCUSDT', origClientOrderId: 'ran' })
    expect(ran.data).toMatchObject({ clientOrderId: 'ran', status: 'NEW' })
  })

  it('stallNext: no answer until release(); the client times out meanwhile', async () => {
    const ex = await emulator()
    const c = await client(ex.url)
    const stalled = ex.stallNext({ method: 'time' })
    const late = c.time(undefined, { timeout: 100 }).catch((e: unknown) => e)
    await stalled.arrived
    expect(await late).toBeInstanceOf(RequestTimeoutError)
    const r = await raw(ex.url)
    const held = ex.stallNext()
    const answer = r.request('ping')
    await held.arrived
    expect(r.log).toHaveLength(0)
    held.release()
    expect(await answer).toMatchObject({ status: 200, result: {} })
    stalled.release()
  })
})
