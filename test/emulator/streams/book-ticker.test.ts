// `<symbol>@bookTicker` (spec/web-socket-streams.md «Individual Symbol Book Ticker Streams»: "Pushes any update to
// the best bid or ask's price or quantity in real-time"): a change deeper in the book pushes nothing, from the
// first one after subscribing on.
import { afterEach, describe, expect, it } from 'vitest'
import { LIQUID_MARKET, startTraders, type Traders } from '../../support/exchange.js'
import { limit } from '../../support/order-params.js'
import { RawStreams } from '../../support/raw-streams.js'

let t: Traders | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

/** The frames `s` received before the answer to a request sent after them (same socket, in order). */
async function framesSoFar(s: RawStreams): Promise<unknown[]> {
  await s.control('LIST_SUBSCRIPTIONS')
  return s.frames.splice(0)
}

describe('book ticker', () => {
  it('pushes nothing for an order away from the best bid and ask, even the first change after subscribing', async () => {
    t = await startTraders(LIQUID_MARKET)
    const s = await RawStreams.open(`${t.ex.streams.url}/ws/btcusdt@bookTicker`)
    await t.a.orderPlace(limit('BTCUSDT', 'BUY', '59000.00', '0.10000'))
    await t.a.orderPlace(limit('BTCUSDT', 'SELL', '61000.00', '0.10000'))
    expect(await framesSoFar(s)).toEqual([])
    await t.a.orderPlace(limit('BTCUSDT', 'BUY', '59980.00', '0.10000'))
    expect((await framesSoFar(s)).map((f) => (f as { b: string; B: string }).b)).toEqual(['59980.00000000'])
    await s.close()
  })
})
