// clock.set and clock.advance keep the emulator time a whole number of ms from 0 to the end of year 9999
// (docs/emulator-control.md): a time out of range is a param error naming `time` or `ms`, and the clock stays.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { controlCall } from '../../support/control-call.js'
import { expectInvalidParam, expectParamError } from '../../support/control-refusal.js'
import { startExchange, T0, type TestExchange } from '../../support/exchange.js'

let k: TestExchange
beforeAll(async () => {
  k = await startExchange({ clock: T0, control: true })
})
afterAll(() => k?.close())

/** 9999-12-31T23:59:59.999Z, the bound the docs name. */
const MAX_CLOCK_TIME = 253_402_300_799_999
const now = async () => (await controlCall(k, 'clock/now')).body.result
const TIME = 'time: must be a whole number of ms from 0 to 253402300799999'

describe('clock: the range of time', () => {
  it('over HTTP: set below 0 or past year 9999, advance below 0 or past it, are refused; the clock stays', async () => {
    for (const time of [-5, -1, MAX_CLOCK_TIME + 1, Number.MAX_SAFE_INTEGER])
      await expectInvalidParam(k, 'clock/set', { time }, TIME)
    await expectInvalidParam(k, 'clock/advance', { ms: -1 }, 'ms: must be a whole number ≥ 0')
    await expectInvalidParam(
      k,
      'clock/advance',
      { ms: MAX_CLOCK_TIME - T0 + 1 },
      `ms: must be at most ${MAX_CLOCK_TIME - T0}`,
    )
    await expectInvalidParam(k, 'clock/advance', { ms: Number.MAX_SAFE_INTEGER }, 'ms: must be at most')
    expect(await now()).toBe(T0)
  })

  it('in-process: a ControlParamError naming time or ms, also for a fraction of a ms', () => {
    for (const time of [-5, 1.5, MAX_CLOCK_TIME + 1, Number.NaN])
      expectParamError(() => k.ex.clock.set(time), TIME)
    expectParamError(() => k.ex.clock.advance(0.5), 'ms: must be a whole number ≥ 0')
    expectParamError(() => k.ex.clock.advance(MAX_CLOCK_TIME), 'ms: must be at most')
    expect(k.ex.clock.now()).toBe(T0)
  })

  it('reaches the last ms of year 9999 and no further, then comes back', async () => {
    expect((await controlCall(k, 'clock/set', { time: MAX_CLOCK_TIME })).status).toBe(200)
    expect(await now()).toBe(MAX_CLOCK_TIME)
    await expectInvalidParam(k, 'clock/advance', { ms: 1 }, 'ms: must be at most 0')
    expect((await controlCall(k, 'clock/advance', { ms: 0 })).status).toBe(200)
    expect((await controlCall(k, 'clock/set', { time: T0 })).status).toBe(200)
    expect(await now()).toBe(T0)
  })
})
