import { describe, expect, it } from 'vitest'
import { EmulatorClock } from './clock.js'

const T0 = 1_700_000_000_000

describe('EmulatorClock', () => {
  it('fires due timers in time order, each at its own time, when advanced', () => {
    const clock = new EmulatorClock(() => T0)
    const fired: [string, number][] = []
    clock.at(T0 + 300, () => fired.push(['c', clock.now()]))
    clock.at(T0 + 100, () => fired.push(['a', clock.now()]))
    clock.at(T0 + 200, () => {
      fired.push(['b', clock.now()])
      clock.at(T0 + 250, () => fired.push(['b2', clock.now()]))
    })
    clock.advance(260)
    expect(fired).toEqual([
      ['a', T0 + 100],
      ['b', T0 + 200],
      ['b2', T0 + 250],
    ])
    expect(clock.now()).toBe(T0 + 260)
    clock.advance(40)
    expect(fired.at(-1)).toEqual(['c', T0 + 300])
    clock.dispose()
  })

  it('goes back without firing, and forward again through set', () => {
    const clock = new EmulatorClock(() => T0)
    let fired = 0
    clock.at(T0 + 1000, () => fired++)
    clock.set(T0 - 5000)
    expect(clock.now()).toBe(T0 - 5000)
    expect(fired).toBe(0)
    clock.set(T0 + 1000)
    expect(fired).toBe(1)
    clock.dispose()
  })

  it('tells its rewind listeners when set moves it back, and only then', () => {
    const clock = new EmulatorClock(() => T0)
    const seen: number[] = []
    clock.onRewind(() => seen.push(clock.now()))
    clock.set(T0 + 500)
    clock.set(T0 + 500)
    clock.advance(100)
    clock.set(T0 - 200)
    expect(seen).toEqual([T0 - 200])
    clock.dispose()
  })

  it('does not fire a cancelled timer, and refuses negative durations', () => {
    const clock = new EmulatorClock(() => T0)
    let fired = 0
    clock.at(T0 + 10, () => fired++).cancel()
    clock.advance(20)
    expect(fired).toBe(0)
    expect(() => clock.advance(-1)).toThrow(RangeError)
    clock.dispose()
  })

  it('fires on fireDue once a moving source has reached the timer', () => {
    let source = T0
    const clock = new EmulatorClock(() => source)
    let fired = 0
    clock.at(T0 + 50, () => fired++)
    clock.fireDue()
    expect(fired).toBe(0)
    source += 50
    clock.fireDue()
    expect(fired).toBe(1)
    clock.dispose()
  })
})
