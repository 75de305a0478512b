import { describe, expect, it } from 'vitest'
import { TradeTape } from './trade-tape.js'

describe('TradeTape retention', () => {
  it('answers from the oldest retained trade once old ones are dropped', () => {
    const tape = new TradeTape(100, 10)
    for (let id = 1; id <= 5000; id++) {
      tape.record({
        id,
        price: 100 + (id % 7),
        qty: id,
        quote: BigInt(id),
        time: id * 10,
        buyerIsMaker: id % 2 === 0,
        takerOrderId: id,
      })
    }
    expect(tape.recent(3).map((t) => t.id)).toEqual([4998, 4999, 5000])
    expect(tape.fromId(1, 2).map((t) => t.id)).toEqual([4097, 4098])
    expect(tape.between(49_970, 49_990)).toEqual([
      {
        id: 4997,
        price: 100 + (4997 % 7),
        qty: 4997,
        quote: 4997n,
        time: 49_970,
        buyerIsMaker: false,
        takerOrderId: 4997,
      },
      {
        id: 4998,
        price: 100 + (4998 % 7),
        qty: 4998,
        quote: 4998n,
        time: 49_980,
        buyerIsMaker: true,
        takerOrderId: 4998,
      },
      {
        id: 4999,
        price: 100 + (4999 % 7),
        qty: 4999,
        quote: 4999n,
        time: 49_990,
        buyerIsMaker: false,
        takerOrderId: 4999,
      },
    ])
    expect(tape.priceBefore(10, 42)).toBe(42)
    expect(tape.aggregates.fromId(1, 1).map((a) => a.firstId)).toEqual([4097])
  })
})
