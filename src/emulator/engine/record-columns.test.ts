import { describe, expect, it } from 'vitest'
import { RecordColumns } from './record-columns.js'

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
