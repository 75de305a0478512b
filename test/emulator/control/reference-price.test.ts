// Area D end to end: moving the synthetic market with setReferencePrice (resting orders it crosses trade).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SpotWebsocketAPI, type WebsocketAPIConnection } from '../../../src/client/index.js'
import { type Emulator, startEmulator } from '../../../src/emulator/index.js'
import { RawClient } from '../../../src/emulator/raw-client.test-util.js'
import { createSigner } from '../../../src/protocol/signing.js'

const T0 = 1_700_000_000_000
let ex: Emulator
let api: WebsocketAPIConnection

beforeAll(async () => {
  ex = await startEmulator({
    port: 0,
    now: () => T0,
    accounts: [{ apiKey: 'k1', hmacSecret: 's1', balances: { USDT: '100000' } }],
  })
  api = await new SpotWebsocketAPI({ wsURL: ex.url, apiKey: 'k1', apiSecret: 's1' }).connect()
})

afterAll(async () => {
  await api?.disconnect()
  await ex?.close()
})

describe('setReferencePrice', () => {
  it('re-centres the ladder; a resting bid the new asks cross is filled at its price', async () => {
    const before = await api.depth({ symbol: 'BTCUSDT', limit: 1 })
    expect(before.data).toMatchObject({ bids: [['59970.00000000', expect.any(String)]] })
    const r = await RawClient.open(ex.url)
    try {
      await r.signed('userDataStream.subscribe.signature', createSigner({ apiSecret: 's1' }), 'k1', {}, T0)
      const bid = await api.orderPlace({
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        price: '59000.00',
        quantity: '0.00100',
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
