import { describe, expect, it } from 'vitest'
import { BanList } from './bans.js'

const T0 = 1_700_000_000_000

describe('BanList', () => {
  it('answers the configured number of 429s in one window, bans at the next violation, longer each time', () => {
    const banned: string[] = []
    const bans = new BanList(3, [120_000, 600_000])
    bans.onBan((ip) => banned.push(ip))
    for (let i = 0; i < 3; i++) expect(bans.violation('a', T0 + 60_000, T0)).toBeUndefined()
    expect(banned).toEqual([])
    expect(bans.violation('a', T0 + 60_000, T0)).toBe(T0 + 120_000)
    expect(banned).toEqual(['a'])
    expect(bans.bannedUntil('a', T0 + 119_999)).toBe(T0 + 120_000)
    expect(bans.bannedUntil('a', T0 + 120_000)).toBeUndefined()
    expect(bans.bannedUntil('b', T0)).toBeUndefined()
    const later = T0 + 300_000
    for (let i = 0; i < 3; i++) bans.violation('a', later + 60_000, later)
    expect(bans.violation('a', later + 60_000, later)).toBe(later + 600_000)
    for (let i = 0; i < 3; i++) bans.violation('a', later + 1e6, later + 1e6)
    expect(bans.violation('a', later + 1e6, later + 1e6)).toBe(later + 1e6 + 600_000)
  })

  it('counts strikes per window: a new window starts over', () => {
    const bans = new BanList(1, [1000])
    expect(bans.violation('a', 60_000, 0)).toBeUndefined()
    expect(bans.violation('a', 120_000, 60_000)).toBeUndefined()
    expect(bans.violation('a', 120_000, 60_001)).toBe(61_001)
  })

  it('never bans when banAfter is false', () => {
    const bans = new BanList(false, [1000])
    for (let i = 0; i < 100; i++) expect(bans.violation('a', 60_000, 0)).toBeUndefined()
  })

  it('forgets the strikes of windows that have ended, keeping those that still count', () => {
    const bans = new BanList(1, [1000])
    bans.violation('slow', 10 * 60_000, 0)
    // 20 minutes of 429s from a new address each, one per 10 ms in windows of a minute.
    for (let i = 0; i < 120_000; i++) {
      const now = i * 10
      bans.violation(`10.0.${i >> 8}.${i & 255}`, now - (now % 60_000) + 60_000, now)
      if (now === 9 * 60_000) expect(bans.violation('slow', 10 * 60_000, now)).toBe(now + 1000)
    }
    // At most the last window's addresses and those of the window before it (swept when the map doubles).
    expect(bans.striking).toBeLessThanOrEqual(12_000)
  })
})
