// Configuration of a symbol's reference price and of its PRICE_RANGE execution rule.
import type { Decimal } from '../../../protocol/methods.js'

/** How a symbol's reference price is computed (`referencePrice.calculation`). */
export type ReferencePriceOptions =
  | {
      /** A moving average of trade prices over `bucketCount` buckets of `bucketWidthMs`. */
      calculationType: 'ARITHMETIC_MEAN'
      bucketCount: number
      bucketWidthMs: number
    }
  | {
      /** Set outside the matching engine; id 0 means set manually by an operator. */
      calculationType: 'EXTERNAL'
      externalCalculationId: number
      /** The price; `null` while none is set. */
      price: Decimal | null
    }

/** The multipliers of the PRICE_RANGE rule; an omitted one disables that side and direction. */
export interface PriceRangeOptions {
  bidLimitMultUp?: Decimal
  bidLimitMultDown?: Decimal
  askLimitMultUp?: Decimal
  askLimitMultDown?: Decimal
}
