import { describe, expect, it } from 'vitest'
import { M, P, place, placed, Q, setupEngine } from './engine.test-util.js'
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
    expect([canceled, iceberg, ioc, maker].map((o) => book.isOpen(o.id))).toEqual([
      false,
      false,
      false,
      false,
    ])
    expect([0, 99].map((id) => book.isOpen(id))).toEqual([false, false])
    expect(book.isOpen(book.lastOrderId)).toBe(true)
    expect(engine.cancel(1, 'BTCUSDT', { orderId: canceled.id }, undefined, 1007)).toEqual({
      ok: false,
      error: 'NOT_FOUND',
    })
  })

  it('include an order amended (keepPriority) and then canceled, with its amendment count', () => {
    const engine = setupEngine('100')
    const book = engine.book('BTCUSDT')
    if (!book) throw new Error('no book')
    const o = placed(place(engine, { accountId: 1, side: 'BUY', quantity: Q('1'), price: P('99') }, 1000))
    expect(engine.amend(1, 'BTCUSDT', { orderId: o.id }, Q('0.5'), 'half', 1001).ok).toBe(true)
    expect(engine.amend(1, 'BTCUSDT', { orderId: o.id }, Q('0.25'), 'quarter', 1002).ok).toBe(true)
    expect(engine.cancel(1, 'BTCUSDT', { orderId: o.id }, undefined, 1003).ok).toBe(true)
    placed(place(engine, { accountId: 3, side: 'BUY', quantity: Q('1'), price: P('90') }, 1004)) // flushes
    const found = book.order(o.id)
    expect(found).not.toBe(o)
    expect(found && state(found)).toEqual(state(o))
    expect(o.amendCount).toBe(2)
    expect(book.amendments.ofOrder(o.id, 0, 10).map((a) => [a.orderId, a.newClientOrderId])).toEqual([
      [o.id, 'half'],
      [o.id, 'quarter'],
    ])
  })

  it('keep any client id and a cumulative quote beyond 2^53 exactly', () => {
    const engine = setupEngine('100')
    const book = engine.book('BTCUSDT')
    if (!book) throw new Error('no book')
    engine.ledger.credit(1, 'USDT', M('1000000000'))
    engine.ledger.credit(2, 'BTC', M('1000'))
    const ids = [
      '',
      'ünïcødé',
      '日本-1',
      'x'.repeat(300),
      ...Array.from({ length: 3000 }, (_, i) => `c${i}-${'y'.repeat(i % 40)}`),
    ]
    const orders = ids.map((clientOrderId, i) =>
      placed(
        place(
          engine,
          { accountId: 1, side: 'BUY', quantity: Q('0.001'), price: P('50'), clientOrderId },
          2000 + i,
        ),
      ),
    )
    for (const o of orders)
      expect(engine.cancel(1, 'BTCUSDT', { orderId: o.id }, o.clientOrderId, 9000).ok).toBe(true)
    // 1000 BTC at 100 000 USDT: 10^16 money units of quote, beyond a safe integer.
    const big = placed(
      place(engine, { accountId: 2, side: 'SELL', quantity: Q('1000'), price: P('100000') }, 9001),
    )
    const taker = placed(
      place(
        engine,
        { accountId: 1, side: 'BUY', quantity: Q('1000'), price: P('100000'), timeInForce: 'IOC' },
        9002,
      ),
    )
    placed(place(engine, { accountId: 3, side: 'BUY', quantity: Q('1'), price: P('90') }, 9003)) // flushes
    expect(taker.cumQuote).toBe(10n ** 16n)
    const all = [...orders, big, taker]
    for (const [i, o] of all.entries()) {
      const found = book.order(o.id)
      expect(found && state(found)).toEqual(state(o))
      expect(found).not.toBe(o)
      // find() by client id scans the history: a sample (the special ids, both pools' edges, the big quote).
      if (i > 4 && i % 97 !== 0 && i < all.length - 3) continue
      const byClientId = engine.find(o.accountId, 'BTCUSDT', { clientOrderId: o.clientOrderId })
      expect('order' in byClientId && byClientId.order.id).toBe(o.id)
    }
  })
})
