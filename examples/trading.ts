// Trading: test an order, place a LIMIT order, cancel it, fill a MARKET order; typed errors. Embedded emulator.
import { BinanceError, SpotWebsocketAPI } from 'binance-spot-ws'
import { startEmulator } from 'binance-spot-ws/emulator'

const ex = await startEmulator({
  port: 0,
  accounts: [{ apiKey: 'my-key', hmacSecret: 'my-secret', balances: { USDT: '10000', BTC: '0.5' } }],
})
const connection = await new SpotWebsocketAPI({
  wsURL: ex.url,
  apiKey: 'my-key',
  apiSecret: 'my-secret',
}).connect()
try {
  await connection.orderTest({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.01' })
  console.log('order.test: the order would be accepted')

  // Prices and quantities are decimal strings. A newClientOrderId is generated when you give none.
  const { data: limit } = await connection.orderPlace({
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'LIMIT',
    timeInForce: 'GTC',
    price: '50000',
    quantity: '0.01',
  })
  console.log(`LIMIT ${limit.orderId} (${limit.clientOrderId}): ${limit.status}`)

  // Cancelling an order that belongs to a list cancels the list, and the answer is the list's report.
  const { data: cancelled } = await connection.orderCancel({ symbol: 'BTCUSDT', orderId: limit.orderId })
  if ('orderId' in cancelled) console.log(`cancelled ${cancelled.orderId}: ${cancelled.status}`)

  const { data: market } = await connection.orderPlace({
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'MARKET',
    quoteOrderQty: '1000',
    newOrderRespType: 'FULL',
  })
  console.log(
    `MARKET ${market.orderId}: ${market.status}, ${market.executedQty} BTC for ${market.cummulativeQuoteQty} USDT`,
  )
  for (const f of market.fills ?? [])
    console.log(`  fill ${f.qty} @ ${f.price}, fee ${f.commission} ${f.commissionAsset}`)

  // The server said no: a BinanceError with the API's code and message.
  try {
    await connection.orderPlace({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '100' })
  } catch (err) {
    if (!(err instanceof BinanceError)) throw err
    console.log(`rejected as expected: ${err.code} ${err.msg}`)
  }
} finally {
  await connection.disconnect()
  await ex.close()
}
