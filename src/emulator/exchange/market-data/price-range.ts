// The bounds of a symbol's PRICE_RANGE execution rule from its reference price (docs/emulator-fidelity.md
// 3.5.5):
// BUY within [ref × bidLimitMultDown, ref × bidLimitMultUp], SELL within the ask multipliers.

import type { Decimal } from '../../../protocol/methods.js'
import { MONEY_SCALE, pow10, significantDecimals, toUnits } from '../../engine/decimal.js'
import type { MarketSpec } from '../../engine/market.js'
import type { PriceBounds, PriceRangeSource } from '../../engine/price-range.js'
import type { PriceRangeOptions, ReferencePriceOptions } from './reference-options.js'
import { referencePrice } from './reference-price.js'
import type { TapeView } from './trade-tape.js'

/** A multiplier as an exact fraction. */
interface Fraction {
  readonly num: bigint
  readonly den: bigint
}

const fraction = (m: Decimal | undefined): Fraction | undefined => {
  if (m === undefined) return undefined
  const scale = significantDecimals(m)
  return { num: toUnits(m, scale), den: pow10(scale) }
}

/** The rule's source for the matcher; undefined when the symbol has no rule. */
export function priceRangeSource(
  rule: PriceRangeOptions | undefined,
  calc: ReferencePriceOptions | undefined,
  market: Pick<MarketSpec, 'priceScale'>,
  tape: TapeView,
): PriceRangeSource | undefined {
  if (!rule) return undefined
  const bid = { up: fraction(rule.bidLimitMultUp), down: fraction(rule.bidLimitMultDown) }
  const ask = { up: fraction(rule.askLimitMultUp), down: fraction(rule.askLimitMultDown) }
  const perPrice = pow10(MONEY_SCALE - market.priceScale)
  const toMoney = (price: number) => BigInt(price) * perPrice
  return (side, now): PriceBounds | undefined => {
    const ref = referencePrice(calc, tape, toMoney, now)
    if (ref === 'NEVER_SET' || ref.price === null) return undefined
    const price = ref.price
    const m = side === 'BUY' ? bid : ask
    const scaled = (f: Fraction) => ({ num: price * f.num, den: f.den * perPrice })
    const lo = m.down ? ceilDiv(scaled(m.down)) : 0
    const hi = m.up ? floorDiv(scaled(m.up)) : Number.POSITIVE_INFINITY
    return { lo, hi }
  }
}

const floorDiv = (f: Fraction): number => Number(f.num / f.den)
const ceilDiv = (f: Fraction): number => Number((f.num + f.den - 1n) / f.den)
