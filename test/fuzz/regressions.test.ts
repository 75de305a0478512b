// Shrunk counterexamples of the fuzz and model-based suites, kept as plain tests.
import { describe, expect, it } from 'vitest'
import { harness } from '../support/dispatch-harness.js'

describe('fuzz regressions', () => {
  it('treats an optional param sent as null as absent (was 500 -1000 on openOrders.status)', () => {
    const h = harness({ liquidity: false })
    const c = h.connect()
    const [r] = h.request(c, 'openOrders.status', { symbol: null }, h.accounts[0])
    expect(r).toMatchObject({ status: 200, result: [] })
    const [depth] = h.request(c, 'depth', { symbol: 'BTCUSDT', limit: null })
    expect(depth).toMatchObject({ status: 200 })
    const [trades] = h.request(c, 'myTrades', { symbol: 'BTCUSDT', orderId: null, fromId: null }, h.accounts[0])
    expect(trades).toMatchObject({ status: 200, result: [] })
  })
})
