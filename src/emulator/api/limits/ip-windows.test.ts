import { describe, expect, it } from 'vitest'
import { REQUEST_WEIGHT_RULE } from '../../exchange/limits/rules.js'
import { IpWindows } from './ip-windows.js'
import { WeightCounter } from './weight-counter.js'

describe('IpWindows', () => {
  it('forgets addresses whose window has passed: a stream of new addresses keeps the map bounded', () => {
    const windows = new IpWindows(REQUEST_WEIGHT_RULE)
    let most = 0
    // 100,000 addresses, a new one every 10 ms, each seen once: 1,000 s, ~6,000 per one-minute window.
    for (let n = 0; n < 100_000; n++) {
      windows.window(`10.${n >> 16}.${(n >> 8) & 255}.${n & 255}`, n * 10).add(n * 10, 1)
      most = Math.max(most, windows.size)
    }
    expect(most).toBeLessThan(2 * 6_000 + 1024)
  })

  it('keeps an address whose window still counts, with its count', () => {
    const weights = new WeightCounter(REQUEST_WEIGHT_RULE)
    weights.add('127.0.0.9', 40, 0)
    for (let n = 0; n < 5_000; n++) weights.add(`10.0.${n >> 8}.${n & 255}`, 1, 100)
    expect(weights.entry('127.0.0.9', 200).count).toBe(40)
    expect(weights.entry('127.0.0.9', 60_000).count).toBe(0)
  })
})
