// The REST rows of bench:emulator: POST /api/v3/order and GET /api/v3/depth over HTTP keep-alive, 64 requests in
// flight, on the emulator and on the canned-JSON stub, in interleaved repetitions on fresh servers.
import type { RestWorkerArgs, RestWorkerResult } from '../rest-worker.js'
import { runWorker, type ServerProcess, startServerProcess, type Usage } from './processes.js'
import { fmt, median, table } from './stats.js'

export interface RestBenchOptions {
  readonly reps: number
  readonly warmupMs: number
  readonly throughputMs: number
  /** The argument of emulator-main.js (its accounts). */
  readonly accounts: string
  readonly apiKey: string
  readonly secret: string
}

interface Run {
  readonly rps: number
  readonly p50Us: number
  readonly p99Us: number
  /** The server's CPU per request, µs. */
  readonly serverUs: number
}

const CASES = ['order', 'depth'] as const
const TARGETS = ['stub', 'emulator'] as const
const LABEL = { order: 'order.place (POST /api/v3/order)', depth: 'depth (GET /api/v3/depth, limit 100)' }

async function measure(
  server: ServerProcess,
  kase: RestWorkerArgs['case'],
  o: RestBenchOptions,
): Promise<Run> {
  let u0: Usage | undefined
  let u1: Usage | undefined
  const { protocol, host } = new URL(server.url)
  const r = await runWorker<Partial<RestWorkerResult>>(
    'rest-worker.js',
    {
      case: kase,
      base: `${protocol === 'ws:' ? 'http:' : protocol}//${host}`,
      apiKey: o.apiKey,
      secret: o.secret,
      warmupMs: o.warmupMs,
      throughputMs: o.throughputMs,
      concurrency: 64,
    } satisfies RestWorkerArgs,
    {
      onMark: async (name) => {
        if (name === 'start') u0 = await server.usage()
        else if (name === 'end') u1 = await server.usage()
      },
    },
  )
  if (r.error || r.rps === undefined || r.n === undefined) throw new Error(r.error ?? 'no result')
  const cpuUs = u0 && u1 ? u1.cpu.user + u1.cpu.system - u0.cpu.user - u0.cpu.system : Number.NaN
  return { rps: r.rps, p50Us: r.p50Us ?? Number.NaN, p99Us: r.p99Us ?? Number.NaN, serverUs: cpuUs / r.n }
}

/** Runs every case on both servers and returns the Markdown table. */
export async function restRows(o: RestBenchOptions): Promise<string> {
  const runs = new Map<string, Run[]>()
  for (let rep = 0; rep < o.reps; rep++) {
    for (const target of TARGETS) {
      const server =
        target === 'stub'
          ? await startServerProcess('rest-stub-main.js')
          : await startServerProcess('emulator-main.js', [o.accounts])
      try {
        for (const kase of CASES) {
          const run = await measure(server, kase, o)
          const list = runs.get(`${target} ${kase}`) ?? []
          list.push(run)
          runs.set(`${target} ${kase}`, list)
          process.stderr.write(
            `  [REST rep ${rep + 1}/${o.reps}] ${target} ${kase}: ${fmt(run.rps)}/s, p50 ${fmt(run.p50Us)} µs, ` +
              `p99 ${fmt(run.p99Us)} µs\n`,
          )
        }
      } finally {
        await server.close()
      }
    }
  }
  const rows = CASES.flatMap((kase) => {
    const stubRps = median((runs.get(`stub ${kase}`) ?? []).map((r) => r.rps))
    return TARGETS.map((target) => {
      const list = runs.get(`${target} ${kase}`) ?? []
      const rps = median(list.map((r) => r.rps))
      return [
        LABEL[kase],
        target === 'stub' ? 'node:http stub (canned JSON)' : 'emulator',
        fmt(rps),
        `${(rps / stubRps).toFixed(2)}×`,
        fmt(median(list.map((r) => r.p50Us))),
        fmt(median(list.map((r) => r.p99Us))),
        fmt(median(list.map((r) => r.serverUs)), 1),
      ]
    })
  })
  return table(['request', 'server', 'req/s', '× stub', 'p50 µs', 'p99 µs', 'server CPU µs/req'], rows)
}
