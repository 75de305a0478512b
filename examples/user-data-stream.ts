// User data stream: subscribe on an Ed25519 session, trade, and read executionReport and balance events.
import { generateKeyPairSync } from 'node:crypto'
import { SpotWebsocketAPI } from 'binance-spot-ws'
import { startEmulator } from 'binance-spot-ws/emulator'

const { publicKey, privateKey } = generateKeyPairSync('ed25519')
const ex = await startEmulator({
  port: 0,
  accounts: [
    {
      apiKey: 'my-ed25519-key',
      publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      balances: { USDT: '10000' },
    },
  ],
})
const connection = await new SpotWebsocketAPI({
  wsURL: ex.url,
  apiKey: 'my-ed25519-key',
  privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  autoSessionLogon: true, // userDataStream.subscribe needs a logged-on session
}).connect()
try {
  const { response, stream } = await connection.userDataStreamSubscribe()
  console.log('subscribed, subscriptionId', response.data.subscriptionId)
  stream.on('outboundAccountPosition', (e) =>
    console.log('balances now:', e.B.map((b) => `${b.a} ${b.f}`).join(', ')),
  )

  // Listen before trading; this order's reports are recognised by the client order id we choose.
  const clientOrderId = `example-${Date.now()}`
  const filled = new Promise<void>((resolve) =>
    stream.on('executionReport', (e) => {
      if (e.c !== clientOrderId) return
      console.log(`executionReport: ${e.x} ${e.X}, last fill ${e.l} @ ${e.L}`)
      if (e.X === 'FILLED') resolve()
    }),
  )
  await connection.orderPlace({
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'MARKET',
    quantity: '0.01',
    newClientOrderId: clientOrderId,
  })
  await filled

  await connection.userDataStreamUnsubscribe()
  console.log('unsubscribed')
} finally {
  await connection.disconnect()
  await ex.close()
}
