// The hook of the Price Range Execution Rule (docs/emulator-fidelity.md 3.5.5): the exchange tells the
// matcher, once per
// taker phase, the inclusive price bounds a taker on one side may trade within.
import type { Side } from '../../protocol/enums.js'

/** Inclusive bounds in price units; `lo` 0 / `hi` Infinity when that direction has no multiplier. */
export interface PriceBounds {
  readonly lo: number
  readonly hi: number
}

/** The bounds for a taker on `side` at `now`; undefined when the rule does not apply now. */
export type PriceRangeSource = (side: Side, now: number) => PriceBounds | undefined
