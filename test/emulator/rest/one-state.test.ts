// One exchange behind both fronts (docs/emulator-fidelity.md R1): an order placed over REST is the order the
// WebSocket API reports and the user data stream announces, its answers are the WebSocket API's `result` byte for
// byte, and both fronts count against the same REQUEST_WEIGHT (per IP) and ORDERS (per account).
import { describe, expect, it } from 'vitest'
import { perTest, startExchange, T0 } from '../../support/exchange.js'
import { ED25519, keyOf } from '../../support/keys.js'
import { limit } from '../../support/order-params.js'
import { restBase, restCall } from '../../support/rest-client.js'
import { recordEvents } from '../../support/user-events.js'

const kit = perTest(() => startExchange({ clock: T0, accounts: [{ apiKey: 'e', key: 'ed25519' }] }))
const key = () => keyOf('e', ED25519.privateKey)
const resting = limit('BTCUSDT', 'BUY', '50000.00', '0.01000')

describe('REST and the WebSocket API share one exchange (fidelity R1)', () => {
  it('a REST order is seen by order.status, announced on the user data stream, and queried over REST byte for byte', async () => {
    const ws = await kit.connect('e')
    const events = await recordEvents(ws)
    const base = restBase(kit.ex)
    const placed = await restCall(base, '/api/v3/order', {
      method: 'POST',
      key: key(),
      timestamp: kit.now,
      body: resting,
    })
    expect(placed.status).toBe(200)
    const { orderId } = placed.json as { orderId: number }
    const status = await ws.orderStatus({ symbol: 'BTCUSDT', orderId })
    expect(status.data).toMatchObject({ orderId, status: 'NEW', price: '50000.00000000' })
    await events.settle(() => expect(events.reports('BTCUSDT', orderId).map((e) => e.x)).toEqual(['NEW']))
    const query = { symbol: 'BTCUSDT', orderId: String(orderId) }
    const queried = await restCall(base, '/api/v3/order', { key: key(), timestamp: kit.now, query })
    expect(queried.text).toBe(JSON.stringify(status.data))

    const cancelled = await ws.orderCancel({ symbol: 'BTCUSDT', orderId })
    const again = await restCall(base, '/api/v3/order', { key: key(), timestamp: kit.now, query })
    expect(JSON.parse(again.text)).toMatchObject({ status: 'CANCELED' })
    expect(cancelled.data).toMatchObject({ orderId, status: 'CANCELED' })
  })

  it('REST weight and WebSocket API weight add up per IP; X-MBX-ORDER-COUNT-* follow the account’s ORDERS', async () => {
    const ws = await kit.connect('e')
    const base = restBase(kit.ex)
    const before = (await ws.ping()).rateLimits?.find((l) => l.rateLimitType === 'REQUEST_WEIGHT')?.count ?? 0
    const info = await restCall(base, '/api/v3/exchangeInfo')
    expect(info.headers.get('x-mbx-used-weight-1m')).toBe(String(before + 20))
    const after = (await ws.ping()).rateLimits?.find((l) => l.rateLimitType === 'REQUEST_WEIGHT')?.count
    expect(after).toBe(before + 21)

    const placed = await restCall(base, '/api/v3/order', {
      method: 'POST',
      key: key(),
      timestamp: kit.now,
      query: resting,
    })
    expect([placed.headers.get('x-mbx-order-count-10s'), placed.headers.get('x-mbx-order-count-1d')]).toEqual(
      ['1', '1'],
    )
    const second = await ws.orderPlace({ ...resting, type: 'LIMIT', side: 'BUY', timeInForce: 'GTC' })
    const orders = second.rateLimits?.filter((l) => l.rateLimitType === 'ORDERS').map((l) => l.count)
    expect(orders).toEqual([2, 2])
    const ping = await restCall(base, '/api/v3/ping')
    expect(ping.headers.get('x-mbx-order-count-10s')).toBeNull()
  })

  it('newOrderRespType defaults as the REST docs say: FULL for LIMIT and MARKET, ACK for the others', async () => {
    const base = restBase(kit.ex)
    const place = (params: Record<string, string>) =>
      restCall(base, '/api/v3/order', { method: 'POST', key: key(), timestamp: kit.now, query: params })
    const full = (await place(resting)).json as Record<string, unknown>
    expect(Object.keys(full)).toContain('fills')
    const stop = await place({
      ...resting,
      type: 'STOP_LOSS_LIMIT',
      side: 'SELL',
      price: '49000.00',
      stopPrice: '49500.00',
    })
    expect(Object.keys(stop.json as object)).toEqual([
      'symbol',
      'orderId',
      'orderListId',
      'clientOrderId',
      'transactTime',
    ])
  })

  it('POST /api/v3/sor/order answers the one order the WebSocket API answers as an array of one', async () => {
    const ws = await kit.connect('e')
    const base = restBase(kit.ex)
    const sor = await restCall(base, '/api/v3/sor/order', {
      method: 'POST',
      key: key(),
      timestamp: kit.now,
      body: resting,
    })
    expect(sor.status).toBe(200)
    const rest = sor.json as Record<string, unknown>
    expect(rest).toMatchObject({ symbol: 'BTCUSDT', status: 'NEW', usedSor: true })
    const twin = await ws.sorOrderPlace(resting)
    expect(twin.data).toHaveLength(1)
    expect(Object.keys(rest)).toEqual(Object.keys(twin.data[0] ?? {}))
  })
})
