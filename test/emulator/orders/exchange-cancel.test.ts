// DIGEST 3.11.8 end to end: the exchange cancels open orders (ex.cancelOrders, as Binance does at a delisting or
// maintenance). Each becomes EXPIRED with expiryReason EXCHANGE_CANCELED, list legs with their whole list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WebsocketAPIConnection } from '../../../src/client/index.js'
import type { Emulator } from '../../../src/emulator/index.js'
import type { ExecutionReport } from '../../../src/protocol/events.js'
import { type EventLog, limit, recordEvents, startFidelityEmulator } from '../../support/fidelity-kit.js'

let ex: Emulator
let a: WebsocketAPIConnection
let b: WebsocketAPIConnection
let bare: WebsocketAPIConnection
let eventsA: EventLog
let eventsB: EventLog

beforeAll(async () => {
  ;({ ex, a, b, bare } = await startFidelityEmulator([]))
  eventsA = await recordEvents(a)
  eventsB = await recordEvents(b)
})

afterAll(async () => {
  await Promise.all([a?.disconnect(), b?.disconnect(), bare?.disconnect()])
  await ex?.close()
})

const EXCHANGE_CANCELED = { x: 'EXPIRED', X: 'EXPIRED', eR: 'EXCHANGE_CANCELED' }

async function free(conn: WebsocketAPIConnection, asset: string): Promise<string | undefined> {
  const { data } = await conn.accountStatus({})
  return data.balances.find((x) => x.asset === asset)?.free
}

describe('orders canceled by the exchange (DIGEST 3.11.8 EXCHANGE_CANCELED)', () => {
  it('single orders, stop orders and every leg of OCO and OTO lists expire with eR EXCHANGE_CANCELED', async () => {
    const usdt = await free(a, 'USDT')
    const btc = await free(a, 'BTC')
    const single = await a.orderPlace(limit('BTCUSDT', 'BUY', '50000.00', '0.01000'))
    const stop = await a.orderPlace({
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'STOP_LOSS_LIMIT',
      timeInForce: 'GTC',
      price: '40000.00',
      stopPrice: '40000.00',
      quantity: '0.01000',
    })
    const oco = await a.orderListPlaceOco({
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
    const oto = await a.orderListPlaceOto({
      symbol: 'BTCUSDT',
      workingType: 'LIMIT',
      workingSide: 'BUY',
      workingPrice: '51000.00',
      workingQuantity: '0.01000',
      workingTimeInForce: 'GTC',
      pendingType: 'LIMIT',
      pendingSide: 'SELL',
      pendingPrice: '75000.00',
      pendingQuantity: '0.01000',
      pendingTimeInForce: 'GTC',
    })
    const others = await b.orderPlace(limit('BTCUSDT', 'BUY', '50000.00', '0.01000'))
    const ids = [
      single.data.orderId,
      stop.data.orderId,
      ...oco.data.orders.map((o) => o.orderId),
      ...oto.data.orders.map((o) => o.orderId),
    ]

    // Only account fa's orders: 1 + 1 + 2 + 2 (the OTO's pending leg included).
    expect(ex.cancelOrders('BTCUSDT', { apiKey: 'fa' })).toBe(6)

    for (const id of ids) {
      const last = await eventsA.until(() => {
        const r = eventsA.reports('BTCUSDT', id).at(-1)
        expect(r).toMatchObject(EXCHANGE_CANCELED)
        return r as ExecutionReport
      })
      expect(last).toMatchObject({ i: id, s: 'BTCUSDT' })
      const { data } = await a.orderStatus({ symbol: 'BTCUSDT', orderId: id })
      expect(data).toMatchObject({
        status: 'EXPIRED',
        executedQty: '0.00000000',
        expiryReason: 'EXCHANGE_CANCELED',
      })
    }
    // No OCO_TRIGGER / OTO_PHASE_ONE_EXPIRED: every leg carries the exchange's reason.
    const reasons = eventsA.events
      .filter((e): e is ExecutionReport => e.e === 'executionReport' && e.X === 'EXPIRED')
      .map((e) => e.eR)
    expect(reasons).toEqual(Array(6).fill('EXCHANGE_CANCELED'))
    for (const listId of [oco.data.orderListId, oto.data.orderListId]) {
      await eventsA.until(() =>
        expect(eventsA.lists(listId).at(-1)).toMatchObject({ l: 'ALL_DONE', L: 'ALL_DONE' }),
      )
    }
    expect((await a.openOrdersStatus({ symbol: 'BTCUSDT' })).data).toEqual([])
    expect((await a.openOrderListsStatus({})).data).toEqual([])
    // Everything locked is free again.
    expect(await free(a, 'USDT')).toBe(usdt)
    expect(await free(a, 'BTC')).toBe(btc)

    // The other account's order was left alone; without apiKey every account's orders go.
    expect((await b.orderStatus({ symbol: 'BTCUSDT', orderId: others.data.orderId })).data.status).toBe('NEW')
    expect(ex.cancelOrders('BTCUSDT')).toBe(1)
    await eventsB.until(() =>
      expect(eventsB.reports('BTCUSDT', others.data.orderId).at(-1)).toMatchObject(EXCHANGE_CANCELED),
    )
    expect(ex.cancelOrders('BTCUSDT')).toBe(0)
    expect(() => ex.cancelOrders('NOPE')).toThrow(RangeError)
    expect(() => ex.cancelOrders('BTCUSDT', { apiKey: 'nobody' })).toThrow(RangeError)
  })
})
