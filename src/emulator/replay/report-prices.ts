// The replayed price of each symbol at any data time, from the tape's one-second candles (the close of the last
// second that began at or before the time; before the first, the first one's open).
import { divRoundHalfUp, pow10 } from '../engine/decimal.js'
import type { Market } from '../engine/market.js'
import type { Exchange } from '../exchange/exchange.js'

type Candles = ReturnType<Exchange['tape']>['candles']

/** What a fee was charged on: its symbol and price, to value a fee in the base asset. */
interface PricedTrade {
  readonly market: Market
  readonly price: number
}

/** `base` money units of the base asset at `price` (the symbol's tick units), in quote money units. */
export function valueAt(m: Market, base: bigint, price: number): bigint {
  return divRoundHalfUp(base * BigInt(price), pow10(m.priceScale))
}

export class PriceSeries {
  readonly #candles = new Map<string, Candles>()
  readonly #markets = new Map<string, Market>()

  constructor(
    private readonly exchange: Exchange,
    markets: readonly Market[],
    readonly firstTime: number,
  ) {
    for (const m of markets) {
      this.#candles.set(m.symbol, exchange.tape(m.symbol).candles)
      this.#markets.set(m.symbol, m)
    }
  }

  /** The price (units of the symbol's tick) at data time `time`. */
  priceAt(symbol: string, time: number): number {
    const candles = this.#candles.get(symbol) ?? this.exchange.tape(symbol).candles
    let lo = 0
    let hi = candles.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (candles[mid]!.openTime <= time) lo = mid + 1
      else hi = mid
    }
    if (lo > 0) return candles[lo - 1]!.close
    return candles[0]?.open ?? this.exchange.tape(symbol).lastPrice
  }

  /**
   * `amount` (money units) of `asset` in `valuation` at `time`: as is, through the trade's own price when it is
   * the trade's base asset, else through the listed symbol `<asset><valuation>`; undefined when there is none.
   */
  valueIn(
    asset: string,
    amount: bigint,
    valuation: string,
    time: number,
    trade?: PricedTrade,
  ): bigint | undefined {
    if (asset === valuation) return amount
    const m = trade?.market
    if (m && m.baseAsset === asset && m.quoteAsset === valuation) return valueAt(m, amount, trade.price)
    const symbol = `${asset}${valuation}`
    const listed = this.#markets.get(symbol) ?? this.#listed(symbol)
    if (!listed) return undefined
    return valueAt(listed, amount, this.priceAt(symbol, time))
  }

  #listed(symbol: string): Market | undefined {
    if (!this.exchange.symbols.has(symbol)) return undefined
    const m = this.exchange.book(symbol).market
    this.#markets.set(symbol, m)
    return m
  }
}
