// Everything the persistence tests compare across a restart, as a client sees it: per account its balances,
// orders, order lists, trades and prevented matches; per symbol klines and the 24 h ticker.
import type { WebsocketAPIConnection } from '../../../src/client/index.js'

/** The symbols compared: two configured ones, and SOLUSDT while it is listed (the varied trading lists it). */
async function symbolsOf(c: WebsocketAPIConnection | undefined): Promise<string[]> {
  const listed = (await c?.exchangeInfo({}))?.data.symbols.map((s) => s.symbol) ?? []
  return ['BTCUSDT', 'ETHUSDT', ...listed.filter((s) => s === 'SOLUSDT')]
}

/** What `connections` (one per account) see of the exchange, as comparable data. */
export async function observed(connections: readonly WebsocketAPIConnection[]): Promise<unknown[]> {
  const SYMBOLS = await symbolsOf(connections[0])
  const out: unknown[] = []
  for (const c of connections) {
    const account = (
      await c.sendSignedMessage<{ balances: unknown[]; updateTime: number }>('account.status', {})
    ).data
    out.push(account.balances, account.updateTime)
    for (const symbol of SYMBOLS) {
      out.push((await c.sendSignedMessage('allOrders', { symbol })).data)
      out.push((await c.sendSignedMessage('myTrades', { symbol })).data)
      out.push((await c.sendSignedMessage('myPreventedMatches', { symbol, orderId: 1 })).data)
    }
    out.push((await c.sendSignedMessage('allOrderLists', {})).data)
    out.push((await c.sendSignedMessage('account.rateLimits.orders', {})).data)
  }
  const [first] = connections
  for (const symbol of SYMBOLS) {
    out.push((await first?.sendMessage('klines', { symbol, interval: '1m' }))?.data)
    // Its window ends now: the rest of it is state.
    const {
      openTime: _,
      closeTime: __,
      ...ticker
    } = (await first?.sendMessage<Record<string, unknown>>('ticker.24hr', { symbol }))?.data ?? {}
    out.push(ticker)
    out.push((await first?.sendMessage('trades.recent', { symbol }))?.data)
  }
  out.push(SYMBOLS)
  return out
}
