// Account: balances, an order's status, open orders, own trades and the unfilled order count. Embedded emulator.
import { SpotWebsocketAPI } from 'binance-spot-ws'
import { startEmulator } from 'binance-spot-ws/emulator'

const ex = await startEmulator({
  port: 0,
  accounts: [{ apiKey: 'my-key', hmacSecret: 'my-secret', balances: { USDT: '10000' } }],
})
const connection = await new SpotWebsocketAPI({
  wsURL: ex.url,
  apiKey: 'my-key',
  apiSecret: 'my-secret',
}).connect()
try {
  await connection.orderPlace({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.02' })
  const { data: resting } = await connection.orderPlace({
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'LIMIT',
    timeInForce: 'GTC',
    price: '50000',
    quantity: '0.01',
  })

  const { data: account } = await connection.accountStatus({ omitZeroBalances: true })
  for (const b of account.balances) console.log(`${b.asset}: free ${b.free}, locked ${b.locked}`)

  const { data: order } = await connection.orderStatus({ symbol: 'BTCUSDT', orderId: resting.orderId })
  console.log(`order ${order.orderId}: ${order.status}, ${order.origQty} @ ${order.price}`)

  const { data: open } = await connection.openOrdersStatus({ symbol: 'BTCUSDT' })
  console.log(
    'open orders:',
    open.map((o) => o.orderId),
  )

  const { data: trades } = await connection.myTrades({ symbol: 'BTCUSDT' })
  for (const t of trades)
    console.log(`my trade ${t.id}: ${t.qty} @ ${t.price}, fee ${t.commission} ${t.commissionAsset}`)

  const { data: counts } = await connection.accountRateLimitsOrders()
  for (const c of counts) console.log(`orders this ${c.intervalNum} ${c.interval}: ${c.count}/${c.limit}`)
} finally {
  await connection.disconnect()
  await ex.close()
}
