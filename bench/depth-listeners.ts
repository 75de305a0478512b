// order.place with and without diff depth subscribers, on books of 1 k, 20 k and 200 k price levels: a book change
// must cost what changed, not the size of the book (docs/emulator-fidelity.md H4). Client and emulator share this
// process; each row places `--orders` orders one after another (each canceled after, untimed) and reports the
// median and p99 round trip.
// Run: npm run bench:depth [-- --orders=1000 --levels=1000,20000,200000 --subscribers=1]
import './lib/loopback-only.js'
import { once } from 'node:events'
import { WebSocket } from 'ws'
import { SpotWebsocketAPI, type WebsocketAPIConnection } from '../src/client/index.js'
import { startEmulator } from '../src/emulator/index.js'
import { createSigner, signaturePayload } from '../src/protocol/signing.js'
import { flags, fmt, machine, num, reproduce, table } from './lib/stats.js'

const f = flags(process.argv.slice(2))
const orders = num(f, 'orders', 1000)
const subscribers = num(f, 'subscribers', 1)
const sizes = (f.get('levels') ?? '1000,20000,200000').split(',').map(Number)
const UNLIMITED = 1_000_000_000_000
/** Binance's MAX_NUM_ORDERS of the default symbols: the book is rested by levels / 200 accounts. */
const PER_ACCOUNT = 200
const SECRET = 's'
const signer = createSigner({ apiSecret: SECRET })

const price = (cents: number) => (cents / 100).toFixed(2)
const bid = (cents: number) =>
  ({
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'LIMIT',
    timeInForce: 'GTC',
    price: price(cents),
    quantity: '0.00020',
  }) as const

/** Rests one bid on each of `levels` prices below 50 000.00, pipelined on one raw socket (HMAC, one key per 200). */
async function fill(url: string, levels: number): Promise<void> {
  const ws = new WebSocket(url)
  await once(ws, 'open')
  let answered = 0
  let failed = ''
  ws.on('message', (data) => {
    answered++
    if (!String(data).includes('"status":200')) failed ||= String(data)
  })
  for (let start = 0; start < levels; start += 2000) {
    const n = Math.min(2000, levels - start)
    for (let i = start; i < start + n; i++) {
      const params: Record<string, unknown> = {
        ...bid(5_000_000 - i),
        apiKey: `k${Math.floor(i / PER_ACCOUNT)}`,
        timestamp: Date.now(),
      }
      params['signature'] = signer.sign(signaturePayload(params))
      ws.send(JSON.stringify({ id: i, method: 'order.place', params }))
    }
    while (answered < start + n) await once(ws, 'message')
    if (failed) throw new Error(`filling the book: ${failed}`)
  }
  ws.close()
}

/** Median and p99 (ms) of `orders` order.place, one after another, each resting inside the book (then canceled, untimed). */
async function measure(conn: WebsocketAPIConnection, levels: number): Promise<[number, number]> {
  const times: number[] = []
  for (let i = 0; i < orders; i++) {
    const t0 = performance.now()
    const { data } = await conn.orderPlace(bid(5_000_000 - ((i * 7919) % levels)))
    times.push(performance.now() - t0)
    await conn.orderCancel({ symbol: 'BTCUSDT', orderId: data.orderId })
  }
  times.sort((a, b) => a - b)
  return [times[times.length >> 1] as number, times[Math.floor(times.length * 0.99)] as number]
}

const rows: string[][] = []
for (const levels of sizes) {
  const ex = await startEmulator({
    liquidity: false,
    accounts: Array.from({ length: Math.ceil(levels / PER_ACCOUNT) + 1 }, (_, i) => ({
      apiKey: `k${i}`,
      hmacSecret: SECRET,
      balances: { USDT: '1000000' },
    })),
    limits: {
      banAfter: false,
      requestWeight: UNLIMITED,
      ordersPer10Seconds: UNLIMITED,
      ordersPerDay: UNLIMITED,
    },
    log: () => {},
  })
  await fill(ex.url, levels)
  const apiKey = `k${Math.ceil(levels / PER_ACCOUNT)}`
  const conn = await new SpotWebsocketAPI({ wsURL: ex.url, apiKey, apiSecret: SECRET }).connect()
  await measure(conn, levels)
  const [without, withoutP99] = await measure(conn, levels)
  const listeners = await Promise.all(
    Array.from({ length: subscribers }, async () => {
      const ws = new WebSocket(`${ex.streams.url}/ws/btcusdt@depth@100ms`)
      let events = 0
      ws.on('message', () => events++)
      await once(ws, 'open')
      return { ws, events: () => events }
    }),
  )
  const [withDepth, withP99] = await measure(conn, levels)
  const events = listeners.reduce((n, l) => n + l.events(), 0)
  for (const l of listeners) l.ws.terminate()
  await conn.disconnect()
  await ex.close()
  rows.push([
    fmt(levels),
    fmt(without, 3),
    fmt(withoutP99, 3),
    fmt(withDepth, 3),
    fmt(withP99, 3),
    `${(withDepth / without).toFixed(2)}×`,
    fmt(events),
  ])
}

console.log(
  `order.place (ms, sequential, ${fmt(orders)} per row) without and with ${subscribers} @depth@100ms subscriber(s)`,
)
console.log(machine())
console.log(
  table(
    ['price levels', 'without p50', 'without p99', 'with p50', 'with p99', 'with / without', 'depth events'],
    rows,
  ),
)
console.log(`Reproduce: ${reproduce('bench:depth')}`)
