// MAX_ASSET (an account's asset filter): the amount of one asset a single order may transact.
import type { AssetFilter } from '../../../protocol/results.js'
import { MONEY_SCALE, pow10, toUnits } from '../../engine/decimal.js'

/** The order's amounts in 10^-8 units; `notional` in 10^-16 units as the symbol filters compute it. */
export interface AssetAmounts {
  readonly baseAsset: string
  readonly quoteAsset: string
  readonly quantity: bigint | undefined
  readonly notional: bigint | undefined
}

/** Whether an asset filter rejects the order: base `quantity ≤ limit`, quote `notional ≤ limit`. */
export function failsMaxAsset(filters: readonly AssetFilter[], o: AssetAmounts): boolean {
  return filters.some((f) => {
    const limit = toUnits(f.limit, MONEY_SCALE)
    if (f.asset === o.baseAsset && o.quantity !== undefined && o.quantity > limit) return true
    return f.asset === o.quoteAsset && o.notional !== undefined && o.notional > limit * pow10(MONEY_SCALE)
  })
}

/** The account's asset filters that apply to a symbol (its base or its quote asset). */
export function assetFiltersFor(
  filters: readonly AssetFilter[],
  baseAsset: string,
  quoteAsset: string,
): AssetFilter[] {
  return filters.filter((f) => f.asset === baseAsset || f.asset === quoteAsset)
}
