import { describe, expect, it } from 'vitest'
import { ApiFailure } from './api-failure.js'

describe('ApiFailure', () => {
  it('captures no stack trace (refusals are answers; the capture cost more than the rest) and leaves the limit as it was', () => {
    const before = Error.stackTraceLimit
    const failure = new ApiFailure(429, { code: -1003, msg: 'Too much request weight used' })
    expect(failure.stack?.split('\n')).toEqual(['ApiFailure: Too much request weight used'])
    expect(failure).toBeInstanceOf(Error)
    expect(Error.stackTraceLimit).toBe(before)
  })
})
