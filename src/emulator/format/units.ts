// Engine units as the spec's 8-decimal strings.
import { formatUnits, MONEY_SCALE } from '../engine/decimal.js'

interface Scales {
  readonly priceScale: number
  readonly qtyScale: number
}

export const priceText = (m: Scales, units: number): string => formatUnits(units, m.priceScale)
export const qtyText = (m: Scales, units: number): string => formatUnits(units, m.qtyScale)
/** Money units (10^-8) as text. */
export const moneyText = (units: bigint): string => formatUnits(units, MONEY_SCALE)
