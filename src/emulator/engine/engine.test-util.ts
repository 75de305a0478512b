// A one-symbol engine for unit tests (BTCUSDT, 2 price decimals, 5 quantity decimals) and helpers.
import { expect } from 'vitest'
import { toSafeUnits, toUnits } from './decimal.js'
import { Engine, type PlaceCommand, type PlaceResult } from './engine.js'
import type { Order } from './order.js'

export const P = (s: string) => toSafeUnits(s, 2)
export const Q = (s: string) => toSafeUnits(s, 5)
export const M = (s: string) => toUnits(s, 8)

/** Accounts 1–3 hold 100000 USDT and 10 BTC each; `lastPrice` seeds the last trade price. */
export function setupEngine(lastPrice = '100'): Engine {
  let n = 0
  const engine = new Engine({ newClientOrderId: () => `auto${++n}` })
  const book = engine.addMarket({
    symbol: 'BTCUSDT',
    baseAsset: 'BTC',
    quoteAsset: 'USDT',
    priceScale: 2,
    qtyScale: 5,
    lot: { step: 10, min: 10, max: 900_000_000 },
    marketLot: { step: 10, min: 10, max: 900_000_000 },
  })
  book.lastPrice = P(lastPrice)
  for (const id of [1, 2, 3]) {
    engine.ledger.credit(id, 'USDT', M('100000'))
    engine.ledger.credit(id, 'BTC', M('10'))
  }
  return engine
}

export type Args = Partial<PlaceCommand> & Pick<PlaceCommand, 'accountId' | 'side'>

export function place(engine: Engine, args: Args, now = 1000): PlaceResult {
  return engine.place(
    {
      symbol: 'BTCUSDT',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: 0,
      quantity: 0,
      quoteOrderQty: 0n,
      selfTradePreventionMode: 'NONE',
      ...args,
    },
    now,
  )
}

export function placed(result: PlaceResult): Order {
  if (!result.ok) throw new Error(`rejected: ${result.msg}`)
  return result.order
}

export function balance(engine: Engine, id: number, asset: string) {
  return engine.ledger.holding(id, asset)
}

/** Every asset is conserved (300000 USDT, 30 BTC), nothing is negative, locks match open orders. */
export function expectConserved(engine: Engine): void {
  expect(engine.ledger.total('USDT')).toBe(M('300000'))
  expect(engine.ledger.total('BTC')).toBe(M('30'))
  const book = engine.book('BTCUSDT')
  if (!book) throw new Error('no book')
  for (const id of [1, 2, 3]) {
    for (const asset of ['USDT', 'BTC']) {
      const h = balance(engine, id, asset)
      expect(h.free >= 0n && h.locked >= 0n).toBe(true)
      let locked = 0n
      for (const o of book.openOrders(id)) {
        if ((o.side === 'BUY' ? 'USDT' : 'BTC') === asset) locked += o.locked
      }
      expect(h.locked).toBe(locked)
    }
  }
  const bid = book.bids.best()
  const ask = book.asks.best()
  if (bid && ask) expect(bid.price < ask.price).toBe(true)
}
