// Trades of the outside market (a replay of Binance's public data) written to a symbol's tape: they move the last
// price, the klines, tickers and average price, and the synthetic liquidity follows them. They trade with no order
// of the book: the users' orders do not change history (docs/replay.md).

import { formatUnits } from '../../engine/decimal.js'
import type { CommandOf, ExchangeEvent } from '../commands.js'
import { moveReferencePrice } from '../market-moves.js'
import type { ExchangeState } from '../state.js'

/** Records `cmd.trades` in order, numbered after the symbol's last trade id; re-centres the liquidity once. */
export function recordMarketTrades(
  state: ExchangeState,
  cmd: CommandOf<'recordMarketTrades'>,
  now: number,
  events: ExchangeEvent[],
): undefined {
  const book = state.book(cmd.symbol)
  const tape = state.tape(cmd.symbol)
  const market = book.market
  const before = tape.lastPrice
  for (const t of cmd.trades) {
    const id = ++book.lastTradeId
    // Trades of one time, price and side aggregate, as one taker's would: the files do not name the taker.
    tape.record({
      id,
      price: t.price,
      qty: t.qty,
      quote: market.notional(t.price, t.qty),
      time: t.time,
      buyerIsMaker: t.buyerIsMaker,
      takerOrderId: 0,
    })
    book.lastPrice = t.price
  }
  const last = cmd.trades[cmd.trades.length - 1]
  if (last && last.price !== before && state.config.liquidity)
    moveReferencePrice(
      state,
      {
        kind: 'moveReferencePrice',
        symbol: cmd.symbol,
        price: formatUnits(last.price, market.priceScale, market.priceScale),
      },
      now,
      events,
    )
  return undefined
}
