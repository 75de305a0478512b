import { describe, expect, it } from 'vitest'
import { replayOptions } from './replay-flags.js'

describe('replay flags', () => {
  it('--step, --quiet-ms and --wait-for-clients become the lockstep options', () => {
    const values = { replay: ['a.zip'], step: '500', 'quiet-ms': '5', 'wait-for-clients': '2' }
    expect(replayOptions(values, [])).toEqual({ files: ['a.zip'], step: 500, quietMs: 5, waitForClients: 2 })
  })

  it('refuses a value that is not a number ≥ 0, and the flags without --replay', () => {
    expect(() => replayOptions({ replay: ['a.zip'], 'quiet-ms': 'soon' }, [])).toThrow(
      "--quiet-ms must be a number ≥ 0, got 'soon'",
    )
    expect(() => replayOptions({ step: '10' }, [])).toThrow('need --replay')
  })
})
