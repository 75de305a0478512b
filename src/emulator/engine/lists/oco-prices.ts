// The OCO price relationship (docs/emulator-fidelity.md 3.6.5–3.6.6, A28; errors.md "The relationship of the prices
// for the orders is not correct."): SELL limit side > last price > the stop-loss leg's stopPrice; BUY the reverse.
import type { OrderType, Side } from '../../../protocol/enums.js'

/** One leg's prices in price units; undefined where it has none (a trailingDelta without stopPrice, a pegged price not known yet). */
export interface OcoLegPrices {
  readonly type: OrderType
  readonly side: Side
  readonly price: number | undefined
  readonly stopPrice: number | undefined
}

const STOP_LOSS_TYPES: ReadonlySet<OrderType> = new Set(['STOP_LOSS', 'STOP_LOSS_LIMIT'])

/**
 * False when the pair's prices are on the wrong sides of `last`. The limit side is a LIMIT_MAKER or
 * TAKE_PROFIT_LIMIT price, or a TAKE_PROFIT stopPrice; a leg without the price to compare passes.
 */
export function ocoPricesStraddle(legs: readonly OcoLegPrices[], last: number): boolean {
  const stop = legs.find((l) => STOP_LOSS_TYPES.has(l.type))
  const other = legs.find((l) => !STOP_LOSS_TYPES.has(l.type))
  if (!stop || !other) return true
  const stopPrice = stop.stopPrice
  const limit = other.type === 'TAKE_PROFIT' ? other.stopPrice : other.price
  if (stopPrice === undefined || limit === undefined) return true
  return stop.side === 'SELL' ? limit > last && last > stopPrice : limit < last && last < stopPrice
}
