// Price change statistics of a time window, from a symbol's trades (tickers of every kind).
import type { TapeView } from './trade-tape.js'

/** Statistics of the trades in one window; prices and quantities in the symbol's units. */
export interface WindowStats {
  readonly openTime: number
  readonly closeTime: number
  /** The last price before the window (the initial price when none). */
  readonly prevClose: number
  readonly open: number
  readonly high: number
  readonly low: number
  readonly last: number
  readonly lastQty: number
  readonly volume: number
  /** Money units. */
  readonly quoteVolume: bigint
  /** -1 when the window has no trade. */
  readonly firstId: number
  readonly lastId: number
  readonly count: number
}

/** Statistics of the trades with `openTime ≤ time ≤ closeTime`; an empty window is flat at the previous close. */
export function windowStats(tape: TapeView, openTime: number, closeTime: number): WindowStats {
  const trades = tape.between(openTime, closeTime)
  const prevClose = tape.priceBefore(openTime, tape.initialPrice)
  const first = trades[0]
  const lastTrade = trades[trades.length - 1]
  if (!first || !lastTrade) {
    return {
      openTime,
      closeTime,
      prevClose,
      open: prevClose,
      high: prevClose,
      low: prevClose,
      last: prevClose,
      lastQty: 0,
      volume: 0,
      quoteVolume: 0n,
      firstId: -1,
      lastId: -1,
      count: 0,
    }
  }
  let high = first.price
  let low = first.price
  let volume = 0
  let quoteVolume = 0n
  for (const t of trades) {
    if (t.price > high) high = t.price
    if (t.price < low) low = t.price
    volume += t.qty
    quoteVolume += t.quote
  }
  return {
    openTime,
    closeTime,
    prevClose,
    open: first.price,
    high,
    low,
    last: lastTrade.price,
    lastQty: lastTrade.qty,
    volume,
    quoteVolume,
    firstId: first.id,
    lastId: lastTrade.id,
    count: trades.length,
  }
}
