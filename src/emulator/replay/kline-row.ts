// One row of a klines file as read: what the klines → trades synthesis reproduces.

/** Times in microseconds, prices and volumes in the symbol's units, quote volumes in money units (10^-8). */
export interface KlineRow {
  readonly openTime: number
  readonly closeTime: number
  readonly open: number
  readonly high: number
  readonly low: number
  readonly close: number
  readonly volume: number
  readonly quoteVolume: bigint
  readonly trades: number
  readonly takerBuyVolume: number
  readonly takerBuyQuoteVolume: bigint
}
