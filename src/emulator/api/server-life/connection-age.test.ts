import { describe, expect, it } from 'vitest'
import { EmulatorClock } from './clock.js'
import { connectionAge } from './connection-age.js'

const T0 = 1_700_000_000_000
const life = { maxConnectionAge: 1000, shutdownNotice: 100 }

/** A connection's age on a clock standing at T0, recording what it does. */
function aged() {
  const clock = new EmulatorClock(() => T0)
  const done: string[] = []
  const age = connectionAge(clock, life, T0, {
    notice: (now) => done.push(`notice ${now - T0}`),
    close: (code, reason) => done.push(`close ${code} ${reason} ${clock.now() - T0}`),
  })
  return { clock, done, age }
}

describe('connectionAge', () => {
  it('notice at age − shutdownNotice, close 1001 at the age, one clock timer at a time', () => {
    const { clock, done } = aged()
    expect(clock.pending).toBe(1)
    clock.advance(900)
    expect(done).toEqual(['notice 900'])
    expect(clock.pending).toBe(1)
    clock.advance(100)
    expect(done).toEqual(['notice 900', 'close 1001 connection age 1000'])
    expect(clock.pending).toBe(0)
  })

  it('closeAt replaces the plan: no second notice, the close at its time', () => {
    const { clock, done, age } = aged()
    age.closeAt(T0 + 950)
    expect(clock.pending).toBe(1)
    clock.advance(2000)
    expect(done).toEqual(['close 1001 server shutdown 950'])
  })

  it('cancel leaves nothing armed, also when the connection closed while being notified', () => {
    const { clock, age } = aged()
    age.cancel()
    expect(clock.pending).toBe(0)
    const closing = new EmulatorClock(() => T0)
    const self = connectionAge(closing, life, T0, { notice: () => self.cancel(), close: () => {} })
    closing.advance(900)
    expect(closing.pending).toBe(0)
    self.closeAt(T0 + 950)
    expect(closing.pending).toBe(0)
  })
})
