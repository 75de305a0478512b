// Emulator end to end: order.place per second over the WebSocket API on an Ed25519 session, vs the stub server.
// The same with the journal on (`--data-dir`): throughput against the emulator without it, and latency. Then the REST
// rows (order.place and depth over HTTP keep-alive, vs a node:http stub).
// Run: npm run bench:emulator [-- --reps=3 --seconds=5 --client=raw|ours --profile --only=emulator|journal --rest=only|no
//   --concurrency=N (requests in flight; default 64, the rows the targets are stated for)
//   --snapshot-every=N (records between the journal's snapshots; default the emulator's)
//   --snapshot-inline-ms=N (the longest a snapshot may be serialized on the main thread; default the emulator's)]
import { generateKeyPairSync } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { WorkerArgs, WorkerResult } from './client-worker.js'
import { CLIENT_LABEL, type ClientName } from './lib/drivers.js'
import { runWorker, type ServerProcess, startServerProcess, type Usage } from './lib/processes.js'
import { restRows } from './lib/rest-rows.js'
import { flags, fmt, machine, median, num, reproduce, table } from './lib/stats.js'

const f = flags(process.argv.slice(2))
const reps = num(f, 'reps', 3)
const throughputMs = num(f, 'seconds', 5) * 1000
const warmupMs = num(f, 'warmup-seconds', 2) * 1000
const client = (f.get('client') ?? 'raw') as ClientName
const profileDir = f.has('profile') ? join(process.cwd(), 'bench-profiles') : undefined
/** `--only=emulator` (or `stub`, `journal`): one server only, for quick before/after comparisons. */
const only = f.get('only')
const targets = (['stub', 'emulator', 'journal'] as const).filter((t) => only === undefined || only === t)
type Target = (typeof targets)[number]
/** `--snapshot-every=N`: the journal's `snapshotEvery` (a snapshot inside the measured window stalls it). */
const snapshotEvery = f.get('snapshot-every')
/** `--snapshot-inline-ms=N`: the journal's `snapshotInlineMs` (0: every periodic snapshot by the worker). */
const snapshotInlineMs = f.get('snapshot-inline-ms')
/** `--rest=only`: the REST rows alone; `--rest=no`: without them. */
const rest = f.get('rest')
/** `--concurrency=N`: order.place requests in flight. */
const concurrency = num(f, 'concurrency', 64)

const ed = generateKeyPairSync('ed25519')
const keys: WorkerArgs['keys'] = {
  hmacApiKey: 'bench-hmac-key',
  hmacSecret: 'bench-hmac-secret-0123456789abcdef0123456789abcdef0123456789abcdef',
  edApiKey: 'bench-ed25519-key',
  ed25519Pem: ed.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
}
const accounts = JSON.stringify({
  hmacApiKey: keys.hmacApiKey,
  hmacSecret: keys.hmacSecret,
  edApiKey: keys.edApiKey,
  edPublicPem: ed.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
})

interface Run {
  rps: number
  serverCpu: number
  /** The kernel's part of the server's CPU time. */
  serverSystem: number
  /** The share of the window the server's main thread ran (its event loop not waiting). */
  serverBusy: number
  clientCpuUs: number
  p50Us: number
  p99Us: number
}

/** One measurement on a fresh server: warm-up, then order.place on a session at `concurrency`. */
async function measure(server: ServerProcess): Promise<Run> {
  let u0: Usage | undefined
  let u1: Usage | undefined
  const r = await runWorker<Partial<WorkerResult>>(
    'client-worker.js',
    {
      client,
      case: 'session',
      url: server.url,
      keys,
      warmupMs,
      throughputMs,
      latencyMs: 2_000,
      concurrency,
    } satisfies WorkerArgs,
    {
      onMark: async (name) => {
        if (name === 'start') u0 = await server.usage()
        else if (name === 'end') u1 = await server.usage()
      },
    },
  )
  if (r.error || r.na || r.rps === undefined) throw new Error(r.error ?? r.na ?? 'no result')
  const cpu = u0 && u1 ? (u1.cpu.user + u1.cpu.system - u0.cpu.user - u0.cpu.system) / 1000 : Number.NaN
  const system = u0 && u1 ? (u1.cpu.system - u0.cpu.system) / 1000 / cpu : Number.NaN
  return {
    rps: r.rps,
    serverCpu: u0 && u1 ? cpu / (u1.at - u0.at) : Number.NaN,
    serverSystem: system,
    serverBusy:
      u0?.elu && u1?.elu ? performance.eventLoopUtilization(u1.elu, u0.elu).utilization : Number.NaN,
    clientCpuUs: r.cpuUs ?? 0,
    p50Us: r.p50Us ?? Number.NaN,
    p99Us: r.p99Us ?? Number.NaN,
  }
}

const runs: Record<Target, Run[]> = { stub: [], emulator: [], journal: [] }
for (let rep = 0; rep < (rest === 'only' ? 0 : reps); rep++) {
  for (const target of targets) {
    if (profileDir) mkdirSync(profileDir, { recursive: true })
    const execArgv =
      profileDir && target !== 'stub'
        ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${target}-e2e-${rep}.cpuprofile`]
        : []
    const dataDir = target === 'journal' ? mkdtempSync(join(tmpdir(), 'bsw-bench-data-')) : undefined
    const server =
      target === 'stub'
        ? await startServerProcess('stub-main.js')
        : await startServerProcess(
            'emulator-main.js',
            dataDir ? [accounts, dataDir, snapshotEvery ?? '', snapshotInlineMs ?? ''] : [accounts],
            execArgv,
          )
    try {
      const run = await measure(server)
      runs[target].push(run)
      const us = (run.serverCpu * 1e6) / run.rps
      process.stderr.write(
        `  [rep ${rep + 1}/${reps}] ${target}: ${fmt(run.rps)} order.place/s, server ${fmt(us, 1)} µs CPU/req ` +
          `(${fmt(run.serverSystem * 100)}% kernel), main thread busy ${fmt(run.serverBusy * 100)}%\n`,
      )
    } finally {
      await server.close()
      if (dataDir) rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

const LABEL: Record<Target, string> = {
  stub: 'bench/stub-server (canned answers)',
  emulator: 'emulator (matching, balances, session auth)',
  journal: `emulator with the journal (--data-dir, group commit${snapshotEvery ? `, a snapshot every ${snapshotEvery} records` : ''}${snapshotInlineMs ? `, snapshots on the main thread up to ${snapshotInlineMs} ms` : ''})`,
}
const medianRps = (target: Target) =>
  runs[target].length > 0 ? median(runs[target].map((r) => r.rps)) : Number.NaN
const ratio = (rps: number, base: number) => (Number.isNaN(base) ? '—' : `${(rps / base).toFixed(2)}×`)
const rows = targets.map((target) => {
  const list = runs[target]
  const rps = median(list.map((r) => r.rps))
  return [
    LABEL[target],
    fmt(rps),
    list.map((r) => fmt(r.rps)).join(' / '),
    ratio(rps, medianRps('stub')),
    target === 'stub' ? '—' : ratio(rps, medianRps('emulator')),
    `${fmt(median(list.map((r) => r.p50Us)), 0)} / ${fmt(median(list.map((r) => r.p99Us)), 0)}`,
    `${fmt(median(list.map((r) => r.serverCpu)) * 100)}%`,
    target === 'stub' ? '—' : `${fmt(median(list.map((r) => r.serverBusy)) * 100)}%`,
    fmt(median(list.map((r) => (r.serverCpu * 1e6) / r.rps)), 1),
    fmt(median(list.map((r) => r.clientCpuUs)), 1),
  ]
})
const command = reproduce('bench:emulator')
const restTable =
  rest === 'no'
    ? undefined
    : await restRows({
        reps,
        warmupMs,
        throughputMs,
        accounts,
        apiKey: keys.hmacApiKey,
        secret: keys.hmacSecret,
      })
const wsLines =
  rest === 'only'
    ? []
    : [
        `order.place (MARKET 0.001 BTCUSDT, alternately BUY and SELL, FULL response) on an Ed25519 session, concurrency ${concurrency}, ` +
          `client: ${CLIENT_LABEL[client]}; ${throughputMs / 1000} s after ${warmupMs / 1000} s warm-up on a fresh server; ` +
          `${reps} interleaved repetitions, medians. Latency: one request at a time for 2 s (p50 / p99, µs).`,
        '',
        table(
          [
            'server',
            'order.place/s',
            'runs',
            '× stub',
            '× emulator',
            'latency p50 / p99 µs',
            'server CPU',
            'main thread busy',
            'server CPU µs/req',
            'client CPU µs/req',
          ],
          rows,
        ),
      ]
const restLines = restTable
  ? [
      '',
      `REST over HTTP keep-alive, 64 requests in flight (node:http Agent), order.place HMAC-signed in a form body ` +
        `(MARKET 0.001 BTCUSDT, BUY and SELL in turn, FULL); p50/p99 of each request at that load; ` +
        `${throughputMs / 1000} s after ${warmupMs / 1000} s warm-up, ${reps} repetitions, medians.`,
      '',
      restTable,
    ]
  : []
console.log(
  [
    `Emulator end to end — ${new Date().toISOString().slice(0, 10)} — ${machine()}`,
    `Reproduce: ${command}`,
    ...wsLines,
    ...restLines,
  ].join('\n'),
)
