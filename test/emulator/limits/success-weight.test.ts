// Order entry and cancels cost no REQUEST_WEIGHT when they succeed; a failed one is charged its documented weight
// (CHANGELOG 2026-03-27, in force since 2026-04-02). Over both fronts: the WebSocket API's rateLimits and REST's
// X-MBX-USED-WEIGHT-1M.
import { describe, expect, it } from 'vitest'
import { RawClient } from '../../../src/emulator/raw-client.test-util.js'
import { exchangePerTest, T0 } from '../../support/exchange.js'
import { keyOf } from '../../support/keys.js'
import { limit } from '../../support/order-params.js'
import { restBase, restCall } from '../../support/rest-client.js'

const exchange = exchangePerTest()
const key = keyOf('h')

describe('REQUEST_WEIGHT of order entry (CHANGELOG 2026-03-27)', () => {
  it('a placed, cancelled or replaced order costs 0; a refused one and an amend cost their weight', async () => {
    const kit = await exchange({ clock: T0, accounts: [{ apiKey: 'h', key: 'hmac' }] })
    const raw = await RawClient.open(kit.ex.url)
    const weightOf = async (method: string, params: Record<string, unknown>) => {
      const r = await raw.signed(method, key.signer, 'h', params, kit.now)
      const used = r.rateLimits?.find((l) => l.rateLimitType === 'REQUEST_WEIGHT')?.count
      return { status: r.status, used, result: r.result as { orderId: number } }
    }
    const base = (await weightOf('account.status', {})).used ?? 0
    const placed = await weightOf('order.place', limit('BTCUSDT', 'BUY', '50000.00', '0.01000'))
    expect(placed).toMatchObject({ status: 200, used: base })
    const refused = await weightOf('order.place', limit('BTCUSDT', 'BUY', '50000.001', '0.01000'))
    expect(refused).toMatchObject({ status: 400, used: base + 1 })
    const { orderId } = placed.result
    const amended = await weightOf('order.amend.keepPriority', {
      symbol: 'BTCUSDT',
      orderId,
      newQty: '0.005',
    })
    expect(amended).toMatchObject({ status: 200, used: base + 5 })
    const replaced = await weightOf('order.cancelReplace', {
      ...limit('BTCUSDT', 'BUY', '49000.00', '0.01000'),
      cancelReplaceMode: 'STOP_ON_FAILURE',
      cancelOrderId: orderId,
    })
    expect(replaced).toMatchObject({ status: 200, used: base + 5 })
    const canceled = await weightOf('openOrders.cancelAll', { symbol: 'BTCUSDT' })
    expect(canceled).toMatchObject({ status: 200, used: base + 5 })
    const unknown = await weightOf('order.cancel', { symbol: 'BTCUSDT', orderId })
    expect(unknown).toMatchObject({ status: 400, used: base + 6 })
    await raw.close()

    const rest = await restCall(restBase(kit.ex), '/api/v3/order', {
      method: 'POST',
      key,
      timestamp: kit.now,
      query: limit('BTCUSDT', 'SELL', '70000.00', '0.01000'),
    })
    expect(rest.status).toBe(200)
    expect(rest.headers.get('x-mbx-used-weight-1m')).toBe(String(base + 6))
  })
})
