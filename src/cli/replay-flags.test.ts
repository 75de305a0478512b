import { describe, expect, it } from 'vitest'
import { replayOptions } from './replay-flags.js'

describe('replay flags', () => {
  it('--step, --quiet-ms and --wait-for-clients become the lockstep options', () => {
    const values = { replay: ['a.zip'], step: '500', 'quiet-ms': '5', 'wait-for-clients': '2' }
    expect(replayOptions(values, [])).toEqual({ files: ['a.zip'], step: 500, quietMs: 5, waitForClients: 2 })
  })

  it('refuses a value that is not a number ≥ 0, and the flags without --replay', () => {
    expect(() => replayOptions({ replay: ['a.zip'], 'quiet-ms': 'soon' }, [])).toThrow(
      "--quiet-ms must be a number from 0 to 60000, got 'soon'",
    )
    expect(() => replayOptions({ replay: ['a.zip'], step: '0' }, [])).toThrow(
      "--step must be an integer from 1 to 9007199254740991, got '0'",
    )
    expect(() => replayOptions({ replay: ['a.zip'], 'wait-for-clients': '1.5' }, [])).toThrow(
      '--wait-for-clients must be an integer from 0',
    )
    expect(() => replayOptions({ step: '10' }, [])).toThrow('need --replay')
  })
})
