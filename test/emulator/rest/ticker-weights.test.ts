// The weight of the ticker endpoints without a symbol (docs/emulator-fidelity.md R13): those that refuse it (-1102)
// are charged one symbol's weight, those that answer every symbol their documented "all" weight; REST and the
// WebSocket API alike.
import { describe, expect, it } from 'vitest'
import { RawClient } from '../../../src/emulator/raw-client.test-util.js'
import { exchangePerTest, T0 } from '../../support/exchange.js'
import { restBase, restCall } from '../../support/rest-client.js'

const exchange = exchangePerTest()
const REFUSED = { code: -1102, msg: "Param 'symbol' or 'symbols' must be sent, but both were empty/null!" }

/** [REST path, WebSocket API method, status without a symbol, weight charged]. */
const TICKERS: readonly [string, string, number, number][] = [
  ['/api/v3/ticker', 'ticker', 400, 4],
  ['/api/v3/ticker/tradingDay', 'ticker.tradingDay', 400, 4],
  ['/api/v3/ticker/24hr', 'ticker.24hr', 200, 80],
  ['/api/v3/ticker/price', 'ticker.price', 200, 4],
  ['/api/v3/ticker/bookTicker', 'ticker.book', 200, 4],
]

describe('ticker endpoints without a symbol', () => {
  it.each(TICKERS)('%s over REST (%s): status %i, weight %i', async (path, _method, status, weight) => {
    const kit = await exchange({ clock: T0 })
    const answer = await restCall(restBase(kit.ex), path)
    expect(answer.status).toBe(status)
    if (status === 400) expect(answer.json).toEqual(REFUSED)
    expect(answer.headers.get('x-mbx-used-weight-1m')).toBe(String(weight))
  })

  it.each(TICKERS)(
    '%s over the WebSocket API (%s): status %i, weight %i',
    async (_path, method, status, weight) => {
      const kit = await exchange({ clock: T0 })
      const raw = await RawClient.open(kit.ex.url)
      const answer = await raw.request(method)
      await raw.close()
      expect(answer.status).toBe(status)
      if (status === 400) expect(answer.error).toEqual(REFUSED)
      // The connection's own weight (2) comes first.
      const used = answer.rateLimits?.find((r) => r.rateLimitType === 'REQUEST_WEIGHT')?.count
      expect(used).toBe(2 + weight)
    },
  )

  it('an empty symbols list on /api/v3/ticker is charged one symbol, not nothing', async () => {
    const kit = await exchange({ clock: T0 })
    const answer = await restCall(restBase(kit.ex), '/api/v3/ticker', { query: { symbols: '[]' } })
    expect(answer.json).toEqual([])
    expect(answer.headers.get('x-mbx-used-weight-1m')).toBe('4')
  })
})
