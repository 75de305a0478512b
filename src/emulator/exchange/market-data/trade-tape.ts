// A symbol's public trade history: trades, aggregate trades, one-second candles, last price.

import type { ChunkStore } from '../../engine/history-chunks.js'
import { RecordColumns } from '../../engine/record-columns.js'
import { AggregateTrades } from './aggregate-trades.js'

/** The fields of a trade in the tape's columns. */
const ID = 0
const PRICE = 1
const QTY = 2
const QUOTE = 3
const TIME = 4
const TAKER = 5
/** 1 when the buyer was the maker. */
const BUYER_MAKER = 6
const STRIDE = 7

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
  /** The retained trades, oldest first (read back as TapeTrade objects). */
  private readonly trades = new RecordColumns(STRIDE)
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
    const t = this.trades
    const i = t.push()
    t.set(i, ID, trade.id)
    t.set(i, PRICE, trade.price)
    t.set(i, QTY, trade.qty)
    t.setMoney(i, QUOTE, trade.quote)
    t.set(i, TIME, trade.time)
    t.set(i, TAKER, trade.takerOrderId)
    t.set(i, BUYER_MAKER, trade.buyerIsMaker ? 1 : 0)
    t.dropBefore(this.keep)
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

  /** Spills the full chunks of trades and aggregate trades to the history file. */
  spill(store: ChunkStore): void {
    this.trades.spill(store)
    this.aggregates.spill(store)
  }

  /** The last `limit` trades, oldest first. */
  recent(limit: number): TapeTrade[] {
    const t = this.trades
    return this.read(Math.max(t.first, t.first + t.length - limit), t.first + t.length)
  }

  /** Up to `limit` trades with id ≥ `fromId`, oldest first. */
  fromId(fromId: number, limit: number): TapeTrade[] {
    const start = this.trades.lowerBound(ID, (id) => id >= fromId)
    return this.read(start, Math.min(start + limit, this.trades.first + this.trades.length))
  }

  /** The retained trades with `from ≤ time ≤ to`, oldest first. */
  between(from: number, to: number): TapeTrade[] {
    const start = this.trades.lowerBound(TIME, (time) => time >= from)
    return this.read(
      start,
      this.trades.lowerBound(TIME, (time) => time > to),
    )
  }

  /** The price of the last trade before `time`; the initial price if there is none retained. */
  priceBefore(time: number, initial: number): number {
    const i = this.trades.lowerBound(TIME, (t) => t >= time)
    return i > this.trades.first ? this.trades.get(i - 1, PRICE) : initial
  }

  /** Records `from` to `to` (exclusive) as objects. */
  private read(from: number, to: number): TapeTrade[] {
    const t = this.trades
    return t.map(
      from,
      to,
      (i): TapeTrade => ({
        id: t.get(i, ID),
        price: t.get(i, PRICE),
        qty: t.get(i, QTY),
        quote: t.money(i, QUOTE),
        time: t.get(i, TIME),
        buyerIsMaker: t.get(i, BUYER_MAKER) === 1,
        takerOrderId: t.get(i, TAKER),
      }),
    )
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
