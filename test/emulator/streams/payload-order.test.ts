// Every market data payload carries its keys in the order of the documented example (spec/web-socket-streams.md,
// each stream's «Payload»), nested kline keys too; read from the document itself, not restated here.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SpotWebsocketStreams, type WebsocketStreamsConnection } from '../../../src/client/index.js'
import { LIQUID_MARKET, startTraders, type Traders } from '../../support/exchange.js'
import { limit } from '../../support/order-params.js'

const DOC = readFileSync(resolve(import.meta.dirname, '../../../spec/web-socket-streams.md'), 'utf8')

/** The example payload under the `## <heading>` section of the streams document, comments stripped. */
function documented(heading: string): Record<string, unknown> {
  const start = DOC.indexOf(`\n## ${heading}\n`)
  if (start < 0) throw new Error(`no section "${heading}" in spec/web-socket-streams.md`)
  const block = /```javascript\n([\s\S]*?)```/.exec(DOC.slice(start))?.[1] ?? ''
  const json = block.replace(/\/\/.*$/gm, '').replace(/,(\s*[}\]])/g, '$1')
  return JSON.parse(json) as Record<string, unknown>
}

const keys = (payload: unknown) => Object.keys(payload as object)

let t: Traders
let conn: WebsocketStreamsConnection
const first = new Map<string, unknown>()

const STREAMS = {
  'btcusdt@aggTrade': 'Aggregate Trade Streams',
  'btcusdt@trade': 'Trade Streams',
  'btcusdt@kline_1m': 'Kline/Candlestick Streams for UTC',
  'btcusdt@miniTicker': 'Individual Symbol Mini Ticker Stream',
  'btcusdt@ticker': 'Individual Symbol Ticker Streams',
  'btcusdt@ticker_1h': 'Individual Symbol Rolling Window Statistics Streams',
  'btcusdt@ticker_4h': 'Individual Symbol Rolling Window Statistics Streams',
  'btcusdt@bookTicker': 'Individual Symbol Book Ticker Streams',
  'btcusdt@avgPrice': 'Average Price',
  'btcusdt@depth5': 'Partial Book Depth Streams',
  'btcusdt@depth': 'Diff. Depth Stream',
  'btcusdt@referencePrice': 'Reference Price Streams',
} as const
const ARRAYS = ['!ticker_1h@arr', '!ticker_1d@arr', '!miniTicker@arr'] as const

beforeAll(async () => {
  t = await startTraders(LIQUID_MARKET)
  const names = [...Object.keys(STREAMS), ...ARRAYS]
  conn = await new SpotWebsocketStreams({ wsURL: t.ex.streams.url }).connect({ stream: names })
  const all = new Promise<void>((done) =>
    conn.on('message', (stream, data) => {
      if (stream && !first.has(stream)) first.set(stream, data)
      if (first.size === names.length) done()
    }),
  )
  await t.a.orderPlace(limit('BTCUSDT', 'SELL', '59990.00', '0.01000'))
  await t.b.orderPlace({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.02000' })
  t.ex.streams.tick()
  await all
})
afterAll(async () => {
  await conn?.disconnect()
  await t?.close()
})

describe('payload key order (spec/web-socket-streams.md)', () => {
  it('<symbol>@ticker_<window> puts w after c, as the documented example does', () => {
    const order = keys(documented('Individual Symbol Rolling Window Statistics Streams'))
    expect(order.slice(7, 10)).toEqual(['l', 'c', 'w'])
    expect(keys(first.get('btcusdt@ticker_1h'))).toEqual(order)
    expect(keys(first.get('btcusdt@ticker_4h'))).toEqual(order)
  })

  it('!ticker_<window>@arr: every element in the order of <symbol>@ticker_<window>', () => {
    const order = keys(documented('Individual Symbol Rolling Window Statistics Streams'))
    for (const name of ['!ticker_1h@arr', '!ticker_1d@arr'] as const) {
      const arr = first.get(name) as Record<string, unknown>[]
      expect(arr.map((x) => x['s'])).toContain('BTCUSDT')
      for (const element of arr) expect(keys(element)).toEqual(order)
    }
  })

  it('every stream in its documented order, nested kline keys and !miniTicker@arr elements too', () => {
    for (const [name, heading] of Object.entries(STREAMS)) {
      const doc = documented(heading)
      expect({ name, keys: keys(first.get(name)) }).toEqual({ name, keys: keys(doc) })
    }
    const kline = first.get('btcusdt@kline_1m') as { k: object }
    expect(keys(kline.k)).toEqual(keys(documented('Kline/Candlestick Streams for UTC')['k']))
    const mini = keys(documented('Individual Symbol Mini Ticker Stream'))
    for (const element of first.get('!miniTicker@arr') as object[]) expect(keys(element)).toEqual(mini)
  })
})
