// The streams endpoint as third-party clients use it (docs/emulator-fidelity.md, WebSocket Streams): ccxt's `/ws/<n>` then
// SUBSCRIBE, explicit `@1000ms` speeds (python-binance, ccxt), a diagnosis for every refused stream name (in the
// HTTP refusal and in the control error), and listenKeys answered as Binance answers them since 2026-02-20.
import { describe, expect, it } from 'vitest'
import { BinanceError, SpotWebsocketStreams } from '../../../src/client/index.js'
import { LIQUID_MARKET, perFile, startTraders } from '../../support/exchange.js'
import { limit } from '../../support/order-params.js'
import { RawStreams } from '../../support/raw-streams.js'
import { upgradeRefusal } from '../../support/upgrade-refusal.js'

const t = perFile(() => startTraders(LIQUID_MARKET))

const cross = async () => {
  await t.a.orderPlace(limit('BTCUSDT', 'SELL', '59990.00', '0.01000'))
  await t.b.orderPlace({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.02000' })
}

const invalid = (name: string, reason: string) => ({
  code: 2,
  msg: `Invalid request: invalid stream \`${name}\` (${reason})`,
})

/** Refused names and the reason each one is given. */
const REFUSED: [string, string][] = [
  ['xyzusdt@trade', 'unknown symbol XYZUSDT'],
  ['BTCUSDT@trade', 'symbols in stream names are lowercase'],
  ['@trade', 'no symbol before @'],
  [
    'btcusdt@trades',
    'unknown stream type trades; types are trade, aggTrade, bookTicker, miniTicker, ticker, avgPrice, referencePrice, blockTrade, depth, depth<levels>, kline_<interval>, ticker_<window>',
  ],
  ['btcusdt@depth@250ms', 'the update speed of depth streams is @100ms or @1000ms, not @250ms'],
  ['btcusdt@depth5@10ms', 'the update speed of depth streams is @100ms or @1000ms, not @10ms'],
  ['btcusdt@depth15', 'depth levels are 5, 10 or 20, not 15'],
  ['btcusdt@trade@100ms', 'trade takes no suffix: @100ms'],
  ['btcusdt@kline_2m', 'unknown kline interval 2m'],
  ['btcusdt@kline_1m@+09:00', 'the only timezone of klines is @+08:00, not @+09:00'],
  ['btcusdt@ticker_2h', 'unknown window 2h; windows are 1h, 4h, 1d'],
  ['btcusdt@ticker_1h@100ms', 'ticker_1h takes no suffix: @100ms'],
  ['!ticker@arr', '!ticker@arr was retired on 2026-03-26; use <symbol>@ticker or !miniTicker@arr'],
  ['!ticker_2h@arr', 'unknown window 2h; windows are 1h, 4h, 1d'],
  ['!bookTicker', 'all-market streams are !miniTicker@arr and !ticker_<window>@arr'],
]

describe('connecting as ccxt and python-binance do', () => {
  it('/ws/0 opens with nothing subscribed; SUBSCRIBE then streams there (ccxt)', async () => {
    const s = await RawStreams.open(`${t.ex.streams.url}/ws/0`)
    expect(await s.control('LIST_SUBSCRIPTIONS')).toEqual({ result: [], id: 1 })
    const names = ['btcusdt@trade', 'btcusdt@depth@100ms', 'ethusdt@depth@1000ms']
    expect(await s.control('SUBSCRIBE', names)).toEqual({ result: null, id: 2 })
    expect(await s.control('LIST_SUBSCRIPTIONS')).toEqual({ result: names, id: 3 })
    await cross()
    expect(await s.event('trade')).toMatchObject({ e: 'trade', s: 'BTCUSDT', p: '59990.00000000' })
    expect(await s.event('depthUpdate')).toMatchObject({ e: 'depthUpdate', s: 'BTCUSDT' })
    await s.close()
  })

  it('explicit @1000ms speeds in URLs: /ws/<symbol>@depth@1000ms, and combined depth5@1000ms, !miniTicker@arr@1000ms', async () => {
    const raw = await RawStreams.open(`${t.ex.streams.url}/ws/btcusdt@depth@1000ms`)
    const names = ['btcusdt@depth5@1000ms', 'btcusdt@depth20@100ms', '!miniTicker@arr@1000ms']
    const combined = await RawStreams.open(`${t.ex.streams.url}/stream?streams=${names.join('/')}`)
    await cross()
    t.ex.streams.tick()
    expect(await raw.event('depthUpdate')).toMatchObject({ s: 'BTCUSDT', U: expect.any(Number) })
    const by = (stream: string) => combined.next((f) => (f as { stream?: string }).stream === stream)
    expect(await by('btcusdt@depth5@1000ms')).toMatchObject({ data: { bids: expect.any(Array) } })
    expect(((await by('btcusdt@depth20@100ms')) as { data: { asks: unknown[] } }).data.asks).toHaveLength(10)
    expect(await by('!miniTicker@arr@1000ms')).toMatchObject({
      data: expect.arrayContaining([expect.objectContaining({ e: '24hrMiniTicker', s: 'BTCUSDT' })]),
    })
    await Promise.all([raw.close(), combined.close()])
  })

  it('SUBSCRIBE takes the same @1000ms names, and the client types them', async () => {
    const conn = await new SpotWebsocketStreams({ wsURL: t.ex.streams.url }).connect({
      stream: 'btcusdt@trade',
    })
    try {
      const names = ['btcusdt@depth@1000ms', 'btcusdt@depth10@1000ms', '!miniTicker@arr@1000ms'] as const
      await conn.subscribe([...names])
      expect(await conn.listSubscriptions()).toEqual(['btcusdt@trade', ...names])
      const diff = new Promise<number>((ok) =>
        conn.stream('btcusdt@depth@1000ms').on('message', (e) => ok(e.u)),
      )
      const top = new Promise<number>((ok) =>
        conn.stream('btcusdt@depth10@1000ms').on('message', (e) => ok(e.bids.length)),
      )
      const all = new Promise<string[]>((ok) =>
        conn.stream('!miniTicker@arr@1000ms').on('message', (e) => ok(e.map((m) => m.s))),
      )
      await cross()
      t.ex.streams.tick()
      expect(await diff).toEqual(expect.any(Number))
      expect(await top).toBe(10)
      expect(await all).toContain('BTCUSDT')
    } finally {
      await conn.disconnect()
    }
  })
})

describe('a refused stream name says which and why', () => {
  it('in the body of the refused upgrade (HTTP 400), for /ws/<name> and /stream?streams=', async () => {
    for (const [name, reason] of REFUSED) {
      expect(await upgradeRefusal(`${t.ex.streams.url}/ws/${encodeURIComponent(name)}`)).toEqual({
        status: 400,
        body: invalid(name, reason),
      })
    }
    const mixed = `${t.ex.streams.url}/stream?streams=btcusdt@trade/btcusdt@depth@250ms`
    expect(await upgradeRefusal(mixed)).toEqual({
      status: 400,
      body: invalid('btcusdt@depth@250ms', REFUSED[4]?.[1] ?? ''),
    })
  })

  it('in the control error of SUBSCRIBE, which subscribes none of the names; the connection stays', async () => {
    // Four requests a connection keeps inside the limit of 5 incoming messages a second.
    for (let i = 0; i < REFUSED.length; i += 3) {
      const s = await RawStreams.open(`${t.ex.streams.url}/ws`)
      let id = 0
      for (const [name, reason] of REFUSED.slice(i, i + 3)) {
        expect(await s.control('SUBSCRIBE', ['btcusdt@trade', name])).toEqual({
          error: invalid(name, reason),
          id: ++id,
        })
      }
      expect(await s.control('LIST_SUBSCRIPTIONS')).toEqual({ result: [], id: ++id })
      await s.close()
    }
    const s = await RawStreams.open(`${t.ex.streams.url}/ws`)
    expect(await s.control('SUBSCRIBE', ['0'])).toEqual({
      error: invalid(
        '0',
        'not a stream name: <symbol>@<stream type>, !miniTicker@arr or !ticker_<window>@arr',
      ),
      id: 1,
    })
    expect(await s.control('SUBSCRIBE', [7])).toEqual({
      error: invalid('7', 'a stream name is a string'),
      id: 2,
    })
    await s.close()
  })
})

describe('listenKeys, as Binance answers them since 2026-02-20 (legacyListenKey off)', () => {
  it('userDataStream.start/ping/stop answer as unknown methods: 400 -1020', async () => {
    const unknown = { code: -1020, msg: 'This operation is not supported.', status: 400 }
    expect(await t.a.userDataStreamStart().catch((e: unknown) => e)).toMatchObject(unknown)
    const listenKey = 'A'.repeat(60)
    const ping = await t.a.userDataStreamPing({ listenKey }).catch((e: unknown) => e)
    expect(ping).toBeInstanceOf(BinanceError)
    expect(ping).toMatchObject(unknown)
    expect(await t.a.userDataStreamStop({ listenKey }).catch((e: unknown) => e)).toMatchObject(unknown)
  })

  it('/ws/<listenKey> and SUBSCRIBE [<listenKey>] are refused alike: listenKeys are retired', async () => {
    const listenKey = `${'k'.repeat(30)}${'7'.repeat(30)}`
    const retired = invalid(
      listenKey,
      'listenKeys were retired on 2026-02-20: subscribe with userDataStream.subscribe on the WebSocket API, or start the emulator with legacyListenKey: true',
    )
    expect(await upgradeRefusal(`${t.ex.streams.url}/ws/${listenKey}`)).toEqual({
      status: 400,
      body: retired,
    })
    expect(await upgradeRefusal(`${t.ex.streams.url}/stream?streams=btcusdt@trade/${listenKey}`)).toEqual({
      status: 400,
      body: retired,
    })
    const s = await RawStreams.open(`${t.ex.streams.url}/ws/0`)
    expect(await s.control('SUBSCRIBE', [listenKey])).toEqual({ error: retired, id: 1 })
    await s.close()
  })
})
