// Child-process entry: REST requests over HTTP keep-alive from 64 closed loops (64 requests in flight): requests
// per second, client CPU, and the latency of each request at that load (p50, p99).
import './lib/loopback-only.js'
import { createHmac } from 'node:crypto'
import { Agent, request } from 'node:http'
import { mark } from './lib/worker-marks.js'

export interface RestWorkerArgs {
  /** `order`: POST /api/v3/order (HMAC-signed MARKET 0.001 BTCUSDT, BUY and SELL in turn); `depth`: GET depth. */
  case: 'order' | 'depth'
  /** `http://127.0.0.1:<port>`. */
  base: string
  apiKey: string
  secret: string
  warmupMs: number
  throughputMs: number
  concurrency: number
}

export interface RestWorkerResult {
  error?: string
  rps: number
  cpuUs: number
  p50Us: number
  p99Us: number
  n: number
}

const args = JSON.parse(process.argv[2] ?? '{}') as RestWorkerArgs
const { hostname, port } = new URL(args.base)
const agent = new Agent({ keepAlive: true, maxSockets: args.concurrency })
let turn = 0

/** One request; rejects on a status other than 200. */
function call(): Promise<void> {
  let path = '/api/v3/depth?symbol=BTCUSDT&limit=100'
  let body: string | undefined
  const headers: Record<string, string> = {}
  if (args.case === 'order') {
    const form = `symbol=BTCUSDT&side=${turn++ % 2 ? 'SELL' : 'BUY'}&type=MARKET&quantity=0.001&timestamp=${Date.now()}`
    body = `${form}&signature=${createHmac('sha256', args.secret).update(form).digest('hex')}`
    path = '/api/v3/order'
    headers['X-MBX-APIKEY'] = args.apiKey
    headers['Content-Type'] = 'application/x-www-form-urlencoded'
    headers['Content-Length'] = String(body.length)
  }
  return new Promise((resolve, reject) => {
    const req = request({ agent, hostname, port, path, method: body ? 'POST' : 'GET', headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () =>
        res.statusCode === 200
          ? resolve()
          : reject(new Error(`${res.statusCode}: ${Buffer.concat(chunks).toString().slice(0, 200)}`)),
      )
    })
    req.on('error', reject)
    req.end(body)
  })
}

/** Runs `call` from `concurrency` closed loops for `ms`; the latency of each request when `samples` is given. */
async function closedLoop(ms: number, samples?: number[]) {
  const end = performance.now() + ms
  let n = 0
  const loop = async () => {
    while (performance.now() < end) {
      const t = performance.now()
      await call()
      samples?.push((performance.now() - t) * 1000)
      n++
    }
  }
  const t0 = performance.now()
  await Promise.all(Array.from({ length: args.concurrency }, loop))
  return { n, elapsed: performance.now() - t0 }
}

let result: Partial<RestWorkerResult>
try {
  await closedLoop(args.warmupMs)
  await mark('start')
  const cpu0 = process.cpuUsage()
  const samples: number[] = []
  const { n, elapsed } = await closedLoop(args.throughputMs, samples)
  const cpu = process.cpuUsage(cpu0)
  await mark('end')
  samples.sort((x, y) => x - y)
  result = {
    rps: (n / elapsed) * 1000,
    cpuUs: (cpu.user + cpu.system) / n,
    p50Us: samples[Math.ceil(samples.length * 0.5) - 1] ?? Number.NaN,
    p99Us: samples[Math.ceil(samples.length * 0.99) - 1] ?? Number.NaN,
    n,
  }
} catch (err) {
  result = { error: (err as Error).stack ?? String(err) }
}
agent.destroy()
process.send?.({ result }, () => process.exit(0))
