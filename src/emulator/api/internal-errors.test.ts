import { describe, expect, it } from 'vitest'
import { InternalErrors } from './internal-errors.js'

describe('InternalErrors', () => {
  it('counts every error and logs each text at most once a minute, a bug with its stack', () => {
    const lines: string[] = []
    let now = 1_000_000
    const errors = new InternalErrors(
      (line) => lines.push(line),
      () => now,
    )
    const bug = new TypeError("Cannot read properties of undefined (reading 'id')")
    errors.met('order.status', bug)
    now += 59_999
    errors.met('order.status', bug)
    errors.met('allOrders', bug)
    now += 1
    errors.met('order.status', 'plain text')
    errors.met('order.status', bug)
    expect(errors.count).toBe(5)
    expect(lines.map((l) => l.split('\n')[0])).toEqual([
      "order.status: answered -1000 after an internal error: Cannot read properties of undefined (reading 'id')",
      "allOrders: answered -1000 after an internal error: Cannot read properties of undefined (reading 'id')",
      'order.status: answered -1000 after an internal error: plain text',
      "order.status: answered -1000 after an internal error: Cannot read properties of undefined (reading 'id')",
    ])
    expect(lines[0]).toContain('at ')
    expect(lines[2]).not.toContain('\n')
  })
})
