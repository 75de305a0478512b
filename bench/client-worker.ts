// Child-process entry: one client × one case. Warm up, throughput at concurrency 64, latency at concurrency 1.
import './lib/loopback-only.js'
import { createPrivateKey } from 'node:crypto'
import { type CaseName, type ClientName, type Driver, type Keys, makeDriver } from './lib/drivers.js'
import { mark } from './lib/worker-marks.js'

export interface WorkerResult {
  na?: string
  error?: string
  /** Requests per second at concurrency 64. */
  rps: number
  /** Client CPU (user + system) per request at concurrency 64, µs. */
  cpuUs: number
  p50Us: number
  p99Us: number
  /** Resident set size after the throughput phase, MB. */
  rssMb: number
  /** Requests completed in the throughput phase. */
  n: number
}

export interface WorkerArgs {
  client: ClientName
  case: CaseName
  url: string
  keys: Omit<Keys, 'ed25519'>
  warmupMs: number
  throughputMs: number
  latencyMs: number
  concurrency: number
}

/** Runs `call` from `concurrency` closed loops until `ms` have passed. */
async function closedLoop(call: () => Promise<unknown>, concurrency: number, ms: number) {
  const end = performance.now() + ms
  let n = 0
  const loop = async () => {
    while (performance.now() < end) {
      await call()
      n++
    }
  }
  const t0 = performance.now()
  await Promise.all(Array.from({ length: concurrency }, loop))
  return { n, elapsed: performance.now() - t0 }
}

async function measure(d: Driver, a: WorkerArgs): Promise<WorkerResult> {
  await closedLoop(d.call, a.concurrency, a.warmupMs)
  await closedLoop(d.call, 1, Math.min(a.warmupMs, 300))
  await mark('start')
  const cpu0 = process.cpuUsage()
  const { n, elapsed } = await closedLoop(d.call, a.concurrency, a.throughputMs)
  const cpu = process.cpuUsage(cpu0)
  await mark('end')
  const rssMb = process.memoryUsage().rss / 2 ** 20
  await mark('latency-start')
  await closedLoop(d.call, 1, Math.min(a.warmupMs, 300))
  const samples: number[] = []
  const end = performance.now() + a.latencyMs
  while (performance.now() < end && samples.length < 500_000) {
    const t = performance.now()
    await d.call()
    samples.push((performance.now() - t) * 1000)
  }
  await mark('latency-end')
  samples.sort((x, y) => x - y)
  return {
    rps: (n / elapsed) * 1000,
    cpuUs: (cpu.user + cpu.system) / n,
    p50Us: samples[Math.ceil(samples.length * 0.5) - 1] ?? Number.NaN,
    p99Us: samples[Math.ceil(samples.length * 0.99) - 1] ?? Number.NaN,
    rssMb,
    n,
  }
}

const args = JSON.parse(process.argv[2] ?? '{}') as WorkerArgs
const keys: Keys = { ...args.keys, ed25519: createPrivateKey(args.keys.ed25519Pem) }
let result: Partial<WorkerResult>
try {
  const made = await makeDriver(args.client, args.case, args.url, keys)
  if ('na' in made) result = { na: made.na }
  else {
    result = await measure(made, args)
    await made.close()
  }
} catch (err) {
  result = { error: (err as Error).stack ?? String(err) }
}
process.send?.({ result }, () => process.exit(0))
