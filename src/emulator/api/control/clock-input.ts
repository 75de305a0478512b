// The clock as the control API moves it: a time is a whole number of ms from 0 to the end of year 9999, so every
// timestamp the venue shows (and one plus any window or kline interval) stays a valid Date and a safe integer.
import type { Clock } from '../server-life/clock.js'
import { ControlParamError } from './control-param-error.js'

/** 9999-12-31T23:59:59.999Z: the last ms with a four-digit year. */
const MAX_CLOCK_TIME = 253_402_300_799_999

/** `clock` whose `set` and `advance` refuse a time out of range (ControlParamError naming `time` or `ms`). */
export function checkedClock(clock: Clock): Clock {
  return {
    now: () => clock.now(),
    set: (time) => {
      if (!Number.isSafeInteger(time) || time < 0 || time > MAX_CLOCK_TIME)
        throw new ControlParamError(
          'time',
          `must be a whole number of ms from 0 to ${MAX_CLOCK_TIME} (year 9999)`,
        )
      clock.set(time)
    },
    advance: (ms) => {
      if (!Number.isSafeInteger(ms) || ms < 0) throw new ControlParamError('ms', 'must be a whole number ≥ 0')
      const room = MAX_CLOCK_TIME - clock.now()
      if (ms > room)
        throw new ControlParamError(
          'ms',
          `must be at most ${Math.max(0, room)}: the clock stops at the end of year 9999`,
        )
      clock.advance(ms)
    },
  }
}
