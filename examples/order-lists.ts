// Order lists: an OCO (take profit above, stop loss below), its status, then cancel it. Embedded emulator.
import { SpotWebsocketAPI } from 'binance-spot-ws'
import { startEmulator } from 'binance-spot-ws/emulator'

const ex = await startEmulator({
  port: 0,
  accounts: [{ apiKey: 'my-key', hmacSecret: 'my-secret', balances: { USDT: '10000', BTC: '1' } }],
})
const connection = await new SpotWebsocketAPI({
  wsURL: ex.url,
  apiKey: 'my-key',
  apiSecret: 'my-secret',
}).connect()
try {
  const { data: ticker } = await connection.tickerPrice({ symbol: 'BTCUSDT' })
  const last = Number(Array.isArray(ticker) ? ticker[0]?.price : ticker.price)
  console.log('last price:', last)

  // Sell 0.1 BTC: at +5 % (LIMIT_MAKER), or if the price falls to -5 % (STOP_LOSS_LIMIT at -6 %).
  const { data: oco } = await connection.orderListPlaceOco({
    symbol: 'BTCUSDT',
    side: 'SELL',
    quantity: '0.1',
    aboveType: 'LIMIT_MAKER',
    abovePrice: (last * 1.05).toFixed(2),
    belowType: 'STOP_LOSS_LIMIT',
    belowStopPrice: (last * 0.95).toFixed(2),
    belowPrice: (last * 0.94).toFixed(2),
    belowTimeInForce: 'GTC',
  })
  console.log(
    `OCO ${oco.orderListId} (${oco.listClientOrderId}): ${oco.listStatusType} ${oco.listOrderStatus}`,
  )
  for (const r of oco.orderReports ?? []) console.log(`  leg ${r.orderId}: ${r.type} ${r.status}`)

  const { data: status } = await connection.orderListStatus({ orderListId: oco.orderListId })
  console.log('orderList.status:', status.listOrderStatus)

  const { data: cancelled } = await connection.orderListCancel({
    symbol: 'BTCUSDT',
    orderListId: oco.orderListId,
  })
  console.log(`cancelled: ${cancelled.listStatusType} ${cancelled.listOrderStatus}`)
} finally {
  await connection.disconnect()
  await ex.close()
}
