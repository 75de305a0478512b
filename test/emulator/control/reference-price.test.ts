// The control API end to end: moving the synthetic market with setReferencePrice (resting orders it crosses trade);
// a price the symbol's PRICE_FILTER does not allow is refused, naming the rule.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WebsocketAPIConnection } from '../../../src/client/index.js'
import { ControlParamError, type Emulator } from '../../../src/emulator/index.js'
import { RawClient } from '../../../src/emulator/raw-client.test-util.js'
import { createSigner } from '../../../src/protocol/signing.js'
import { controlCall } from '../../support/control-call.js'
import { startExchange, T0, type TestExchange } from '../../support/exchange.js'
import { limit } from '../../support/order-params.js'

let ex: Emulator
let api: WebsocketAPIConnection
let kit: TestExchange

beforeAll(async () => {
  kit = await startExchange({
    clock: T0,
    liquidity: true,
    control: true,
    accounts: [{ apiKey: 'k1', key: 'hmac', secret: 's1', balances: { USDT: '100000' } }],
  })
  ex = kit.ex
  api = await kit.connect('k1')
})

afterAll(() => kit?.close())

describe('setReferencePrice', () => {
  it('re-centres the ladder; a resting bid the new asks cross is filled at its price', async () => {
    const before = await api.depth({ symbol: 'BTCUSDT', limit: 1 })
    expect(before.data).toMatchObject({ bids: [['59970.00000000', expect.any(String)]] })
    const r = await RawClient.open(ex.url)
    try {
      await r.signed('userDataStream.subscribe.signature', createSigner({ apiSecret: 's1' }), 'k1', {}, T0)
      const bid = await api.orderPlace({
        ...limit('BTCUSDT', 'BUY', '59000.00', '0.00100'),
        newClientOrderId: 'low-bid',
      })
      expect(bid.data).toMatchObject({ status: 'NEW' })
      ex.setReferencePrice('BTCUSDT', '58000.00')
      const fill = await r.event((f) => f.event.e === 'executionReport' && f.event['X'] === 'FILLED')
      expect(fill.event).toMatchObject({ c: 'low-bid', L: '59000.00000000', m: true })
      const after = await api.depth({ symbol: 'BTCUSDT', limit: 1 })
      expect(after.data.asks[0]?.[0]).toBe('58029.00000000')
      expect(after.data.bids[0]?.[0]).toBe('57971.00000000')
      expect((await api.tickerPrice({ symbol: 'BTCUSDT' })).data).toEqual({
        symbol: 'BTCUSDT',
        price: '58000.00000000',
      })
      expect(() => ex.setReferencePrice('NOPE', '1')).toThrow(RangeError)
    } finally {
      await r.close()
    }
  })

  it('refuses a price off the tick, not > 0 or outside PRICE_FILTER, naming the rule, and moves nothing', async () => {
    const book = async () => [
      (await api.tickerPrice({ symbol: 'BTCUSDT' })).data,
      (await api.depth({ symbol: 'BTCUSDT', limit: 5 })).data,
    ]
    const before = await book()
    const refused = async (price: unknown) => {
      const a = await controlCall(kit, 'setReferencePrice', { symbol: 'BTCUSDT', price })
      return [a.status, a.body.error?.code, a.body.error?.msg]
    }
    const tick = 'must be a multiple of PRICE_FILTER tickSize 0.01000000'
    expect(await refused('61234.567')).toEqual([400, 'INVALID_PARAM', `price: ${tick}, got 61234.567`])
    expect(await refused('60000.000000001')).toEqual([
      400,
      'INVALID_PARAM',
      `price: ${tick}, got 60000.000000001`,
    ])
    expect(await refused('0.001')).toEqual([400, 'INVALID_PARAM', `price: ${tick}, got 0.001`])
    expect(await refused('0')).toEqual([400, 'INVALID_PARAM', 'price: must be > 0, got 0'])
    expect(await refused('90000000000')).toEqual([
      400,
      'INVALID_PARAM',
      'price: must be at most PRICE_FILTER maxPrice 1000000.00000000, got 90000000000',
    ])
    expect(await refused(61000)).toEqual([
      400,
      'INVALID_PARAM',
      'price: must be a decimal string such as "100.5" (not a JSON number)',
    ])
    expect(() => ex.setReferencePrice('BTCUSDT', '1e3')).toThrow(
      new ControlParamError('price', 'must be a decimal such as "100.5", got "1e3"'),
    )
    expect(await book()).toEqual(before)
  })
})
