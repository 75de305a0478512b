// Market data: depth, recent trades, klines, average price and tickers, against an embedded emulator.
import { SpotWebsocketAPI } from 'binance-spot-ws'
import { startEmulator } from 'binance-spot-ws/emulator'

const ex = await startEmulator({ port: 0 })
const hmac = ex.demoAccounts.find((a) => a.kind === 'HMAC')
if (!hmac) throw new Error('the emulator printed no HMAC demo account')
const connection = await new SpotWebsocketAPI({
  wsURL: ex.url,
  apiKey: hmac.apiKey,
  apiSecret: hmac.apiSecret,
}).connect()
try {
  // One MARKET order against the synthetic liquidity, so there are trades and a kline to show.
  await connection.orderPlace({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.01' })

  const { data: book } = await connection.depth({ symbol: 'BTCUSDT', limit: 5 })
  console.log('best bid:', book.bids[0], 'best ask:', book.asks[0])

  const { data: trades } = await connection.tradesRecent({ symbol: 'BTCUSDT', limit: 3 })
  for (const t of trades) console.log(`trade ${t.id}: ${t.qty} @ ${t.price}`)

  const { data: klines } = await connection.klines({ symbol: 'BTCUSDT', interval: '1m', limit: 1 })
  console.log('last 1m kline [open, high, low, close]:', klines[0]?.slice(1, 5))

  const { data: avg } = await connection.avgPrice({ symbol: 'BTCUSDT' })
  console.log(`average price over ${avg.mins} min: ${avg.price}`)

  const { data: price } = await connection.tickerPrice({ symbol: 'BTCUSDT' })
  console.log('ticker.price:', price)

  const { data: top } = await connection.tickerBook({ symbol: 'BTCUSDT' })
  console.log('ticker.book:', top)
} finally {
  await connection.disconnect()
  await ex.close()
}
