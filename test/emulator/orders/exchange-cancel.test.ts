// docs/emulator-fidelity.md 3.11.8 end to end: the exchange cancels open orders (ex.cancelOrders, as Binance does at
// a delisting or maintenance). Each becomes EXPIRED with expiryReason EXCHANGE_CANCELED, list legs with their whole
// list.
import { describe, expect, it } from 'vitest'
import type { ExecutionReport } from '../../../src/protocol/events.js'
import { balanceOf } from '../../support/account-state.js'
import { perFile, startTraders } from '../../support/exchange.js'
import { limit, pendingLimit, workingLimit } from '../../support/order-params.js'

const t = perFile(() => startTraders({ record: true }))

const EXCHANGE_CANCELED = { x: 'EXPIRED', X: 'EXPIRED', eR: 'EXCHANGE_CANCELED' }

describe('orders canceled by the exchange (fidelity 3.11.8 EXCHANGE_CANCELED)', () => {
  it('single orders, stop orders and every leg of OCO and OTO lists expire with eR EXCHANGE_CANCELED', async () => {
    const usdt = (await balanceOf(t.a, 'USDT')).free
    const btc = (await balanceOf(t.a, 'BTC')).free
    const single = await t.a.orderPlace(limit('BTCUSDT', 'BUY', '50000.00', '0.01000'))
    const stop = await t.a.orderPlace({
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'STOP_LOSS_LIMIT',
      timeInForce: 'GTC',
      price: '40000.00',
      stopPrice: '40000.00',
      quantity: '0.01000',
    })
    const oco = await t.a.orderListPlaceOco({
      symbol: 'BTCUSDT',
      side: 'SELL',
      quantity: '0.01000',
      aboveType: 'LIMIT_MAKER',
      abovePrice: '70000.00',
      belowType: 'STOP_LOSS_LIMIT',
      belowStopPrice: '45000.00',
      belowPrice: '45000.00',
      belowTimeInForce: 'GTC',
    })
    const oto = await t.a.orderListPlaceOto({
      ...workingLimit('BTCUSDT', 'BUY', '51000.00', '0.01000'),
      ...pendingLimit('SELL', '75000.00', '0.01000'),
    })
    const others = await t.b.orderPlace(limit('BTCUSDT', 'BUY', '50000.00', '0.01000'))
    const ids = [
      single.data.orderId,
      stop.data.orderId,
      ...oco.data.orders.map((o) => o.orderId),
      ...oto.data.orders.map((o) => o.orderId),
    ]

    // Only account fa's orders: 1 + 1 + 2 + 2 (the OTO's pending leg included).
    expect(t.ex.cancelOrders('BTCUSDT', { apiKey: 'a' })).toBe(6)

    for (const id of ids) {
      const last = await t.eventsA.settle(() => {
        const r = t.eventsA.reports('BTCUSDT', id).at(-1)
        expect(r).toMatchObject(EXCHANGE_CANCELED)
        return r as ExecutionReport
      })
      expect(last).toMatchObject({ i: id, s: 'BTCUSDT' })
      const { data } = await t.a.orderStatus({ symbol: 'BTCUSDT', orderId: id })
      expect(data).toMatchObject({
        status: 'EXPIRED',
        executedQty: '0.00000000',
        expiryReason: 'EXCHANGE_CANCELED',
      })
    }
    // No OCO_TRIGGER / OTO_PHASE_ONE_EXPIRED: every leg carries the exchange's reason.
    const reasons = t.eventsA.events
      .filter((e): e is ExecutionReport => e.e === 'executionReport' && e.X === 'EXPIRED')
      .map((e) => e.eR)
    expect(reasons).toEqual(Array(6).fill('EXCHANGE_CANCELED'))
    for (const listId of [oco.data.orderListId, oto.data.orderListId]) {
      await t.eventsA.settle(() =>
        expect(t.eventsA.lists(listId).at(-1)).toMatchObject({ l: 'ALL_DONE', L: 'ALL_DONE' }),
      )
    }
    expect((await t.a.openOrdersStatus({ symbol: 'BTCUSDT' })).data).toEqual([])
    expect((await t.a.openOrderListsStatus({})).data).toEqual([])
    // Everything locked is free again.
    expect((await balanceOf(t.a, 'USDT')).free).toBe(usdt)
    expect((await balanceOf(t.a, 'BTC')).free).toBe(btc)

    // The other account's order was left alone; without apiKey every account's orders go.
    expect((await t.b.orderStatus({ symbol: 'BTCUSDT', orderId: others.data.orderId })).data.status).toBe(
      'NEW',
    )
    expect(t.ex.cancelOrders('BTCUSDT')).toBe(1)
    await t.eventsB.settle(() =>
      expect(t.eventsB.reports('BTCUSDT', others.data.orderId).at(-1)).toMatchObject(EXCHANGE_CANCELED),
    )
    expect(t.ex.cancelOrders('BTCUSDT')).toBe(0)
    expect(() => t.ex.cancelOrders('NOPE')).toThrow(RangeError)
    expect(() => t.ex.cancelOrders('BTCUSDT', { apiKey: 'nobody' })).toThrow(RangeError)
  })
})
