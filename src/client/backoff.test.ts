import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Backoff, type BackoffOptions } from './backoff.js'
import type { ManagedSocket } from './client-socket.js'
import { Lifecycle, type LifecycleHost } from './lifecycle.js'
import type { TimerHandle, Timers } from './timers.js'
import type { StatusChange } from './types.js'

const WINDOW = 300_000
const OPTIONS: BackoffOptions = { baseDelay: 1000, maxDelay: 30_000, maxAttempts: 290, windowMs: WINDOW }
const JUST_BELOW_ONE = 1 - 2 ** -52

/** A deterministic pseudo-random source in [0, 1). */
function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0
    return s / 2 ** 32
  }
}

/** The most attempts found in any window [t, t + WINDOW) that starts at an attempt. */
function maxInAnyWindow(times: number[]): number {
  let max = 0
  let lo = 0
  for (let hi = 0; hi < times.length; hi++) {
    while ((times[hi] as number) - (times[lo] as number) >= WINDOW) lo += 1
    max = Math.max(max, hi - lo + 1)
  }
  return max
}

describe('Backoff delays', () => {
  it('first attempt: full jitter in [0, baseDelay]', () => {
    expect(new Backoff({ ...OPTIONS, random: () => 0 }).delay(1, 0)).toBe(0)
    expect(new Backoff({ ...OPTIONS, random: () => JUST_BELOW_ONE }).delay(1, 0)).toBe(1000)
    expect(new Backoff({ ...OPTIONS, random: () => 0.25 }).delay(1, 0)).toBe(250)
  })

  it('later attempts: in [ceiling/2, ceiling], ceiling = min(maxDelay, baseDelay·2^(n−1))', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 200 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (n, r) => {
          const ceiling = Math.min(30_000, 1000 * 2 ** (n - 1))
          const d = new Backoff({ ...OPTIONS, random: () => r }).delay(n, 0)
          expect(d).toBeGreaterThanOrEqual(Math.floor(ceiling / 2))
          expect(d).toBeLessThanOrEqual(ceiling)
        },
      ),
    )
  })

  it('grows exponentially up to maxDelay', () => {
    const b = new Backoff({ ...OPTIONS, random: () => JUST_BELOW_ONE })
    expect([2, 3, 4, 5, 6, 7, 8, 50].map((n) => b.delay(n, 0))).toEqual([
      2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000, 30_000,
    ])
    const low = new Backoff({ ...OPTIONS, random: () => 0 })
    expect([2, 3, 4, 5, 6].map((n) => low.delay(n, 0))).toEqual([1000, 2000, 4000, 8000, 15_000])
  })

  it('jitter spreads clients: different random draws give different delays for the same attempt', () => {
    const random = lcg(7)
    const b = new Backoff({ ...OPTIONS, random })
    const delays = new Set(Array.from({ length: 50 }, () => b.delay(5, 0)))
    expect(delays.size).toBeGreaterThan(40)
  })

  it('a full window makes the next attempt wait until its oldest attempt leaves the window', () => {
    const b = new Backoff({ ...OPTIONS, random: () => 0 })
    for (let i = 0; i < 290; i++) b.record(i * 10)
    expect(b.inWindow).toBe(290)
    // The oldest attempt (t = 0) leaves the window at t = WINDOW.
    expect(b.delay(1, 5000)).toBe(WINDOW - 5000)
    expect(b.delay(1, WINDOW)).toBe(0)
    expect(b.inWindow).toBe(289)
  })
})

describe('Backoff under a flapping server', () => {
  /** Simulates Backoff as the lifecycle uses it: record each attempt, wait delay(attempt) before the next. */
  function simulate(random: () => number, succeeds: (i: number) => boolean, attempts: number): number[] {
    const b = new Backoff({ ...OPTIONS, random })
    const times: number[] = []
    let now = 0
    let attempt = 0
    for (let i = 0; i < attempts; i++) {
      b.record(now)
      times.push(now)
      // A connection that opens and drops at once resets the attempt counter, as the lifecycle does.
      attempt = succeeds(i) ? 1 : attempt + 1
      now += b.delay(attempt, now)
    }
    return times
  }

  it.each([
    ['always drops right after opening, zero jitter', () => 0, () => true],
    ['always drops right after opening, random jitter', lcg(1), () => true],
    ['alternates refusals and drops', lcg(2), (i: number) => i % 2 === 0],
    ['refuses three times, then drops', lcg(3), (i: number) => i % 4 === 3],
  ])('never more than 290 attempts in any 5-minute window: %s', (_name, random, succeeds) => {
    const times = simulate(random, succeeds, 3000)
    expect(maxInAnyWindow(times)).toBeLessThanOrEqual(290)
  })

  it('with zero jitter the window is used to its limit, then waits', () => {
    const times = simulate(
      () => 0,
      () => true,
      600,
    )
    expect(times.slice(0, 290).every((t) => t === 0)).toBe(true)
    expect(times[290]).toBe(WINDOW)
    expect(maxInAnyWindow(times)).toBe(290)
  })
})

/** Minimal manual timers for the lifecycle simulation. */
function fakeTimers() {
  let now = 0
  let seq = 0
  const queue = new Map<number, { at: number; fn: () => void }>()
  const timers: Timers & { next(): boolean } = {
    now: () => now,
    setTimeout(fn, ms) {
      seq += 1
      queue.set(seq, { at: now + Math.max(0, ms), fn })
      return { __timer: true, seq } as unknown as TimerHandle
    },
    clearTimeout(h) {
      if (h) queue.delete((h as unknown as { seq: number }).seq)
    },
    next() {
      let best: [number, { at: number; fn: () => void }] | undefined
      for (const e of queue) if (!best || e[1].at < best[1].at) best = e
      if (!best) return false
      queue.delete(best[0])
      now = Math.max(now, best[1].at)
      best[1].fn()
      return true
    },
  }
  return timers
}

describe('Lifecycle reconnecting against a flapping server (fake sockets, fake clock)', () => {
  it('keeps connection attempts within 290 per 5 minutes', async () => {
    const timers = fakeTimers()
    const attempts: number[] = []
    const statuses: StatusChange[] = []
    let i = 0
    let dropInstalled: (() => void) | undefined
    const host: LifecycleHost<ManagedSocket> = {
      timers,
      backoff: new Backoff({ ...OPTIONS, random: lcg(9) }),
      connectTimeout: 10_000,
      renewAfter: 23 * 3_600_000,
      newSocket: (_first, closed) => {
        attempts.push(timers.now())
        const refuse = i++ % 3 === 1 // the first connect succeeds
        const socket: ManagedSocket = {
          url: 'ws://flapping',
          isOpen: true,
          open: () => (refuse ? Promise.reject(new Error('refused')) : Promise.resolve()),
          drain: () => {},
          close: () => Promise.resolve(),
        }
        dropInstalled = () => closed(socket, 1006, 'flap')
        return socket
      },
      setup: () => Promise.resolve(),
      status: (s) => statuses.push(s),
      // Every socket that opens is dropped by the server at once.
      opened: () => {
        const drop = dropInstalled
        queueMicrotask(() => drop?.())
      },
      recovered: () => {},
    }
    const life = new Lifecycle(0, host)
    await life.connect()
    while (attempts.length < 1500) {
      expect(timers.next()).toBe(true)
      for (let k = 0; k < 5; k++) await Promise.resolve()
    }
    await life.stop()
    expect(maxInAnyWindow(attempts)).toBeLessThanOrEqual(290)
    expect(attempts.at(-1)).toBeGreaterThan(4 * WINDOW)
    const delays = statuses.flatMap((s) => (s.state === 'reconnecting' ? [s.delay] : []))
    expect(delays.length).toBeGreaterThan(1000)
  })
})
