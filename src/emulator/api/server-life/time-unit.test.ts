import { describe, expect, it } from 'vitest'
import { inMicroseconds, parseTimeUnit } from './time-unit.js'

const ms = 1_700_000_000_123
const us = ms * 1000

describe('timeUnit', () => {
  it('accepts MICROSECOND and MILLISECOND in any letter case, nothing else', () => {
    expect(parseTimeUnit(null)).toBe('MILLISECOND')
    expect(parseTimeUnit('microsecond')).toBe('MICROSECOND')
    expect(parseTimeUnit('MICROSECOND')).toBe('MICROSECOND')
    expect(parseTimeUnit('MilliSecond')).toBe('MILLISECOND')
    expect(parseTimeUnit('NANOSECOND')).toBeUndefined()
    expect(parseTimeUnit('')).toBeUndefined()
  })

  it('converts result timestamps at any depth, and error.data times', () => {
    const frame = {
      id: 1,
      status: 200,
      result: {
        serverTime: ms,
        orderId: 5,
        fills: [],
        order: { transactTime: ms, workingTime: ms, price: '1' },
      },
      rateLimits: [
        { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000, count: 2 },
      ],
    }
    expect(JSON.parse(inMicroseconds(JSON.stringify(frame)))).toEqual({
      ...frame,
      result: {
        serverTime: us,
        orderId: 5,
        fills: [],
        order: { transactTime: us, workingTime: us, price: '1' },
      },
    })
    const error = {
      id: 2,
      status: 429,
      error: { code: -1003, msg: 'x', data: { serverTime: ms, retryAfter: ms } },
    }
    expect(JSON.parse(inMicroseconds(JSON.stringify(error))).error.data).toEqual({
      serverTime: us,
      retryAfter: us,
    })
  })

  it('converts kline open and close times only', () => {
    const row = [ms, '1', '2', '0.5', '1.5', '10', ms + 59_999, '15', 3, '5', '7', '0']
    const out = JSON.parse(inMicroseconds(JSON.stringify({ id: 1, status: 200, result: [row] })))
    expect(out.result[0]).toEqual([
      us,
      '1',
      '2',
      '0.5',
      '1.5',
      '10',
      (ms + 59_999) * 1000,
      '15',
      3,
      '5',
      '7',
      '0',
    ])
  })

  it('converts event times by event type: u is a time only in outboundAccountPosition', () => {
    const report = { e: 'executionReport', E: ms, T: ms, O: ms, W: ms, t: 7, I: 9, u: 3, i: 1 }
    expect(JSON.parse(inMicroseconds(JSON.stringify({ subscriptionId: 0, event: report }))).event).toEqual({
      ...report,
      E: us,
      T: us,
      O: us,
      W: us,
    })
    const position = { e: 'outboundAccountPosition', E: ms, u: ms, B: [] }
    expect(JSON.parse(inMicroseconds(JSON.stringify({ subscriptionId: 0, event: position }))).event).toEqual({
      ...position,
      E: us,
      u: us,
    })
    const list = { e: 'listStatus', E: ms, T: ms, O: [{ s: 'BTCUSDT', i: 1, c: 'x' }] }
    expect(JSON.parse(inMicroseconds(JSON.stringify({ event: list }))).event.O).toEqual(list.O)
    expect(
      JSON.parse(inMicroseconds(JSON.stringify({ event: { e: 'serverShutdown', E: ms } }))).event.E,
    ).toBe(us)
  })
})
