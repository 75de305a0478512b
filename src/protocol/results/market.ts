// Result shapes of market data methods: book, trades, klines, tickers, reference prices.
import type { Decimal } from '../methods.js'

/** One book level: `[price, quantity]`. */
export type PriceLevel = [price: Decimal, quantity: Decimal]

/** `depth` result: bids best (highest) first, asks best (lowest) first. */
export interface Depth {
  lastUpdateId: number
  bids: PriceLevel[]
  asks: PriceLevel[]
}

/** A public trade (`trades.recent`, `trades.historical`). */
export interface Trade {
  id: number
  price: Decimal
  qty: Decimal
  quoteQty: Decimal
  time: number
  isBuyerMaker: boolean
  isBestMatch: boolean
}

/** A block trade (`blockTrades.historical`): like a trade, without `isBestMatch`. */
export interface BlockTrade {
  id: number
  price: Decimal
  qty: Decimal
  quoteQty: Decimal
  time: number
  isBuyerMaker: boolean
}

/** `trades.aggregate` entry: trades of one taker order at one price, in one-letter keys. */
export interface AggTrade {
  /** Aggregate trade id. */
  a: number
  /** Price. */
  p: Decimal
  /** Quantity. */
  q: Decimal
  /** First trade id. */
  f: number
  /** Last trade id. */
  l: number
  /** Time. */
  T: number
  /** Was the buyer the maker? */
  m: boolean
  /** Was the trade the best price match? */
  M: boolean
}

/** A candlestick, as the 12-element array of `klines` / `uiKlines`. */
export type Kline = [
  openTime: number,
  open: Decimal,
  high: Decimal,
  low: Decimal,
  close: Decimal,
  volume: Decimal,
  closeTime: number,
  quoteVolume: Decimal,
  tradeCount: number,
  takerBuyBaseVolume: Decimal,
  takerBuyQuoteVolume: Decimal,
  unused: string,
]

/** `avgPrice` result. */
export interface AvgPrice {
  /** Averaging interval in minutes. */
  mins: number
  price: Decimal
  /** Time of the last trade. */
  closeTime: number
}

/** Ticker statistics common to every ticker method, `type=MINI`. */
export interface TickerMini {
  symbol: string
  openPrice: Decimal
  highPrice: Decimal
  lowPrice: Decimal
  lastPrice: Decimal
  /** Base asset volume. */
  volume: Decimal
  quoteVolume: Decimal
  openTime: number
  closeTime: number
  /** First trade id in the window. */
  firstId: number
  /** Last trade id in the window. */
  lastId: number
  /** Number of trades in the window. */
  count: number
}

/** `ticker` and `ticker.tradingDay`, `type=FULL`. */
export interface TickerFull extends TickerMini {
  priceChange: Decimal
  /** Percent, e.g. `"-0.317"`. */
  priceChangePercent: Decimal
  weightedAvgPrice: Decimal
}

/** `ticker.24hr`, `type=MINI`. */
export type Ticker24hrMini = TickerMini

/** `ticker.24hr`, `type=FULL`: adds previous close, last quantity and the best bid/ask. */
export interface Ticker24hrFull extends TickerFull {
  prevClosePrice: Decimal
  lastQty: Decimal
  bidPrice: Decimal
  bidQty: Decimal
  askPrice: Decimal
  askQty: Decimal
}

/** `ticker.price` entry. */
export interface TickerPrice {
  symbol: string
  price: Decimal
}

/** `ticker.book` entry: best bid and ask. */
export interface TickerBook {
  symbol: string
  bidPrice: Decimal
  bidQty: Decimal
  askPrice: Decimal
  askQty: Decimal
}

/** `referencePrice` result; `referencePrice` is `null` when none is set. */
export interface ReferencePrice {
  symbol: string
  referencePrice: Decimal | null
  /** When the reference price was valid. */
  timestamp: number
}

/** `referencePrice.calculation` result, discriminated on `calculationType`. */
export type ReferencePriceCalculation =
  | { symbol: string; calculationType: 'ARITHMETIC_MEAN'; bucketCount: number; bucketWidthMs: number }
  | { symbol: string; calculationType: 'EXTERNAL'; externalCalculationId: number }
