import { describe, expect, it } from 'vitest'
import type { Trade } from '../../engine/effects.js'
import { type AccountTrade, AccountTrades, type TradeQuery } from './account-trades.js'

/** A fill of order `orderId` (account 1 buys) against order 1000 + n (account 2 sells). */
function trade(n: number, orderId: number): Trade {
  return {
    id: n,
    market: { symbol: 'BTCUSDT' },
    price: 100 + (n % 3),
    qty: n,
    quote: n === 7 ? 2n ** 70n : BigInt(n * 100),
    time: 1_000 + Math.floor(n / 2) * 10,
    buyer: { id: orderId, accountId: 1, orderListId: n % 5 === 0 ? 3 : -1 },
    seller: { id: 1000 + n, accountId: 2, orderListId: -1 },
    buyerIsMaker: n % 2 === 0,
    buyerCommission: BigInt(n),
    sellerCommission: 0n,
    buyerCommissionAsset: n % 4 === 0 ? 'BNB' : 'BTC',
    sellerCommissionAsset: 'USDT',
  } as unknown as Trade
}

/** myTrades as it was answered from a list of every trade: filter, then the first or last `limit`. */
function reference(all: readonly AccountTrade[], q: TradeQuery): AccountTrade[] {
  const fit = all.filter(
    (t) =>
      (q.orderId === undefined || t.orderId === q.orderId) &&
      (q.fromId === undefined || t.id >= q.fromId) &&
      (q.startTime === undefined || t.time >= q.startTime) &&
      (q.endTime === undefined || t.time <= q.endTime),
  )
  return q.oldest ? fit.slice(0, q.limit) : fit.slice(-q.limit)
}

describe('AccountTrades', () => {
  const trades = new AccountTrades()
  for (let n = 1; n <= 200; n++) {
    const t = trade(n, 1 + (n % 7))
    trades.add(1, t, true)
    trades.add(2, t, false)
  }

  it("keeps each side's fields: order, list, commission and its asset, maker flag, quote beyond 2^53", () => {
    const [seventh] = trades.of(1, 'BTCUSDT').filter((t) => t.id === 7)
    expect(seventh).toEqual({
      id: 7,
      orderId: 1,
      orderListId: -1,
      price: 101,
      qty: 7,
      quote: 2n ** 70n,
      commission: 7n,
      commissionAsset: 'BTC',
      time: 1_030,
      isBuyer: true,
      isMaker: false,
    })
    const sold = trades.of(2, 'BTCUSDT')[19]
    expect(sold).toMatchObject({
      id: 20,
      orderId: 1020,
      isBuyer: false,
      isMaker: false,
      commissionAsset: 'USDT',
    })
    expect(trades.of(1, 'BTCUSDT')[19]).toMatchObject({
      orderListId: 3,
      commissionAsset: 'BNB',
      isMaker: true,
    })
    expect(trades.of(3, 'BTCUSDT')).toEqual([])
    expect(trades.select(1, 'ETHUSDT', { limit: 10, oldest: true })).toEqual([])
  })

  it('selects what filtering every trade selected, for every combination of the filters', () => {
    const all = trades.of(1, 'BTCUSDT')
    for (const orderId of [undefined, 3, 99])
      for (const fromId of [undefined, 1, 57])
        for (const [startTime, endTime] of [
          [undefined, undefined],
          [1_100, undefined],
          [undefined, 1_500],
          [1_200, 1_300],
        ])
          for (const limit of [1, 10, 500])
            for (const oldest of [true, false]) {
              const q = { orderId, fromId, startTime, endTime, limit, oldest }
              expect(trades.select(1, 'BTCUSDT', q)).toEqual(reference(all, q))
            }
  })
})
