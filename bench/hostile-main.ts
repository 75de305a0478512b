// Child-process entry of bench:hostile: the emulator under attack (default limits and bounds; with argument `raised`,
// REQUEST_WEIGHT and ORDERS lifted so one attacker can build a 20,000-level book; accounts k0…k199 with secret `s`),
// sampling its RSS every 50 ms; answers `peak` (highest RSS since the last `peak`, and log lines) over IPC.
import './lib/loopback-only.js'
import { startEmulator } from '../src/emulator/index.js'

let lines = 0
const ex = await startEmulator({
  port: 0,
  liquidity: true,
  ...(process.argv[2] === 'raised'
    ? { limits: { requestWeight: 1e12, ordersPer10Seconds: 1e12, ordersPerDay: 1e12 } }
    : {}),
  accounts: Array.from({ length: 200 }, (_, i) => ({
    apiKey: `k${i}`,
    hmacSecret: 's',
    balances: { USDT: '1000000', BTC: '100' },
  })),
  log: () => {
    lines++
  },
})
let peak = 0
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss)
}, 50)
process.on('message', (msg: { type: string }) => {
  if (msg.type === 'peak') {
    process.send?.({ type: 'peak', rss: Math.max(peak, process.memoryUsage().rss), lines })
    peak = 0
  } else if (msg.type === 'close') {
    clearInterval(sampler)
    void ex.close().then(() => process.exit(0))
  }
})
process.send?.({ type: 'ready', url: ex.url, port: ex.port })
