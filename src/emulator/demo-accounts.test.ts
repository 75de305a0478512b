import { describe, expect, it } from 'vitest'
import { createSigner } from '../protocol/signing.js'
import { demoAccounts } from './demo-accounts.js'
import { startEmulator } from './index.js'
import { RawClient } from './raw-client.test-util.js'

describe('demo accounts', () => {
  it('derives the same keys from the same seed, and other keys from another seed', () => {
    const a = demoAccounts(1).demo
    expect(demoAccounts(1).demo).toEqual(a)
    expect(demoAccounts(2).demo[0]?.apiKey).not.toBe(a[0]?.apiKey)
    expect(a.map((d) => d.kind)).toEqual(['HMAC', 'ED25519'])
    expect(a[0]?.apiKey).toMatch(/^[0-9A-Za-z]{64}$/)
  })

  it('lets a default emulator be used with the printed keys: Ed25519 logon, HMAC market order filled by the liquidity', async () => {
    const now = 1_700_000_000_000
    const ex = await startEmulator({ now: () => now })
    const c = await RawClient.open(ex.url)
    try {
      const [hmac, ed] = ex.demoAccounts
      if (hmac?.kind !== 'HMAC' || ed?.kind !== 'ED25519') throw new Error('unexpected demo accounts')
      const logon = await c.signed(
        'session.logon',
        createSigner({ privateKey: ed.privateKeyPem }),
        ed.apiKey,
        {},
        now,
      )
      expect(logon.result).toMatchObject({ apiKey: ed.apiKey })
      const order = { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.70000' }
      const filled = await c.signed(
        'order.place',
        createSigner({ apiSecret: hmac.apiSecret }),
        hmac.apiKey,
        order,
        now,
      )
      expect(filled.result).toMatchObject({ status: 'FILLED', executedQty: '0.70000000' })
      expect((filled.result as { fills: { price: string }[] }).fills.map((f) => f.price)).toEqual([
        '60030.00000000',
        '60060.00000000',
      ])
      const depth = await c.request('depth', { symbol: 'BTCUSDT', limit: 2 })
      expect((depth.result as { asks: string[][] }).asks).toEqual([
        ['60030.00000000', '0.50000000'],
        ['60060.00000000', '0.30000000'],
      ])
    } finally {
      await c.close()
      await ex.close()
    }
  })
})
