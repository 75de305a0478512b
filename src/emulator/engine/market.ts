// A symbol as the engine sees it: its assets, its integer units and its quantity rules.
import { MONEY_SCALE, pow10 } from './decimal.js'

/** The quantity rules the matching engine itself applies (quote-quantity market orders). */
export interface LotRules {
  /** Step, minimum and maximum in quantity units; 0 disables the bound. */
  readonly step: number
  readonly min: number
  readonly max: number
}

/** Definition of a tradable symbol for the engine. */
export interface MarketSpec {
  readonly symbol: string
  readonly baseAsset: string
  readonly quoteAsset: string
  /** A price unit is 10^-priceScale of the quote asset. */
  readonly priceScale: number
  /** A quantity unit is 10^-qtyScale of the base asset. */
  readonly qtyScale: number
  readonly lot: LotRules
  readonly marketLot: LotRules
}

/** A MarketSpec with the conversions between book units and money (10^-8 of an asset). */
export class Market implements MarketSpec {
  readonly symbol: string
  readonly baseAsset: string
  readonly quoteAsset: string
  readonly priceScale: number
  readonly qtyScale: number
  readonly lot: LotRules
  readonly marketLot: LotRules
  private readonly notionalFactor: bigint
  private readonly baseFactor: bigint
  /** The same factors as numbers (powers of 10 up to 10^8): a product under 2^53 is exact in a double. */
  private readonly notionalScale: number
  private readonly baseScale: number

  constructor(spec: MarketSpec) {
    this.symbol = spec.symbol
    this.baseAsset = spec.baseAsset
    this.quoteAsset = spec.quoteAsset
    this.priceScale = spec.priceScale
    this.qtyScale = spec.qtyScale
    this.lot = spec.lot
    this.marketLot = spec.marketLot
    // priceScale + qtyScale <= MONEY_SCALE is listSymbol's rule (exchange/symbols.ts): it refuses a symbol before
    // anything is made of it.
    const spare = MONEY_SCALE - spec.priceScale - spec.qtyScale
    this.notionalFactor = pow10(spare)
    this.baseFactor = pow10(MONEY_SCALE - spec.qtyScale)
    this.notionalScale = 10 ** spare
    this.baseScale = 10 ** (MONEY_SCALE - spec.qtyScale)
  }

  /** price × qty in quote money units. */
  notional(price: number, qty: number): bigint {
    // Both are integer units: their product (and its product with the scale) is exact in a double while it stays
    // a safe integer, so the result is one BigInt conversion, with no multiplication on the heap.
    const units = price * qty
    if (units >= 0 && units <= Number.MAX_SAFE_INTEGER) {
      const money = units * this.notionalScale
      if (money <= Number.MAX_SAFE_INTEGER) return BigInt(money)
      return BigInt(units) * this.notionalFactor
    }
    return BigInt(price) * BigInt(qty) * this.notionalFactor
  }

  /** qty in base money units. */
  baseAmount(qty: number): bigint {
    const money = qty * this.baseScale
    if (money >= 0 && money <= Number.MAX_SAFE_INTEGER) return BigInt(money)
    return BigInt(qty) * this.baseFactor
  }

  /** Money units of quote that one quantity unit costs at `price`. */
  unitCost(price: number): bigint {
    return BigInt(price) * this.notionalFactor
  }
}
