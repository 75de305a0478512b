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
    const [trades] = h.request(
      c,
      'myTrades',
      { symbol: 'BTCUSDT', orderId: null, fromId: null },
      h.accounts[0],
    )
    expect(trades).toMatchObject({ status: 200, result: [] })
  })
})

describe('fuzz regressions: overflowing decimals', () => {
  it('answers order.amend.keepPriority with a newQty beyond safe integers with 400 -1108 naming newQty', () => {
    const h = harness({ liquidity: false })
    const c = h.connect()
    const params = { symbol: 'BTCUSDT', orderId: 100, newQty: '9007199254740991' }
    const [r] = h.request(c, 'order.amend.keepPriority', params, h.accounts[0])
    expect(r).toMatchObject({ status: 400, error: { code: -1108, msg: "Parameter 'newQty' overflowed." } })
  })
})
