// docs/emulator-fidelity.md 3.5.5 end to end: a symbol configured with a PRICE_RANGE rule and an EXTERNAL reference
// price expires takers at the bound (EXECUTION_RULE_PRICE_RANGE_EXCEEDED), and a FOK counts only what lies inside
// it; the `<symbol>@referencePrice` stream shows the same reference as the `referencePrice` method.
import { describe, expect, it } from 'vitest'
import { SpotWebsocketStreams } from '../../../src/client/index.js'
import { perFile, startTraders } from '../../support/exchange.js'
import { limit } from '../../support/order-params.js'
import { symbolLike } from '../../support/symbols.js'

/** Reference 60000: a BUY may trade up to 60600, a SELL down to 59400. */
const PR = symbolLike('BTCUSDT', {
  symbol: 'PRUSDT',
  referencePriceCalculation: { calculationType: 'EXTERNAL', externalCalculationId: 0, price: '60000' },
  priceRange: { bidLimitMultUp: '1.01', askLimitMultDown: '0.99' },
})

const t = perFile(() => startTraders({ extraSymbols: [PR], record: true }))

describe('Price Range Execution Rule through the WebSocket API (fidelity 3.5.5)', () => {
  it('a BUY trades up to ref × bidLimitMultUp, then expires with EXECUTION_RULE_PRICE_RANGE_EXCEEDED', async () => {
    await t.b.orderPlace(limit('PRUSDT', 'SELL', '60500.00', '0.01000'))
    await t.b.orderPlace(limit('PRUSDT', 'SELL', '60700.00', '0.01000'))
    const { data } = await t.a.orderPlace({
      ...limit('PRUSDT', 'BUY', '61000.00', '0.02000'),
      newOrderRespType: 'FULL',
    })
    expect(data).toMatchObject({ status: 'EXPIRED', executedQty: '0.01000000' })
    expect(data.fills?.map((f) => f.price)).toEqual(['60500.00000000'])
    await t.eventsA.settle(() =>
      expect(t.eventsA.reports('PRUSDT', data.orderId).at(-1)).toMatchObject({
        X: 'EXPIRED',
        eR: 'EXECUTION_RULE_PRICE_RANGE_EXCEEDED',
      }),
    )
    const book = await t.a.depth({ symbol: 'PRUSDT' })
    expect(book.data.asks).toEqual([['60700.00000000', '0.01000000']])
  })

  it('a FOK that only the out-of-range level could complete expires whole, without trading', async () => {
    await t.b.orderPlace(limit('PRUSDT', 'SELL', '60550.00', '0.01000'))
    const fok = await t.a.orderPlace({ ...limit('PRUSDT', 'BUY', '61000.00', '0.02000'), timeInForce: 'FOK' })
    expect(fok.data).toMatchObject({ status: 'EXPIRED', executedQty: '0.00000000' })
    const fits = await t.a.orderPlace({
      ...limit('PRUSDT', 'BUY', '61000.00', '0.01000'),
      timeInForce: 'FOK',
    })
    expect(fits.data).toMatchObject({ status: 'FILLED', executedQty: '0.01000000' })
    expect(fits.data.fills?.map((f) => f.price)).toEqual(['60550.00000000'])
  })
})

describe('<symbol>@referencePrice and <symbol>@blockTrade streams', () => {
  it('referencePrice publishes each second what the method answers, and r null without a reference', async () => {
    const streams = await new SpotWebsocketStreams({ wsURL: t.ex.streams.url }).connect({
      stream: ['prusdt@referencePrice', 'btcusdt@referencePrice', 'btcusdt@blockTrade'],
    })
    const first = (name: 'prusdt@referencePrice' | 'btcusdt@referencePrice') =>
      new Promise((resolve) => streams.stream(name).on('message', resolve))
    const [pr, btc] = [first('prusdt@referencePrice'), first('btcusdt@referencePrice')]
    t.ex.streams.tick()
    const method = await t.a.referencePrice({ symbol: 'PRUSDT' })
    expect(await pr).toEqual({
      e: 'referencePrice',
      s: 'PRUSDT',
      r: method.data.referencePrice,
      t: expect.any(Number),
    })
    expect(method.data.referencePrice).toBe('60000.00000000')
    expect(await btc).toEqual({ e: 'referencePrice', s: 'BTCUSDT', r: null, t: expect.any(Number) })
    expect(await streams.listSubscriptions()).toContain('btcusdt@blockTrade')
    await streams.disconnect()
  })
})
