// Diff depth at Binance's update speed (spec/web-socket-streams.md "Diff. Depth Stream", docs/emulator-fidelity.md
// H8): one event per interval of the emulator clock carrying every level changed in it, none for an interval
// without a change; the book ticker and trades stay real-time. The clock moves only when the test moves it.
import { describe, expect, it } from 'vitest'
import { startEmulator } from '../../../src/emulator/index.js'
import { perFile, startTraders } from '../../support/exchange.js'
import { limit } from '../../support/order-params.js'
import { RawStreams } from '../../support/raw-streams.js'

/** 40 ms past a whole second: the first 100 ms boundary is 60 ms away, the first 1000 ms one 960 ms. */
const T0 = 1_700_000_000_040
const t = perFile(() => startTraders({ clock: T0 }))

type Depth = { E: number; U: number; u: number; b: [string, string][]; a: [string, string][] }

const depthOf = async (s: RawStreams) => (await s.event('depthUpdate')) as unknown as Depth
const updateId = async () => (await t.a.depth({ symbol: 'BTCUSDT', limit: 1 })).data.lastUpdateId

describe('diff depth at the update speed', () => {
  it('one event per interval carries every level changed in it; the book ticker comes at each change', async () => {
    const fast = await RawStreams.open(`${t.ex.streams.url}/ws/btcusdt@depth@100ms`)
    const slow = await RawStreams.open(`${t.ex.streams.url}/stream?streams=btcusdt@depth/btcusdt@bookTicker`)
    const before = await updateId()
    await t.a.orderPlace(limit('BTCUSDT', 'BUY', '59000.00', '0.01000'))
    await t.a.orderPlace(limit('BTCUSDT', 'BUY', '59000.00', '0.02000'))
    const { data: gone } = await t.a.orderPlace(limit('BTCUSDT', 'BUY', '58000.00', '0.01000'))
    await t.a.orderCancel({ symbol: 'BTCUSDT', orderId: gone.orderId })
    await t.b.orderPlace(limit('BTCUSDT', 'SELL', '61000.00', '0.01000'))
    // Real-time, without the clock moving: the book ticker of the last change.
    await slow.next((f) => (f as { data: { a?: string } }).data.a === '61000.00000000')
    t.ex.clock.advance(59)
    t.ex.clock.advance(1)
    const first = await depthOf(fast)
    expect(first).toEqual({
      e: 'depthUpdate',
      E: T0 + 60,
      s: 'BTCUSDT',
      U: before + 1,
      u: before + 5,
      // A level that came and went within the interval is sent with quantity 0, as Binance does.
      b: [
        ['59000.00000000', '0.03000000'],
        ['58000.00000000', '0.00000000'],
      ],
      a: [['61000.00000000', '0.01000000']],
    })
    t.ex.clock.advance(899)
    t.ex.clock.advance(1)
    // The first event of the 1000 ms speed, at its first boundary: the same levels, framed for its name.
    expect(await slow.next((f) => (f as { stream: string }).stream === 'btcusdt@depth')).toEqual({
      stream: 'btcusdt@depth',
      data: { ...first, E: T0 + 960 },
    })
    await fast.close()
    await slow.close()
  })

  it('an interval without a change sends nothing; the next event starts after the previous one', async () => {
    const fast = await RawStreams.open(`${t.ex.streams.url}/ws/btcusdt@depth@100ms`)
    await t.a.orderPlace(limit('BTCUSDT', 'BUY', '57000.00', '0.01000'))
    t.ex.clock.advance(100)
    const first = await depthOf(fast)
    t.ex.clock.advance(1_000)
    const start = t.ex.clock.now()
    await t.a.orderPlace(limit('BTCUSDT', 'BUY', '57000.00', '0.01000'))
    t.ex.clock.advance(100)
    const next = await depthOf(fast)
    expect(next).toMatchObject({ U: first.u + 1, u: first.u + 1, b: [['57000.00000000', '0.02000000']] })
    // Sent at the first 100 ms boundary after the change, not at any of the ten quiet ones before it.
    expect(next.E).toBe(start - (start % 100) + 100)
    await fast.close()
  })

  it('trades stay one event per trade', async () => {
    const s = await RawStreams.open(`${t.ex.streams.url}/ws/btcusdt@trade`)
    await t.b.orderPlace(limit('BTCUSDT', 'SELL', '62000.00', '0.02000'))
    await t.a.orderPlace(limit('BTCUSDT', 'BUY', '62000.00', '0.01000'))
    await t.a.orderPlace(limit('BTCUSDT', 'BUY', '62000.00', '0.01000'))
    const trades = [await s.event('trade'), await s.event('trade')]
    expect(trades.map((e) => (e as { q: string }).q)).toEqual(['0.01000000', '0.01000000'])
    await s.close()
  })
})

describe('the diffDepthInterval option', () => {
  it('0: an event after every command that changes the book', async () => {
    const kit = await startTraders({ clock: T0, diffDepthInterval: { fast: 0 } })
    const s = await RawStreams.open(`${kit.ex.streams.url}/ws/btcusdt@depth@100ms`)
    await kit.a.orderPlace(limit('BTCUSDT', 'BUY', '59000.00', '0.01000'))
    await kit.a.orderPlace(limit('BTCUSDT', 'BUY', '59000.00', '0.01000'))
    const events = [await depthOf(s), await depthOf(s)]
    expect(events.map((e) => [e.u - e.U, e.b])).toEqual([
      [0, [['59000.00000000', '0.01000000']]],
      [0, [['59000.00000000', '0.02000000']]],
    ])
    expect(events.map((e) => e.E)).toEqual([T0, T0])
    await s.close()
    await kit.close()
  })

  it('refuses an interval that is not an integer number of ms ≥ 0, naming it', async () => {
    await expect(startEmulator({ diffDepthInterval: { fast: -1 } })).rejects.toThrow(
      new TypeError('diffDepthInterval.fast: -1 is not an integer number of ms ≥ 0'),
    )
    await expect(startEmulator({ diffDepthInterval: { standard: 0.5 } })).rejects.toThrow(
      'diffDepthInterval.standard: 0.5',
    )
  })
})
