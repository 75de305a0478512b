// Unfilled-order credits of one engine command: orders that traded for the first time, taker or maker.
import type { Effects } from '../../engine/effects.js'

export interface FirstFillDecrement {
  readonly taker: number
  readonly maker: number
}

/** Orders given back per account: `maker` for a first fill on the book, `taker` for one on entry. */
export function firstFillCredits(effects: Effects, decrement: FirstFillDecrement): Map<number, number> {
  const credits = new Map<number, number>()
  for (const x of effects.executions) {
    if (x.executionType !== 'TRADE' || x.cumQty !== x.lastQty) continue
    const n = x.isMaker ? decrement.maker : decrement.taker
    const accountId = x.order.accountId
    credits.set(accountId, (credits.get(accountId) ?? 0) + n)
  }
  return credits
}
