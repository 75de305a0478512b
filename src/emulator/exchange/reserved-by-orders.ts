// What an account's open orders and order lists hold locked of one asset: the part of its locked balance that no
// external system locked, so that no external system may unlock it.
import type { ExchangeState } from './state.js'

/** Σ of what the account's open orders (BUY: quote, SELL: base) and its OPO lists (received base) lock of `asset`. */
export function reservedByOrders(state: ExchangeState, accountId: number, asset: string): bigint {
  let reserved = 0n
  for (const symbol of state.symbols.keys()) {
    const book = state.book(symbol)
    const { baseAsset, quoteAsset } = book.market
    if ((asset !== baseAsset && asset !== quoteAsset) || book.openCount(accountId) === 0) continue
    for (const order of book.openOrders(accountId)) {
      if ((order.side === 'BUY' ? quoteAsset : baseAsset) === asset) reserved += order.locked
    }
  }
  // Released as each list ends, so only an open list holds any.
  for (const list of state.lists.registry.all(accountId)) {
    if (list.opoLocked !== 0n && state.book(list.symbol).market.baseAsset === asset)
      reserved += list.opoLocked
  }
  return reserved
}
