// A symbol's public trade history: trades, aggregate trades, one-second candles, last price.
import { AggregateTrades } from './aggregate-trades.js'
import { lowerBound } from './lower-bound.js'

/** A public trade, in the symbol's units (quote in money units). */
export interface TapeTrade {
  readonly id: number
  readonly price: number
  readonly qty: number
  readonly quote: bigint
  readonly time: number
  readonly buyerIsMaker: boolean
  /** The taker order's id: trades of one taker at one time and price aggregate. */
  readonly takerOrderId: number
}

/** Trades of one second; every kline interval is built from these. */
export interface Candle {
  readonly openTime: number
  open: number
  high: number
  low: number
  close: number
  volume: number
  quoteVolume: bigint
  trades: number
  takerBuyVolume: number
  takerBuyQuoteVolume: bigint
}

/** A tape as it is read: everything but recording. */
export interface TapeView {
  readonly candles: readonly Candle[]
  readonly aggregates: AggregateTrades
  readonly initialPrice: number
  readonly lastPrice: number
  readonly lastTradeTime: number | undefined
  recent(limit: number): TapeTrade[]
  fromId(fromId: number, limit: number): TapeTrade[]
  between(from: number, to: number): TapeTrade[]
  priceBefore(time: number, initial: number): number
  volumeSince(from: number): { qty: number; quote: bigint }
}

export class TradeTape implements TapeView {
  private trades: TapeTrade[] = []
  readonly candles: Candle[] = []
  readonly aggregates: AggregateTrades
  lastPrice: number
  lastTradeTime: number | undefined = undefined

  /** `keep`: how many recent trades (and aggregate trades) stay queryable. */
  constructor(
    /** The last price until the first trade. */
    readonly initialPrice: number,
    private readonly keep = 1_000_000,
  ) {
    this.lastPrice = initialPrice
    this.aggregates = new AggregateTrades(keep)
  }

  record(trade: TapeTrade): void {
    this.trades.push(trade)
    if (this.trades.length >= this.keep * 2) this.trades = this.trades.slice(-this.keep)
    this.aggregates.add(trade)
    this.lastPrice = trade.price
    this.lastTradeTime = trade.time
    const second = Math.floor(trade.time / 1000) * 1000
    let candle = this.candles[this.candles.length - 1]
    if (!candle || candle.openTime < second) {
      candle = {
        openTime: second,
        open: trade.price,
        high: trade.price,
        low: trade.price,
        close: trade.price,
        volume: 0,
        quoteVolume: 0n,
        trades: 0,
        takerBuyVolume: 0,
        takerBuyQuoteVolume: 0n,
      }
      this.candles.push(candle)
    }
    if (trade.price > candle.high) candle.high = trade.price
    if (trade.price < candle.low) candle.low = trade.price
    candle.close = trade.price
    candle.volume += trade.qty
    candle.quoteVolume += trade.quote
    candle.trades++
    if (!trade.buyerIsMaker) {
      candle.takerBuyVolume += trade.qty
      candle.takerBuyQuoteVolume += trade.quote
    }
  }

  /** The last `limit` trades, oldest first. */
  recent(limit: number): TapeTrade[] {
    return this.trades.slice(-limit)
  }

  /** Up to `limit` trades with id ≥ `fromId`, oldest first. */
  fromId(fromId: number, limit: number): TapeTrade[] {
    const start = lowerBound(this.trades, (t) => t.id >= fromId)
    return this.trades.slice(start, start + limit)
  }

  /** The retained trades with `from ≤ time ≤ to`, oldest first. */
  between(from: number, to: number): TapeTrade[] {
    const start = lowerBound(this.trades, (t) => t.time >= from)
    const end = lowerBound(this.trades, (t) => t.time > to)
    return this.trades.slice(start, end)
  }

  /** The price of the last trade before `time`; the initial price if there is none retained. */
  priceBefore(time: number, initial: number): number {
    const i = lowerBound(this.trades, (t) => t.time >= time)
    return this.trades[i - 1]?.price ?? initial
  }

  /** Σ quantity units and Σ quote money of the trades since `from` (ms). */
  volumeSince(from: number): { qty: number; quote: bigint } {
    let qty = 0
    let quote = 0n
    for (let i = this.candles.length - 1; i >= 0; i--) {
      const c = this.candles[i] as Candle
      if (c.openTime + 1000 <= from) break
      qty += c.volume
      quote += c.quoteVolume
    }
    return { qty, quote }
  }
}
