import { describe, expect, it } from 'vitest'
import { RecordColumns } from './record-columns.js'
import { TradeTape } from './trade-tape.js'

describe('RecordColumns', () => {
  it('keeps every field of every record across the first chunk growing and later chunks', () => {
    const c = new RecordColumns(3)
    for (let n = 0; n < 10_000; n++) {
      const i = c.push()
      expect(i).toBe(n)
      c.set(i, 0, n)
      c.set(i, 1, n * 2)
      c.setMoney(i, 2, BigInt(n) * 3n)
    }
    expect(c.length).toBe(10_000)
    for (const n of [0, 15, 16, 17, 4095, 4096, 9999]) {
      expect([c.get(n, 0), c.get(n, 1), c.money(n, 2)]).toEqual([n, n * 2, BigInt(n) * 3n])
    }
    expect(c.lowerBound(1, (v) => v >= 9001)).toBe(4501)
  })

  it('keeps money beyond 2^53 exactly, and a later safe value in the same slot', () => {
    const c = new RecordColumns(1)
    const big = 2n ** 80n + 7n
    const i = c.push()
    c.setMoney(i, 0, big)
    expect(c.money(i, 0)).toBe(big)
    c.setMoney(i, 0, -5n)
    expect(c.money(i, 0)).toBe(-5n)
  })

  it('drops whole old chunks only while at least `keep` records remain; numbers do not move', () => {
    const c = new RecordColumns(1)
    for (let n = 0; n < 3 * 4096 + 10; n++) c.setMoney(c.push(), 0, 2n ** 60n + BigInt(n))
    c.dropBefore(4096)
    expect(c.first).toBe(2 * 4096)
    expect(c.length).toBe(4096 + 10)
    expect(c.money(2 * 4096, 0)).toBe(2n ** 60n + BigInt(2 * 4096))
    expect(c.lowerBound(0, () => true)).toBe(2 * 4096)
  })
})

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
