// docs/emulator-fidelity.md 3.7.6 / A60 end to end: an order that ended CANCELED or EXPIRED with no executed
// quantity more than 90 days (emulator clock) before a query is archived: order.status and order.cancel answer
// -2026, the cancel half of order.cancelReplace too, and allOrders leaves it out. Orders with fills stay queryable.
import { afterAll, describe, expect, it } from 'vitest'
import { startTraders, type Traders, type TradersOptions } from '../../support/exchange.js'
import { limit } from '../../support/order-params.js'
import { rejection } from '../../support/rejection.js'

const DAY = 86_400_000
const ARCHIVED = {
  code: -2026,
  msg: 'Order was canceled or expired with no executed qty over 90 days ago and has been archived.',
  status: 400,
}

/**
 * A clock that moves only when the test moves it (so "exactly 90 days" is exact), and connections that live
 * past long jumps (the 24 h close is not under test here).
 */
const FIXED_CLOCK: TradersOptions = {
  clock: 1_700_000_000_000,
  connection: { maxConnectionAge: 400 * DAY },
}

const started: Traders[] = []

afterAll(() => Promise.all(started.map((kit) => kit.close())))

/** Traders, and `fresh`: a new connection, which measures the server clock after a jump. */
async function start(options: TradersOptions) {
  const kit = await startTraders(options)
  started.push(kit)
  return { ex: kit.ex, a: kit.a, b: kit.b, fresh: (apiKey: 'a' | 'b') => kit.connect(apiKey) }
}

describe('order archival (fidelity 3.7.6, A60)', () => {
  it('a canceled or expired order with nothing executed answers -2026 after 90 days; orders with fills do not', async () => {
    const { ex, a, b, fresh } = await start(FIXED_CLOCK)
    // CANCELED with nothing executed.
    const idle = await a.orderPlace(limit('BTCUSDT', 'BUY', '40000.00', '0.00100'))
    await a.orderCancel({ symbol: 'BTCUSDT', orderId: idle.data.orderId })
    const idleStatus = await a.orderStatus({ symbol: 'BTCUSDT', orderId: idle.data.orderId })
    const idleClientId = idleStatus.data.clientOrderId
    // EXPIRED with nothing executed: an IOC order on an empty book.
    const ioc = await a.orderPlace({ ...limit('ETHUSDT', 'BUY', '3000.00', '0.0100'), timeInForce: 'IOC' })
    expect(ioc.data.status).toBe('EXPIRED')
    // CANCELED after a partial fill, and the FILLED order on the other side.
    const partial = await a.orderPlace(limit('BTCUSDT', 'SELL', '70000.00', '0.00200'))
    const taker = await b.orderPlace(limit('BTCUSDT', 'BUY', '70000.00', '0.00100'))
    expect(taker.data.status).toBe('FILLED')
    await a.orderCancel({ symbol: 'BTCUSDT', orderId: partial.data.orderId })

    // Exactly 90 days later the order is not archived yet ("over 90 days ago").
    ex.clock.advance(90 * DAY)
    const at90 = await fresh('a')
    expect((await at90.orderStatus({ symbol: 'BTCUSDT', orderId: idle.data.orderId })).data.status).toBe(
      'CANCELED',
    )
    expect((await at90.allOrders({ symbol: 'BTCUSDT' })).data.map((o) => o.orderId)).toContain(
      idle.data.orderId,
    )

    ex.clock.advance(1)
    const c = await fresh('a')
    const byId = { symbol: 'BTCUSDT', orderId: idle.data.orderId }
    expect(await rejection(c.orderStatus(byId))).toMatchObject(ARCHIVED)
    expect(
      await rejection(c.orderStatus({ symbol: 'BTCUSDT', origClientOrderId: idleClientId })),
    ).toMatchObject(ARCHIVED)
    expect(await rejection(c.orderStatus({ symbol: 'ETHUSDT', orderId: ioc.data.orderId }))).toMatchObject(
      ARCHIVED,
    )
    expect(await rejection(c.orderCancel(byId))).toMatchObject(ARCHIVED)
    const replaced = await rejection(
      c.orderCancelReplace({
        ...limit('BTCUSDT', 'BUY', '40000.00', '0.00100'),
        cancelReplaceMode: 'STOP_ON_FAILURE',
        cancelOrderId: idle.data.orderId,
      }),
    )
    expect(replaced).toMatchObject({ code: -2022, status: 400 })
    expect(replaced.data).toMatchObject({
      cancelResult: 'FAILURE',
      newOrderResult: 'NOT_ATTEMPTED',
      cancelResponse: { code: ARCHIVED.code, msg: ARCHIVED.msg },
    })

    // Executed quantity keeps an order out of the archive, whatever its final status.
    const kept = await c.orderStatus({ symbol: 'BTCUSDT', orderId: partial.data.orderId })
    expect(kept.data).toMatchObject({ status: 'CANCELED', executedQty: '0.00100000' })
    const d = await fresh('b')
    expect((await d.orderStatus({ symbol: 'BTCUSDT', orderId: taker.data.orderId })).data.status).toBe(
      'FILLED',
    )
    // allOrders leaves the archived orders out.
    expect((await c.allOrders({ symbol: 'BTCUSDT' })).data.map((o) => o.orderId)).toEqual([
      partial.data.orderId,
    ])
    expect((await c.allOrders({ symbol: 'ETHUSDT' })).data).toEqual([])
  })

  it('the horizon is an option: orderArchiveAfter in ms, false never archives', async () => {
    const short = await start({ orderArchiveAfter: 60_000 })
    const early = await short.a.orderPlace(limit('BTCUSDT', 'BUY', '40000.00', '0.00100'))
    await short.a.orderCancel({ symbol: 'BTCUSDT', orderId: early.data.orderId })
    short.ex.clock.advance(60_001)
    const s = await short.fresh('a')
    expect(await rejection(s.orderStatus({ symbol: 'BTCUSDT', orderId: early.data.orderId }))).toMatchObject(
      ARCHIVED,
    )

    const never = await start({ ...FIXED_CLOCK, orderArchiveAfter: false })
    const kept = await never.a.orderPlace(limit('BTCUSDT', 'BUY', '40000.00', '0.00100'))
    await never.a.orderCancel({ symbol: 'BTCUSDT', orderId: kept.data.orderId })
    never.ex.clock.advance(365 * DAY)
    const n = await never.fresh('a')
    expect((await n.orderStatus({ symbol: 'BTCUSDT', orderId: kept.data.orderId })).data.status).toBe(
      'CANCELED',
    )
    expect((await n.allOrders({ symbol: 'BTCUSDT' })).data.map((o) => o.orderId)).toEqual([kept.data.orderId])
  })
})
