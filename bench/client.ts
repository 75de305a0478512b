// Client benchmark: this client vs a raw `ws` ceiling vs @binance/spot vs binance, against one local server.
// Run: npm run bench:client [-- --reps=3 --seconds=3 --target=stub|emulator|both --profile]
import { generateKeyPairSync } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { WorkerArgs, WorkerResult } from './client-worker.js'
import { CASE_LABEL, CASES, type CaseName, CLIENT_LABEL, CLIENTS, type ClientName } from './lib/drivers.js'
import {
  canPin,
  runWorker,
  type ServerProcess,
  setAffinity,
  startServerProcess,
  type Usage,
} from './lib/processes.js'
import { flags, fmt, machine, median, num, ratio, reproduce, table } from './lib/stats.js'

const f = flags(process.argv.slice(2))
const reps = num(f, 'reps', 3)
const throughputMs = num(f, 'seconds', 3) * 1000
const latencyMs = num(f, 'latency-seconds', 2) * 1000
const warmupMs = num(f, 'warmup-seconds', 2) * 1000
/** Latency with client and server on one core (default when taskset exists); `--no-pin` leaves placement to the OS. */
const pinLatency = canPin && !f.has('no-pin')
const concurrency = num(f, 'concurrency', 64)
const targets = (f.get('target') ?? 'stub') === 'both' ? ['stub', 'emulator'] : [f.get('target') ?? 'stub']
const cases = (f.get('cases')?.split(',') ?? CASES) as CaseName[]
const clients = (f.get('clients')?.split(',') ?? CLIENTS) as ClientName[]
const profileDir = f.has('profile') ? join(process.cwd(), 'bench-profiles') : undefined
/** `--profile` profiles this client; `--profile=raw,ours` names the clients to profile. */
const profiled = new Set(f.get('profile') === 'true' ? ['ours'] : (f.get('profile')?.split(',') ?? []))

const ed = generateKeyPairSync('ed25519')
const keys: WorkerArgs['keys'] = {
  hmacApiKey: 'bench-hmac-key',
  hmacSecret: 'bench-hmac-secret-0123456789abcdef0123456789abcdef0123456789abcdef',
  edApiKey: 'bench-ed25519-key',
  ed25519Pem: ed.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
}
const edPublicPem = ed.publicKey.export({ type: 'spki', format: 'pem' }).toString()

type Sample = WorkerResult & { serverCpu: number }

async function startTarget(target: string): Promise<ServerProcess> {
  if (target === 'stub') return startServerProcess('stub-main.js')
  if (target === 'emulator') {
    return startServerProcess('emulator-main.js', [
      JSON.stringify({
        hmacApiKey: keys.hmacApiKey,
        hmacSecret: keys.hmacSecret,
        edApiKey: keys.edApiKey,
        edPublicPem,
      }),
    ])
  }
  throw new Error(`unknown --target=${target}`)
}

async function runTarget(target: string): Promise<string> {
  // The stub is stateless: one serves every run. The emulator's state grows with every order, so each run gets a
  // fresh one (otherwise later runs would measure a fuller exchange).
  const shared = target === 'stub' ? await startTarget(target) : undefined
  const samples = new Map<string, Sample[]>()
  const na = new Map<string, string>()
  try {
    for (let rep = 0; rep < reps; rep++) {
      for (const c of cases) {
        // Rotate the order of clients each repetition so no client always runs first.
        const order = clients.map((_, i) => clients[(i + rep) % clients.length]!)
        for (const client of order) {
          const key = `${c}/${client}`
          if (na.has(key)) continue
          let u0: Usage | undefined
          let u1: Usage | undefined
          if (profileDir) mkdirSync(profileDir, { recursive: true })
          const execArgv =
            profileDir && profiled.has(client)
              ? [
                  '--cpu-prof',
                  `--cpu-prof-dir=${profileDir}`,
                  `--cpu-prof-name=${target}-${c}-${client}-${rep}.cpuprofile`,
                ]
              : []
          const server = shared ?? (await startTarget(target))
          const r = await runWorker<Partial<WorkerResult>>(
            'client-worker.js',
            { client, case: c, url: server.url, keys, warmupMs, throughputMs, latencyMs, concurrency },
            {
              execArgv,
              onMark: async (name, pid) => {
                if (name === 'start') u0 = await server.usage()
                else if (name === 'end') u1 = await server.usage()
                else {
                  const cpus = name === 'latency-start' && pinLatency ? 'one' : 'all'
                  setAffinity(pid, cpus)
                  setAffinity(server.pid, cpus)
                }
              },
            },
          ).finally(() => (shared ? undefined : server.close()))
          if (r.na) {
            na.set(key, r.na)
            continue
          }
          if (r.error) throw new Error(`${key}: ${r.error}`)
          const serverCpu =
            u0 && u1
              ? (u1.cpu.user + u1.cpu.system - u0.cpu.user - u0.cpu.system) / 1000 / (u1.at - u0.at)
              : Number.NaN
          const list = samples.get(key) ?? []
          list.push({ ...(r as WorkerResult), serverCpu })
          samples.set(key, list)
          process.stderr.write(
            `  [${target} rep ${rep + 1}/${reps}] ${CASE_LABEL[c]} · ${CLIENT_LABEL[client]}: ${fmt(r.rps ?? 0)} req/s, p50 ${fmt(r.p50Us ?? 0)} µs\n`,
          )
        }
      }
    }
  } finally {
    await shared?.close()
  }
  const rows: string[][] = []
  for (const c of cases) {
    const med = (client: ClientName, k: keyof Sample) =>
      median((samples.get(`${c}/${client}`) ?? []).map((s) => s[k] as number))
    const rawRps = med('raw', 'rps')
    const rawP50 = med('raw', 'p50Us')
    for (const client of clients) {
      const reason = na.get(`${c}/${client}`)
      if (reason) {
        rows.push([CASE_LABEL[c], CLIENT_LABEL[client], `n/a: ${reason}`, '', '', '', '', '', '', '', ''])
        continue
      }
      const rpsAll = (samples.get(`${c}/${client}`) ?? []).map((s) => s.rps)
      const rps = med(client, 'rps')
      const spread = rpsAll.length > 1 ? ((Math.max(...rpsAll) - Math.min(...rpsAll)) / rps) * 100 : 0
      rows.push([
        CASE_LABEL[c],
        CLIENT_LABEL[client],
        fmt(rps),
        `±${spread.toFixed(0)}%`,
        ratio(rps, rawRps),
        fmt(med(client, 'p50Us')),
        ratio(med(client, 'p50Us'), rawP50),
        fmt(med(client, 'p99Us')),
        fmt(med(client, 'cpuUs'), 1),
        fmt(med(client, 'rssMb')),
        `${fmt(med(client, 'serverCpu') * 100)}%`,
      ])
    }
  }
  return table(
    [
      'case',
      'client',
      `req/s @${concurrency}`,
      'spread',
      '× raw',
      'p50 µs @1',
      '× raw',
      'p99 µs @1',
      'client CPU µs/req',
      'RSS MB',
      'server CPU',
    ],
    rows,
  )
}

const command = reproduce('bench:client')
const out: string[] = [
  `Client benchmark — ${new Date().toISOString().slice(0, 10)} — ${machine()}`,
  `Reproduce: ${command}`,
  `${reps} interleaved repetitions, medians; throughput ${throughputMs / 1000} s at concurrency ${concurrency}, ` +
    `latency ${latencyMs / 1000} s at concurrency 1${pinLatency ? ' with client and server pinned to one core (taskset)' : ''}, ` +
    `after ${warmupMs / 1000} s warm-up; one fresh process per client and case.`,
]
for (const target of targets) {
  out.push(
    '',
    `Server: ${target === 'stub' ? 'bench/stub-server (canned answers, separate process)' : 'the emulator (separate process, a fresh one per run)'}`,
    '',
  )
  out.push(await runTarget(target))
}
console.log(out.join('\n'))
