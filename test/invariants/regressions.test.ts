// Shrunk counterexamples of the model-based suite, kept as plain tests.
import { describe, expect, it } from 'vitest'
import { type Command, run } from './model-driver.js'
import type { MPlace } from './reference-model.js'

const limit = (account: number, side: 'BUY' | 'SELL', price: number, qty: number, extra = {}): Command => ({
  kind: 'place',
  cmd: {
    account,
    symbol: 'AAABBB',
    side,
    type: 'LIMIT',
    tif: 'GTC',
    price,
    qty,
    clientId: undefined,
    stp: 'NONE',
    ...extra,
  },
})

describe('model regressions', () => {
  it('a FOK taker that would meet its own order under STP expires whole, untouched by STP', () => {
    expect(() =>
      run(
        [
          limit(1, 'SELL', 90, 1),
          limit(1, 'BUY', 90, 1, { tif: 'FOK', stp: 'EXPIRE_BOTH' }),
          { kind: 'amend', account: 1, symbol: 'AAABBB', pick: 1, newQty: 1 },
        ],
        false,
      ),
    ).not.toThrow()
  })

  it('a self-trade then a trade with liquidity: each order sees its fills in order', () => {
    expect(() => run([limit(3, 'SELL', 100, 1), limit(3, 'BUY', 101, 2)], true)).not.toThrow()
  })

  it('two makers of one account at one price fill first in, first out against its own taker', () => {
    expect(() =>
      run([limit(1, 'SELL', 90, 1), limit(1, 'SELL', 90, 1), limit(1, 'BUY', 90, 2)], false),
    ).not.toThrow()
  })
})

describe('model regressions: MARKET BUY reservations under self-trade prevention', () => {
  it('a MARKET BUY whose own cheaper maker is removed by EXPIRE_MAKER trades on at the next price', () => {
    run(
      [
        limit(2, 'SELL', 100, 1),
        limit(1, 'SELL', 101, 1),
        {
          kind: 'place',
          cmd: { ...(limit(2, 'BUY', 0, 1) as { cmd: MPlace }).cmd, type: 'MARKET', stp: 'EXPIRE_MAKER' },
        },
      ],
      false,
    )
  })
})
