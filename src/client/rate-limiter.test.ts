import { describe, expect, it } from 'vitest'
import type { RateLimit } from '../protocol/envelope.js'
import { RateLimiter } from './rate-limiter.js'

const T0 = Date.UTC(2025, 0, 1) // aligned to every window
const weight = (count: number, limit = 6000): RateLimit => ({
  rateLimitType: 'REQUEST_WEIGHT',
  interval: 'MINUTE',
  intervalNum: 1,
  limit,
  count,
})
const orders = (
  count: number,
  limit: number,
  interval: RateLimit['interval'],
  intervalNum = 1,
): RateLimit => ({
  rateLimitType: 'ORDERS',
  interval,
  intervalNum,
  limit,
  count,
})

describe('RateLimiter budget', () => {
  it('learns usage from a response and reports what is left until the clock-aligned window ends', () => {
    const rl = new RateLimiter()
    rl.observe([weight(120)], T0 + 12_345)
    expect(rl.budget(T0 + 20_000)).toEqual([{ ...weight(120), remaining: 5880, resetsAt: T0 + 60_000 }])
  })

  it('rolls the window forward: a new window starts at zero', () => {
    const rl = new RateLimiter()
    rl.observe([weight(6000)], T0 + 59_999)
    expect(rl.budget(T0 + 59_999)[0]).toMatchObject({ count: 6000, remaining: 0 })
    expect(rl.budget(T0 + 60_000)[0]).toMatchObject({ count: 0, remaining: 6000, resetsAt: T0 + 120_000 })
  })

  it('handles multi-unit intervals (10 SECOND, 1 DAY)', () => {
    const rl = new RateLimiter()
    rl.observe([orders(3, 50, 'SECOND', 10), orders(7, 160_000, 'DAY')], T0 + 12_000)
    const [tenSeconds, day] = rl.budget(T0 + 19_999)
    expect(tenSeconds).toMatchObject({ count: 3, remaining: 47, resetsAt: T0 + 20_000 })
    expect(day).toMatchObject({ count: 7, resetsAt: T0 + 86_400_000 })
    expect(rl.budget(T0 + 20_000)[0]).toMatchObject({ count: 0, resetsAt: T0 + 30_000 })
  })

  it("counts the server's count plus the charges still unanswered", () => {
    const rl = new RateLimiter()
    rl.observe([weight(10)], T0)
    const first = { weight: 0, orders: 0 }
    const second = { weight: 0, orders: 0 }
    rl.charge(first, 5, 0)
    rl.charge(second, 3, 0)
    expect(rl.budget(T0)[0]).toMatchObject({ count: 18 })
    // The first answer's count includes the first request, not the second one, still in flight.
    rl.answered(first, [weight(15)], T0 + 1)
    expect(rl.budget(T0 + 1)[0]).toMatchObject({ count: 18 })
    // A request whose weight the server gave back (a successful order): its answer's count excludes it.
    rl.answered(second, [weight(15)], T0 + 2)
    expect(rl.budget(T0 + 2)[0]).toMatchObject({ count: 15 })
    // Released once: a second release changes nothing.
    rl.unanswered(second, true, T0 + 2)
    expect(rl.budget(T0 + 2)[0]).toMatchObject({ count: 15 })
  })

  it('a request lost after its send stays counted until an answer reports; one never sent is dropped', () => {
    const rl = new RateLimiter()
    rl.observe([weight(10)], T0)
    const lost = { weight: 0, orders: 0 }
    const unsent = { weight: 0, orders: 0 }
    rl.charge(lost, 4, 0)
    rl.charge(unsent, 2, 0)
    rl.unanswered(lost, true, T0 + 1)
    rl.unanswered(unsent, false, T0 + 1)
    expect(rl.budget(T0 + 1)[0]).toMatchObject({ count: 14 })
    rl.observe([weight(12)], T0 + 2)
    expect(rl.budget(T0 + 2)[0]).toMatchObject({ count: 12 })
  })

  it('ignores a response without rateLimits', () => {
    const rl = new RateLimiter()
    rl.observe(undefined, T0)
    expect(rl.budget(T0)).toEqual([])
  })
})

describe('RateLimiter.earliestSend', () => {
  it('now when there is room, or nothing is known', () => {
    const rl = new RateLimiter()
    expect(rl.earliestSend(50, 1, T0)).toEqual({ at: T0, limit: '' })
    rl.observe([weight(5950)], T0)
    expect(rl.earliestSend(50, 1, T0)).toEqual({ at: T0, limit: '' })
  })

  it('the window reset when the request would exceed REQUEST_WEIGHT, naming the limit', () => {
    const rl = new RateLimiter()
    rl.observe([weight(5951)], T0 + 30_000)
    expect(rl.earliestSend(50, 0, T0 + 30_000)).toEqual({
      at: T0 + 60_000,
      limit: 'REQUEST_WEIGHT 6000/1 MINUTE',
    })
  })

  it('ORDERS limits only hold back requests that count as orders', () => {
    const rl = new RateLimiter()
    rl.observe([weight(1), orders(50, 50, 'SECOND', 10)], T0 + 1000)
    expect(rl.earliestSend(1, 0, T0 + 1000)).toEqual({ at: T0 + 1000, limit: '' })
    expect(rl.earliestSend(1, 1, T0 + 1000)).toEqual({ at: T0 + 10_000, limit: 'ORDERS 50/10 SECOND' })
  })

  it('the latest reset among several exhausted limits', () => {
    const rl = new RateLimiter()
    rl.observe([weight(6000), orders(160_000, 160_000, 'DAY')], T0 + 5000)
    expect(rl.earliestSend(1, 1, T0 + 5000)).toEqual({ at: T0 + 86_400_000, limit: 'ORDERS 160000/1 DAY' })
  })

  it('a server block (429/418 retryAfter) holds everything until it passes, and only lengthens', () => {
    const rl = new RateLimiter()
    rl.block(T0 + 30_000, 'IP ban (418)')
    rl.block(T0 + 10_000, 'shorter')
    expect(rl.earliestSend(0, 0, T0)).toEqual({ at: T0 + 30_000, limit: 'IP ban (418)' })
    expect(rl.earliestSend(1, 0, T0 + 29_999).at).toBe(T0 + 30_000)
    expect(rl.earliestSend(1, 0, T0 + 30_000)).toEqual({ at: T0 + 30_000, limit: '' })
  })

  it('charges count back-to-back requests before their answers arrive, in the next window too', () => {
    const rl = new RateLimiter()
    rl.observe([weight(5990)], T0)
    const charges = Array.from({ length: 10 }, () => ({ weight: 0, orders: 0 }))
    for (const c of charges) {
      expect(rl.earliestSend(1, 0, T0).at).toBe(T0)
      rl.charge(c, 1, 0)
    }
    expect(rl.earliestSend(1, 0, T0).at).toBe(T0 + 60_000)
    // The new window starts at zero, but the unanswered requests may be counted in it.
    expect(rl.budget(T0 + 60_000)[0]).toMatchObject({ count: 10 })
    for (const c of charges) rl.answered(c, [weight(5)], T0 + 60_001)
    expect(rl.budget(T0 + 60_001)[0]).toMatchObject({ count: 5 })
  })
})

describe('RateLimiter.observeLimits (exchangeInfo)', () => {
  it('adds unknown REQUEST_WEIGHT / ORDERS limits at zero usage and updates known ones, keeping their count', () => {
    const rl = new RateLimiter()
    rl.observe([weight(100)], T0)
    rl.observeLimits(
      [
        { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 1200 },
        { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
        { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 61_000 },
        { rateLimitType: 'CONNECTIONS', interval: 'MINUTE', intervalNum: 5, limit: 300 },
      ],
      T0,
    )
    expect(rl.budget(T0)).toEqual([
      { ...weight(100, 1200), remaining: 1100, resetsAt: T0 + 60_000 },
      { ...orders(0, 100, 'SECOND', 10), remaining: 100, resetsAt: T0 + 10_000 },
    ])
  })
})
