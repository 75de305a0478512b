// order.place with and without diff depth subscribers (`@depth@100ms`, then plain `@depth`), on books of 1 k, 20 k
// and 200 k price levels: a book change must cost what changed, not the size of the book, and a subscriber gets one
// event per interval, not one per command (docs/emulator-fidelity.md H4, H8). Client and emulator share this
// process, each subscriber runs in its own; each row places `--orders` orders one after another (each canceled
// after, untimed) and reports the median and p99 round trip.
// Run: npm run bench:depth [-- --orders=1000 --levels=1000,20000,200000 --subscribers=1]
import './lib/loopback-only.js'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { setTimeout as sleep } from 'node:timers/promises'
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
const ROUNDS = 10
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
  for (let start = 0; start < levels; start += 500) {
    const n = Math.min(500, levels - start)
    for (let i = start; i < start + n; i++) {
      const params: Record<string, unknown> = {
        ...bid(5_000_000 - i),
        apiKey: `k${Math.floor(i / PER_ACCOUNT)}`,
        recvWindow: 60000,
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

/** Round trips (ms) of `n` order.place, one after another, each resting inside the book (then canceled, untimed), into `times`. */
async function measure(
  conn: WebsocketAPIConnection,
  levels: number,
  n: number,
  times: number[],
): Promise<void> {
  for (let i = 0; i < n; i++) {
    const t0 = performance.now()
    const { data } = await conn.orderPlace(bid(5_000_000 - ((i * 7919) % levels)))
    times.push(performance.now() - t0)
    await conn.orderCancel({ symbol: 'BTCUSDT', orderId: data.orderId })
  }
}

/** The diff depth streams a row subscribes to. */
const STREAMS = ['btcusdt@depth@100ms', 'btcusdt@depth'] as const
type DepthStream = (typeof STREAMS)[number]

/**
 * The subscriber's script: one connection that reads and counts events; each stdin line `SUBSCRIBE <name>` or
 * `UNSUBSCRIBE <name>` is sent as a control request and answered `ok` once the server answered; `UNTIL <u>` is
 * answered `ok` once an event reached update id `u`, `COUNT` with the events since the last `COUNT`.
 */
const LISTENER = `
import { WebSocket } from 'ws'
import { createInterface } from 'node:readline'
const ws = new WebSocket(process.argv[1])
let events = 0
let id = 0
let lastU = 0
let until = Infinity
const reached = () => {
  if (lastU < until) return
  until = Infinity
  process.stdout.write('ok\\n')
}
ws.on('message', (data) => {
  const text = String(data)
  if (text.startsWith('{"result"')) return process.stdout.write('ok\\n')
  events++
  lastU = Number(/"u":(\\d+)/.exec(text)[1])
  reached()
})
ws.on('open', () => process.stdout.write('ok\\n'))
createInterface({ input: process.stdin })
  .on('line', (line) => {
    const [method, name] = line.split(' ')
    if (method === 'UNTIL') {
      until = Number(name)
      reached()
    } else if (method !== 'COUNT') ws.send(JSON.stringify({ method, params: [name], id: ++id }))
    else {
      process.stdout.write(events + '\\n')
      events = 0
    }
  })
  .on('close', () => process.exit(0))
`

/** A diff depth subscriber in its own process (reading the events costs this process nothing), switched on and off. */
async function listener(url: string) {
  const child = spawn(process.execPath, ['--input-type=module', '-e', LISTENER, url], {
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
  const next = async () => String((await lines.next()).value)
  await next()
  let last = 0
  return {
    /** Sends a control request, at most 4 a second (the streams close a connection at 6). */
    async send(method: 'SUBSCRIBE' | 'UNSUBSCRIBE', name: DepthStream) {
      await sleep(Math.max(0, last + 250 - performance.now()))
      last = performance.now()
      child.stdin.write(`${method} ${name}\n`)
      await next()
    },
    /** Resolves once an event reached update id `u` (at the end of the interval that changed the book to it). */
    async until(u: number): Promise<void> {
      child.stdin.write(`UNTIL ${u}\n`)
      await next()
    },
    /** Events received since the last call. */
    async count(): Promise<number> {
      child.stdin.write('COUNT\n')
      return Number(await next())
    },
    stop(): void {
      child.stdin.end()
    },
  }
}

/** p50 and p99 of `times` (ms). */
function quantiles(times: number[]): [number, number] {
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
  const listeners = await Promise.all(
    Array.from({ length: subscribers }, () => listener(`${ex.streams.url}/ws`)),
  )
  await measure(conn, levels, 100, [])
  const without: number[] = []
  const withDepth = new Map<DepthStream, number[]>(STREAMS.map((name) => [name, []]))
  const events = new Map<DepthStream, number>(STREAMS.map((name) => [name, 0]))
  /** One phase: `ROUNDS`-th of the orders, with no subscription or with each listener on `name`. */
  const phase = async (name: DepthStream | undefined) => {
    if (name === undefined) return measure(conn, levels, orders / ROUNDS, without)
    for (const l of listeners) await l.send('SUBSCRIBE', name)
    await measure(conn, levels, orders / ROUNDS, withDepth.get(name) as number[])
    // The event of the phase's last interval (untimed), so that every phase's changes are published.
    const { lastUpdateId } = (await ex.query('depth', { symbol: 'BTCUSDT', limit: 1 })) as {
      lastUpdateId: number
    }
    await Promise.all(listeners.map((l) => l.until(lastUpdateId)))
    for (const l of listeners) await l.send('UNSUBSCRIBE', name)
    for (const l of listeners) events.set(name, (events.get(name) as number) + (await l.count()))
  }
  // The phases rotate from round to round, so that a change of the machine's load hits each alike.
  const phases = [undefined, ...STREAMS]
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < phases.length; i++) await phase(phases[(round + i) % phases.length])
  }
  for (const l of listeners) l.stop()
  await conn.disconnect()
  await ex.close()
  const [w50, w99] = quantiles(without)
  for (const name of STREAMS) {
    const [d50, d99] = quantiles(withDepth.get(name) as number[])
    rows.push([
      fmt(levels),
      `\`${name.slice('btcusdt'.length)}\``,
      fmt(w50, 3),
      fmt(w99, 3),
      fmt(d50, 3),
      fmt(d99, 3),
      `${(d50 / w50).toFixed(2)}×`,
      fmt(events.get(name) as number),
    ])
  }
}

console.log(
  `order.place (ms, sequential, ${fmt(orders)} per cell) without and with ${subscribers} diff depth subscriber(s)`,
)
console.log(machine())
console.log(
  table(
    [
      'price levels',
      'subscribed',
      'without p50',
      'without p99',
      'with p50',
      'with p99',
      'with / without (p50)',
      'depth events',
    ],
    rows,
  ),
)
console.log(`Reproduce: ${reproduce('bench:depth')}`)
