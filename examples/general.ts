// General methods: ping, time and exchangeInfo, against an embedded emulator. Needs no keys.
import { SpotWebsocketAPI } from 'binance-spot-ws'
import { startEmulator } from 'binance-spot-ws/emulator'

const ex = await startEmulator({ port: 0 })
const connection = await new SpotWebsocketAPI({ wsURL: ex.url }).connect()
try {
  await connection.ping()
  console.log('ping: ok')

  const { data: time } = await connection.time()
  console.log('server time:', new Date(time.serverTime).toISOString())

  const { data: info, rateLimits } = await connection.exchangeInfo({ symbols: ['BTCUSDT', 'ETHUSDT'] })
  for (const s of info.symbols) {
    const tick = s.filters.find((f) => f.filterType === 'PRICE_FILTER')
    console.log(`${s.symbol}: ${s.baseAsset}/${s.quoteAsset}, ${s.status}, tick ${JSON.stringify(tick)}`)
  }
  console.log('request weight used:', rateLimits?.find((r) => r.rateLimitType === 'REQUEST_WEIGHT')?.count)
} finally {
  await connection.disconnect()
  await ex.close()
}
