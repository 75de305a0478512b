// A jump of the emulator clock over hours (docs/emulator-control.md "Which clock drives what", fidelity H8c): the
// periodic streams send the jump's last 10 s in full and, before that, only the kline bars with trades as they
// close, so a healthy connection survives the jump and gets the notices due in it.
import { afterEach, describe, expect, it } from 'vitest'
import { LIQUID_MARKET, startTraders, T0, type Traders } from '../../support/exchange.js'
import { RawStreams } from '../../support/raw-streams.js'

const HOUR = 3_600_000
type Data = { E: number; k?: { t: number; n: number; x: boolean } }

let kit: Traders | undefined
afterEach(async () => {
  await kit?.close()
  kit = undefined
})

/** The whole seconds from `from` to `to`, both included. */
const secondsBetween = (from: number, to: number) =>
  Array.from({ length: (to - from) / 1000 + 1 }, (_, i) => from + i * 1000)

describe('a jump of the clock over hours', () => {
  it('keeps the connection: the bars that traded, then the last 10 s in full; serverShutdown after 24 h − 10 min', async () => {
    kit = await startTraders({ ...LIQUID_MARKET, clock: T0 })
    const ex = kit.ex
    const names = ['btcusdt@kline_1s', 'btcusdt@kline_1m', 'btcusdt@ticker', 'btcusdt@depth5@100ms']
    const s = await RawStreams.open(`${ex.streams.url}/stream?streams=${names.join('/')}`)
    await kit.a.orderPlace({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.01000' })
    await s.control('LIST_SUBSCRIPTIONS')
    s.frames.length = 0

    const end = T0 + 6 * HOUR
    ex.clock.advance(6 * HOUR)
    const got = await s.framesSoFar<Data>()
    const bars = (name: string) => (got.get(name) ?? []).map((d) => [d.E, d.k?.t, d.k?.x, d.k?.n])
    // The 1s bar of the trade closes at T0 + 1 s; the 1m bar of it (22:13) at 22:14:00; the rest are the last 10 s.
    expect(bars('btcusdt@kline_1s')).toEqual([
      [T0 + 1000, T0, true, 1],
      ...secondsBetween(end - 10_000, end).map((E) => [E, E - 1000, true, 0]),
    ])
    const minute = Date.UTC(2023, 10, 14, 22, 14)
    const lastMinute = end - (end % 60_000)
    expect(bars('btcusdt@kline_1m')).toEqual([
      [minute, minute - 60_000, true, 1],
      ...secondsBetween(end - 10_000, end)
        .filter((E) => E % 2000 === 0)
        .map((E) => [E, E > lastMinute ? lastMinute : lastMinute - 60_000, E === lastMinute, 0]),
    ])
    expect((got.get('btcusdt@ticker') ?? []).map((d) => d.E)).toEqual(secondsBetween(end - 10_000, end))
    expect(got.get('btcusdt@depth5@100ms')).toHaveLength(101)

    // The renewal the docs' example tests: the notice reaches a kline_1s subscriber opened at T0.
    ex.clock.advance(24 * HOUR - 600_000 - 6 * HOUR)
    expect(await s.event('serverShutdown')).toEqual({
      stream: '!serverShutdown',
      data: { e: 'serverShutdown', E: T0 + 24 * HOUR - 600_000 },
    })
    await s.close()
  })
})
