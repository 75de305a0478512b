// The ARITHMETIC_MEAN reference price (docs/emulator-fidelity.md 3.5.6): a moving average of trade prices
// over
// time-aligned buckets, the oldest bucket prorated at the window's cutoff, in fixed point.
import { MONEY_SCALE, toUnits } from '../../engine/decimal.js'
import type { ReferencePriceOptions } from './reference-options.js'
import type { TapeView } from './trade-tape.js'

/** Fixed-point factor of bucket counts and sums (4 extra decimals). */
const FIXED = 10_000n

/** A price as a symbol's reference: money units (10^-8), `null` when none is set now. */
export type ReferenceValue = { readonly price: bigint | null } | 'NEVER_SET'

/**
 * The reference price at `now`; `priceMoney` converts a trade price (price units) to money units.
 * `NEVER_SET`: no calculation is configured, or an arithmetic mean that has never seen a trade.
 */
export function referencePrice(
  calc: ReferencePriceOptions | undefined,
  tape: TapeView,
  priceMoney: (price: number) => bigint,
  now: number,
): ReferenceValue {
  if (!calc) return 'NEVER_SET'
  if (calc.calculationType === 'EXTERNAL') {
    return { price: calc.price === null ? null : toUnits(calc.price, MONEY_SCALE) }
  }
  if (tape.lastTradeTime === undefined) return 'NEVER_SET'
  const width = calc.bucketWidthMs
  const cutoff = now - width * calc.bucketCount
  const oldestOpen = cutoff - mod(cutoff, width)
  let count = 0n
  let sum = 0n
  let bucketOpen = Number.NaN
  let bucketCount = 0n
  let bucketSum = 0n
  const flush = () => {
    if (bucketCount === 0n) return
    if (bucketOpen < cutoff) {
      const cut = BigInt(cutoff - bucketOpen)
      const w = BigInt(width)
      bucketCount -= (bucketCount * cut) / w
      bucketSum -= (bucketSum * cut) / w
    }
    count += bucketCount
    sum += bucketSum
  }
  for (const t of tape.between(oldestOpen, now)) {
    const open = t.time - mod(t.time, width)
    if (open !== bucketOpen) {
      flush()
      bucketOpen = open
      bucketCount = 0n
      bucketSum = 0n
    }
    bucketCount += FIXED
    bucketSum += priceMoney(t.price) * FIXED
  }
  flush()
  return { price: count === 0n ? null : sum / count }
}

function mod(a: number, m: number): number {
  return ((a % m) + m) % m
}
