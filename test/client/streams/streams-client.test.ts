// Streams client ↔ emulator: the live subscribe protocol with its exact frames, typed payloads of every
// stream kind on raw and combined connections, and reconnect with resubscribe on the client's timers.
import { once } from 'node:events'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket, { WebSocketServer } from 'ws'
import {
  BinanceError,
  type ConnectionStatus,
  SpotWebsocketStreams,
  type WebsocketStreamsConnection,
} from '../../../src/client/index.js'
import { LIQUID_MARKET, startTraders, type Traders } from '../../support/exchange.js'
import { ManualTimers } from '../../support/manual-timers.js'
import { limit } from '../../support/order-params.js'

let t: Traders

beforeAll(async () => {
  t = await startTraders(LIQUID_MARKET)
})
afterAll(async () => {
  await t?.close()
})

const cross = async () => {
  await t.a.orderPlace(limit('BTCUSDT', 'SELL', '59990.00', '0.01000'))
  await t.b.orderPlace({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.02000' })
}

/** Sends raw text on a fresh `/ws` connection and returns the first frame back. */
async function rawReply(text: string): Promise<unknown> {
  const ws = new WebSocket(`${t.ex.streams.url}/ws`)
  await once(ws, 'open')
  const reply = once(ws, 'message')
  ws.send(text)
  const [data] = await reply
  ws.close()
  return JSON.parse(String(data))
}

describe('live subscribe protocol', () => {
  it('SUBSCRIBE, LIST_SUBSCRIPTIONS, UNSUBSCRIBE, SET/GET_PROPERTY through the client', async () => {
    const conn = await new SpotWebsocketStreams({ wsURL: t.ex.streams.url }).connect({
      stream: 'btcusdt@trade',
    })
    await conn.subscribe(['ethusdt@bookTicker', 'btcusdt@depth'])
    expect(await conn.listSubscriptions()).toEqual(['btcusdt@trade', 'ethusdt@bookTicker', 'btcusdt@depth'])
    await conn.unsubscribe('btcusdt@depth')
    expect(await conn.listSubscriptions()).toEqual(['btcusdt@trade', 'ethusdt@bookTicker'])
    expect(await conn.getProperty('combined')).toBe(true)
    await conn.setProperty('combined', false)
    expect(await conn.getProperty('combined')).toBe(false)
    const err = await conn.subscribe('BTCUSDT@trade').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(BinanceError)
    expect(err).toMatchObject({ code: 2, msg: 'Invalid request: invalid stream' })
    await conn.disconnect()
  })

  it('answers malformed control messages with the spec error frames', async () => {
    expect(await rawReply('{"method": "SUBSCRIBE", "params": [')).toMatchObject({
      error: { code: 3, msg: expect.stringMatching(/^Invalid JSON: expected value at line 1 column \d+$/) },
    })
    expect(await rawReply('{"method":"SUBSCRIBX","id":1}')).toEqual({
      error: {
        code: 2,
        msg: 'Invalid request: unknown variant `SUBSCRIBX`, expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY` at line 1 column 22',
      },
    })
    expect(await rawReply('{"params":[],"id":1}')).toMatchObject({
      error: { code: 2, msg: 'Invalid request: missing field `method` at line 1 column 20' },
    })
    expect(await rawReply('{"method":"LIST_SUBSCRIPTIONS","id":{}}')).toEqual({
      error: { code: 2, msg: 'Invalid request: request ID must be an unsigned integer' },
    })
    expect(await rawReply('{"method":"SET_PROPERTY","params":["nope",true],"id":5}')).toEqual({
      error: { code: 0, msg: 'Unknown property' },
      id: 5,
    })
    expect(await rawReply('{"method":"SET_PROPERTY","params":["combined","yes"],"id":6}')).toEqual({
      error: { code: 1, msg: 'Invalid value type: expected Boolean' },
      id: 6,
    })
    expect(await rawReply('{"method":"GET_PROPERTY","params":[1],"id":7}')).toEqual({
      error: { code: 2, msg: 'Invalid request: property name must be a string' },
      id: 7,
    })
    expect(await rawReply('{"method":"LIST_SUBSCRIPTIONS","params":["x"],"id":8}')).toEqual({
      error: { code: 2, msg: 'Invalid request: too many parameters' },
      id: 8,
    })
    expect(await rawReply('{"method":"LIST_SUBSCRIPTIONS","id":"abc"}')).toEqual({ result: [], id: 'abc' })
  })
})

describe('typed stream payloads', () => {
  it('raw /ws/<stream>: trade payloads without the combined wrapper', async () => {
    const conn = await new SpotWebsocketStreams({ wsURL: t.ex.streams.url, combined: false }).connect({
      stream: 'btcusdt@trade',
    })
    const trade = new Promise((resolve) => conn.stream('btcusdt@trade').on('message', resolve))
    await cross()
    expect(await trade).toMatchObject({
      e: 'trade',
      s: 'BTCUSDT',
      p: '59990.00000000',
      q: '0.01000000',
      m: false,
    })
    await conn.disconnect()
  })

  it('combined: real-time and periodic streams, each typed by its name', async () => {
    const names = [
      'btcusdt@trade',
      'btcusdt@aggTrade',
      'btcusdt@bookTicker',
      'btcusdt@depth@100ms',
      'btcusdt@depth5',
      'btcusdt@kline_1m',
      'btcusdt@miniTicker',
      'btcusdt@ticker',
      'btcusdt@ticker_1h',
      'btcusdt@avgPrice',
      '!miniTicker@arr',
    ] as const
    const conn = await new SpotWebsocketStreams({ wsURL: t.ex.streams.url }).connect({ stream: names })
    const got = new Map<string, unknown>()
    conn.on('message', (stream, data) => stream && !got.has(stream) && got.set(stream, data))
    const agg = new Promise((resolve) => conn.stream('btcusdt@aggTrade').on('message', (e) => resolve(e.a)))
    await cross()
    await agg
    t.ex.streams.tick()
    await new Promise<void>((resolve) => {
      const check = () => got.size === names.length && resolve()
      conn.on('message', check)
      check()
    })
    expect(got.get('btcusdt@aggTrade')).toMatchObject({ e: 'aggTrade', q: '0.01000000' })
    expect(got.get('btcusdt@bookTicker')).toMatchObject({ s: 'BTCUSDT', u: expect.any(Number) })
    expect(got.get('btcusdt@depth@100ms')).toMatchObject({ e: 'depthUpdate', U: expect.any(Number) })
    expect(got.get('btcusdt@depth5')).toMatchObject({ lastUpdateId: expect.any(Number) })
    expect((got.get('btcusdt@depth5') as { bids: unknown[] }).bids).toHaveLength(5)
    expect(got.get('btcusdt@kline_1m')).toMatchObject({ e: 'kline', k: { i: '1m', x: false } })
    expect(got.get('btcusdt@miniTicker')).toMatchObject({ e: '24hrMiniTicker', c: expect.any(String) })
    expect(got.get('btcusdt@ticker')).toMatchObject({ e: '24hrTicker', n: expect.any(Number) })
    expect(got.get('btcusdt@ticker_1h')).toMatchObject({ e: '1hTicker' })
    expect(got.get('btcusdt@avgPrice')).toMatchObject({ e: 'avgPrice', i: '5m' })
    expect(got.get('!miniTicker@arr')).toEqual(
      expect.arrayContaining([expect.objectContaining({ s: 'BTCUSDT' })]),
    )
    await conn.disconnect()
  })
})

describe('5 incoming messages per second', () => {
  it('the emulator answers five messages of a burst and closes the connection on the sixth (1008)', async () => {
    const ws = new WebSocket(`${t.ex.streams.url}/ws`)
    await once(ws, 'open')
    const answers: unknown[] = []
    ws.on('message', (data) => answers.push(JSON.parse(String(data))))
    const closed = once(ws, 'close')
    for (let id = 1; id <= 6; id++) ws.send(JSON.stringify({ method: 'LIST_SUBSCRIPTIONS', id }))
    const [code, reason] = await closed
    expect(code).toBe(1008)
    expect(String(reason)).toBe('Too many messages')
    expect(answers).toEqual([1, 2, 3, 4, 5].map((id) => ({ result: [], id })))
  })

  it('the client paces a burst of control requests inside the limit: all answered, no reconnect', async () => {
    const conn = await new SpotWebsocketStreams({ wsURL: t.ex.streams.url }).connect()
    const states: string[] = []
    conn.on('status', (s) => states.push(s.state))
    const names = ['btcusdt', 'ethusdt'].flatMap((s) => [`${s}@trade`, `${s}@aggTrade`, `${s}@bookTicker`])
    await Promise.all(names.map((n) => conn.subscribe(n)))
    expect((await conn.listSubscriptions()).sort()).toEqual([...names].sort())
    expect(states).toEqual([])
    expect(conn.isConnected()).toBe(true)
    await conn.disconnect()
  })
})

describe('reconnect', () => {
  it('a server that stops answering pings is declared dead after pingInterval + pongTimeout (injected timers)', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', autoPong: false })
    await once(wss, 'listening')
    const { port } = wss.address() as { port: number }
    const pinged = new Promise((resolve) => wss.once('connection', (ws) => ws.once('ping', resolve)))
    const timers = new ManualTimers(Date.now())
    const conn = await new SpotWebsocketStreams({
      wsURL: `ws://127.0.0.1:${port}`,
      timers,
      pingInterval: 30_000,
      pongTimeout: 10_000,
    }).connect()
    const reconnecting = new Promise<ConnectionStatus>((resolve) =>
      conn.on('status', (s) => s.state === 'reconnecting' && resolve(s)),
    )
    timers.advance(30_000)
    await pinged
    timers.advance(9_999)
    expect(conn.isConnected()).toBe(true)
    timers.advance(1)
    expect(await reconnecting).toMatchObject({ state: 'reconnecting', reason: 'no pong within 10000 ms' })
    expect(conn.isConnected()).toBe(false)
    await conn.disconnect()
    await new Promise((resolve) => wss.close(resolve))
  })

  it('a dropped connection reconnects after the backoff delay (injected timers) and resubscribes', async () => {
    const timers = new ManualTimers(Date.now())
    const conn: WebsocketStreamsConnection = await new SpotWebsocketStreams({
      wsURL: t.ex.streams.url,
      timers,
      reconnectDelay: 1000,
    }).connect({ stream: 'btcusdt@trade' })
    await conn.subscribe('ethusdt@trade')
    const statuses: ConnectionStatus[] = []
    conn.on('status', (s) => statuses.push(s))
    const reconnecting = new Promise<ConnectionStatus>((resolve) =>
      conn.on('status', (s) => s.state === 'reconnecting' && resolve(s)),
    )
    t.ex.streams.dropStreams()
    const r = await reconnecting
    expect(conn.isConnected()).toBe(false)
    const gap = new Promise((resolve) => conn.once('gap', resolve))
    timers.advance(r.state === 'reconnecting' ? r.delay : 0)
    expect(await gap).toMatchObject({ streams: 2 })
    expect(statuses.map((s) => s.state)).toEqual(['reconnecting', 'connecting', 'open'])
    expect(await conn.listSubscriptions()).toEqual(['btcusdt@trade', 'ethusdt@trade'])
    const trade = new Promise((resolve) => conn.stream('btcusdt@trade').on('message', resolve))
    await cross()
    expect(await trade).toMatchObject({ e: 'trade' })
    await conn.disconnect()
  })
})
