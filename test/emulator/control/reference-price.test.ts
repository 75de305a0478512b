// The control API end to end: moving the synthetic market with setReferencePrice (resting orders it crosses trade).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WebsocketAPIConnection } from '../../../src/client/index.js'
import type { Emulator } from '../../../src/emulator/index.js'
import { RawClient } from '../../../src/emulator/raw-client.test-util.js'
import { createSigner } from '../../../src/protocol/signing.js'
import { startExchange, T0, type TestExchange } from '../../support/exchange.js'
import { limit } from '../../support/order-params.js'

let ex: Emulator
let api: WebsocketAPIConnection
let kit: TestExchange

beforeAll(async () => {
  kit = await startExchange({
    clock: T0,
    liquidity: true,
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
})
