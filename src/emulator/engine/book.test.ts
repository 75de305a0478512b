import { describe, expect, it } from 'vitest'
import { OrderBook } from './book.js'
import { Market } from './market.js'
import { Order } from './order.js'

const market = new Market({
  symbol: 'BTCUSDT',
  baseAsset: 'BTC',
  quoteAsset: 'USDT',
  priceScale: 2,
  qtyScale: 5,
  lot: { step: 1, min: 1, max: 900_000_000 },
  marketLot: { step: 1, min: 1, max: 900_000_000 },
})

function order(book: OrderBook, side: 'BUY' | 'SELL', price: number, qty: number): Order {
  const id = ++book.lastOrderId
  return new Order({
    id,
    accountId: 1,
    market,
    side,
    type: 'LIMIT',
    timeInForce: 'GTC',
    price,
    origQty: qty,
    quoteOrderQty: 0n,
    clientOrderId: `c${id}`,
    time: 0,
    selfTradePreventionMode: 'NONE',
    strategyId: undefined,
    strategyType: undefined,
  })
}

function rest(book: OrderBook, side: 'BUY' | 'SELL', price: number, qty: number): Order {
  const o = order(book, side, price, qty)
  book.register(o)
  book.rest(o)
  return o
}

describe('OrderBook', () => {
  it('keeps the best bid (highest) and best ask (lowest) first, aggregated per level', () => {
    const book = new OrderBook(market)
    for (const p of [100, 105, 95, 105]) rest(book, 'BUY', p, 10)
    for (const p of [110, 108, 120]) rest(book, 'SELL', p, 5)
    expect(book.depth(10)).toEqual({
      bids: [
        [105, 20],
        [100, 10],
        [95, 10],
      ],
      asks: [
        [108, 5],
        [110, 5],
        [120, 5],
      ],
    })
    expect(book.depth(1).bids).toEqual([[105, 20]])
  })

  it('queues orders at one price first in, first out and unlinks any of them in place', () => {
    const book = new OrderBook(market)
    const a = rest(book, 'SELL', 100, 1)
    const b = rest(book, 'SELL', 100, 2)
    const c = rest(book, 'SELL', 100, 3)
    const level = book.asks.best()
    expect(level?.head).toBe(a)
    book.close(b)
    expect(a.next).toBe(c)
    expect(c.prev).toBe(a)
    expect(level?.qty).toBe(4)
    expect(level?.count).toBe(2)
    book.close(a)
    expect(level?.head).toBe(c)
    book.close(c)
    expect(book.asks.best()).toBeUndefined()
    expect(book.asks.levelCount).toBe(0)
  })

  it('drops an emptied level in the middle of the side and keeps the others sorted', () => {
    const book = new OrderBook(market)
    const orders = [101, 102, 103, 104].map((p) => rest(book, 'BUY', p, 1))
    book.close(orders[1] as Order)
    rest(book, 'BUY', 102, 7)
    book.close(orders[2] as Order)
    expect(book.depth(10).bids).toEqual([
      [104, 1],
      [102, 7],
      [101, 1],
    ])
  })

  it('counts open orders per account and bumps lastUpdateId on every book change', () => {
    const book = new OrderBook(market)
    const before = book.updateId
    const o = rest(book, 'BUY', 100, 1)
    expect(book.openCount(1)).toBe(1)
    book.close(o)
    expect(book.openCount(1)).toBe(0)
    expect(book.updateId).toBe(before + 2)
  })

  it('frees a client id when its order closes, and still finds the latest closed order by it', () => {
    const book = new OrderBook(market)
    const first = rest(book, 'BUY', 100, 1)
    expect(book.clientIdInUse(1, first.clientOrderId)).toBe(true)
    book.close(first)
    expect(book.clientIdInUse(1, first.clientOrderId)).toBe(false)
    expect(book.findByClientId(1, first.clientOrderId)).toBe(first)
    expect(book.findByClientId(2, first.clientOrderId)).toBeUndefined()
    expect(book.order(first.id)).toBe(first)
    expect(book.openOrders()).toEqual([])
  })
})
