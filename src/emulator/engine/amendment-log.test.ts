import { describe, expect, it } from 'vitest'
import { AmendmentLog } from './amendment-log.js'
import { TextPool } from './text-pool.js'

describe('TextPool', () => {
  it('gives back every text: empty, Latin-1, beyond U+00FF, longer than 255, across pool edges', () => {
    const pool = new TextPool()
    const texts = [
      '',
      'ünïcødé',
      '日本-1',
      'x'.repeat(300),
      ...Array.from({ length: 5000 }, (_, i) => `c${i}-${'y'.repeat(i % 50)}`),
    ]
    const handles = texts.map((t) => pool.add(t))
    expect(handles.map((h) => pool.text(h))).toEqual(texts)
  })
})

describe('AmendmentLog', () => {
  it("answers one order's amendments from an execution id, up to a limit, oldest first", () => {
    const log = new AmendmentLog()
    for (let k = 0; k < 40; k++) {
      log.add({
        orderId: 1 + (k % 4),
        executionId: 100 + k,
        origClientOrderId: `before-${k}`,
        newClientOrderId: `after-${k}`,
        origQty: 1000 - k,
        newQty: 999 - k,
        time: 1_700_000_000_000 + k,
      })
    }
    expect(log.length).toBe(40)
    expect(log.ofOrder(3, 110, 2)).toEqual([
      {
        orderId: 3,
        executionId: 110,
        origClientOrderId: 'before-10',
        newClientOrderId: 'after-10',
        origQty: 990,
        newQty: 989,
        time: 1_700_000_000_010,
      },
      {
        orderId: 3,
        executionId: 114,
        origClientOrderId: 'before-14',
        newClientOrderId: 'after-14',
        origQty: 986,
        newQty: 985,
        time: 1_700_000_000_014,
      },
    ])
    expect(log.ofOrder(9, 0, 10)).toEqual([])
  })
})
