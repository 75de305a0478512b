// The venue's size in a few numbers, read from the facade: its accounts' open orders and its trades, per symbol.
import type { Exchange } from './exchange.js'

/** The accounts' open orders on `symbol` (the synthetic liquidity's not counted). */
export function openOrdersOn(exchange: Exchange, symbol: string): number {
  const book = exchange.book(symbol)
  return exchange.accounts.reduce((n, a) => n + book.openCount(a.id), 0)
}

/** The trades on `symbol`: its last trade id. */
export function tradesOn(exchange: Exchange, symbol: string): number {
  return exchange.book(symbol).lastTradeId
}
