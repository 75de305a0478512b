import { describe, expect, it } from 'vitest'
import { P, place, placed, Q, setupEngine } from './engine.test-util.js'
import type { Order } from './order.js'

/** Every field a query can read from an order. */
function state(o: Order) {
  return {
    id: o.id,
    accountId: o.accountId,
    market: o.market,
    side: o.side,
    type: o.type,
    timeInForce: o.timeInForce,
    quoteOrderQty: o.quoteOrderQty,
    time: o.time,
    selfTradePreventionMode: o.selfTradePreventionMode,
    strategyId: o.strategyId,
    strategyType: o.strategyType,
    stopPrice: o.stopPrice,
    trailingDelta: o.trailingDelta,
    icebergQty: o.icebergQty,
    peg: o.peg,
    price: o.price,
    origQty: o.origQty,
    clientOrderId: o.clientOrderId,
    orderListId: o.orderListId,
    executedQty: o.executedQty,
    preventedQty: o.preventedQty,
    preventedMatchId: o.preventedMatchId,
    cumQuote: o.cumQuote,
    status: o.status,
    expiryReason: o.expiryReason,
    locked: o.locked,
    lockPrice: o.lockPrice,
    trailingTime: o.trailingTime,
    trailExtreme: o.trailExtreme,
    sliceLeft: o.sliceLeft,
    amendCount: o.amendCount,
    workingFloor: o.workingFloor,
    updateTime: o.updateTime,
    workingTime: o.workingTime,
    remaining: o.remaining,
    visible: o.visible,
    isOpen: o.isOpen,
    onBook: o.onBook,
    prev: o.prev,
    next: o.next,
    level: o.level,
  }
}

describe('closed orders kept compactly', () => {
  it('come back from order(), find() and allOrders() with the state they closed with', () => {
    const engine = setupEngine('100')
    const book = engine.book('BTCUSDT')
    if (!book) throw new Error('no book')
    const maker = placed(
      place(engine, { accountId: 2, side: 'SELL', quantity: Q('1'), price: P('101') }, 1000),
    )
    const canceled = placed(
      place(engine, { accountId: 1, side: 'BUY', quantity: Q('1'), price: P('99') }, 1001),
    )
    const iceberg = placed(
      place(
        engine,
        { accountId: 1, side: 'BUY', quantity: Q('1'), price: P('98'), icebergQty: Q('0.2') },
        1002,
      ),
    )
    const c = engine.cancel(1, 'BTCUSDT', { orderId: canceled.id }, undefined, 1003)
    const ci = engine.cancel(1, 'BTCUSDT', { orderId: iceberg.id }, 'mine', 1004)
    const ioc = placed(
      place(
        engine,
        { accountId: 1, side: 'BUY', quantity: Q('2'), price: P('102'), timeInForce: 'IOC' },
        1005,
      ),
    )
    placed(place(engine, { accountId: 3, side: 'BUY', quantity: Q('1'), price: P('90') }, 1006)) // flushes
    expect(c.ok && ci.ok).toBe(true)
    for (const o of [maker, canceled, iceberg, ioc]) {
      const found = book.order(o.id)
      expect(found && state(found)).toEqual(state(o))
      const byClientId = engine.find(o.accountId, 'BTCUSDT', { clientOrderId: o.clientOrderId })
      expect('order' in byClientId && state(byClientId.order)).toEqual(state(o))
    }
    expect([maker.status, canceled.status, ioc.status]).toEqual(['FILLED', 'CANCELED', 'EXPIRED'])
    // Compact ones are new objects each time; an order with rarely used fields stays the object it was.
    expect(book.order(canceled.id)).not.toBe(canceled)
    expect(book.order(iceberg.id)).toBe(iceberg)
    expect(book.allOrders(1).map(state)).toEqual([canceled, iceberg, ioc].map(state))
    expect(book.order(0)).toBeUndefined()
    expect(book.order(99)).toBeUndefined()
    expect(engine.cancel(1, 'BTCUSDT', { orderId: canceled.id }, undefined, 1007)).toEqual({
      ok: false,
      error: 'NOT_FOUND',
    })
  })
})
