// Unfilled-order credits of one engine command: orders that traded for the first time, taker or maker.
import type { Effects } from '../../engine/effects.js'

export interface FirstFillDecrement {
  readonly taker: number
  readonly maker: number
}

const NONE: ReadonlyMap<number, number> = new Map()

/** Orders given back per account: `maker` for a first fill on the book, `taker` for one on entry. */
export function firstFillCredits(
  effects: Effects,
  decrement: FirstFillDecrement,
): ReadonlyMap<number, number> {
  let credits: Map<number, number> | undefined
  for (const x of effects.executions) {
    if (x.executionType !== 'TRADE' || x.cumQty !== x.lastQty) continue
    const n = x.isMaker ? decrement.maker : decrement.taker
    const accountId = x.order.accountId
    credits ??= new Map()
    credits.set(accountId, (credits.get(accountId) ?? 0) + n)
  }
  return credits ?? NONE
}
