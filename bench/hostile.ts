// Each attack of issue 15 against an emulator in its own process, while a well-behaved client in this process
// measures ping latency on the WebSocket API (one `ping` every 20 ms), keeps a streams connection, and opens a
// fresh connection every 500 ms. Per attack, over its measured window (after any preparation, e.g. a book built):
// ping p50/p99/max, disconnects and failed connects of the good client; the emulator's event-loop delay p99/max,
// CPU time, peak RSS and log lines. The loop delay and CPU time depend little on the machine's load; the pings do.
// The attacker runs in a third process. `--profile` writes a CPU profile of each window to bench-profiles/.
// Run: npm run bench:hostile [-- --seconds=6 --only=slow-stream-readers,depth-book --profile]
import './lib/loopback-only.js'
import { fork } from 'node:child_process'
import { once } from 'node:events'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { WebSocket } from 'ws'
import { flags, fmt, machine, num, reproduce, table } from './lib/stats.js'

const ATTACKS = [
  'baseline',
  'slow-stream-readers',
  'slow-api-readers',
  'huge-messages',
  'connection-flood',
  'depth-book',
  'message-flood',
  'silent-sockets',
]
const f = flags(process.argv.slice(2))
const seconds = num(f, 'seconds', 6)
const only = f.get('only')?.split(',')
const profile = f.has('profile')
const DIR = dirname(fileURLToPath(import.meta.url))

/** What the emulator process measured over a window. */
interface Report {
  rss: number
  lines: number
  loopP99: number
  loopMax: number
  cpuMs: number
}

interface Emulator {
  readonly port: number
  /** Opens the measured window. */
  measure(): void
  report(): Promise<Report>
  close(): Promise<void>
}

/** `raised`: REQUEST_WEIGHT and ORDERS lifted (the depth-book attack builds its book with them). */
async function startEmulatorProcess(raised: boolean): Promise<Emulator> {
  const args = [...(raised ? ['raised'] : []), ...(profile ? ['profile'] : [])]
  const child = fork(join(DIR, 'hostile-main.js'), args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const [ready] = (await once(child, 'message')) as [{ port: number }]
  return {
    port: ready.port,
    measure: () => child.send({ type: 'measure' }),
    report: async () => {
      child.send({ type: 'report' })
      const [m] = (await once(child, 'message')) as [Report]
      return m
    },
    close: async () => {
      const exited = once(child, 'exit')
      child.send({ type: 'close' })
      await exited
    },
  }
}

/** The well-behaved client: latencies of its pings, its disconnects, its failed fresh connects. */
async function goodClient(port: number) {
  const api = new WebSocket(`ws://127.0.0.1:${port}/ws-api/v3`)
  const stream = new WebSocket(`ws://127.0.0.1:${port}/ws/btcusdt@trade`)
  await Promise.all([once(api, 'open'), once(stream, 'open')])
  const sentAt = new Map<number, number>()
  let latencies: number[] = []
  let disconnects = 0
  let failedConnects = 0
  let stopping = false
  for (const ws of [api, stream]) ws.on('close', () => stopping || disconnects++)
  api.on('message', (data) => {
    const { id } = JSON.parse(String(data)) as { id: number }
    const t = sentAt.get(id)
    if (t !== undefined) latencies.push(performance.now() - t)
    sentAt.delete(id)
  })
  let id = 0
  const pinger = setInterval(() => {
    if (api.readyState !== WebSocket.OPEN) return
    sentAt.set(++id, performance.now())
    api.send(`{"id":${id},"method":"ping"}`)
  }, 20)
  const fresh = setInterval(() => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws-api/v3`)
    const timer = setTimeout(() => ws.terminate(), 5000)
    ws.on('open', () => {
      clearTimeout(timer)
      ws.close()
    })
    ws.on('error', () => {
      clearTimeout(timer)
      failedConnects++
    })
  }, 500)
  return {
    /** Starts the measured window: what came before is forgotten. */
    measure() {
      latencies = []
      disconnects = 0
      failedConnects = 0
    },
    stop() {
      stopping = true
      clearInterval(pinger)
      clearInterval(fresh)
      api.terminate()
      stream.terminate()
      // A ping never answered counts as its wait so far.
      for (const t of sentAt.values()) latencies.push(performance.now() - t)
      latencies.sort((a, b) => a - b)
      const at = (q: number) =>
        latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? Number.NaN
      return { pings: latencies.length, p50: at(0.5), p99: at(0.99), max: at(1), disconnects, failedConnects }
    },
  }
}

/** Runs the attack; `measuring` is called when its measured window opens. */
function runAttack(name: string, port: number, measuring: () => void): Promise<Record<string, number>> {
  if (name === 'baseline') {
    measuring()
    return new Promise((r) => setTimeout(() => r({}), seconds * 1000))
  }
  const child = fork(join(DIR, 'hostile-attacks.js'), [name, String(port), String(seconds * 1000)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  return new Promise((resolve, reject) => {
    let result: Record<string, number> | undefined
    child.on('message', (m: { type: string; result: Record<string, number> }) => {
      if (m.type === 'measuring') measuring()
      if (m.type === 'done') result = m.result
    })
    child.once('exit', (code) =>
      result ? resolve(result) : reject(new Error(`${name} exited with ${code}`)),
    )
  })
}

const rows: string[][] = []
for (const name of ATTACKS.filter((a) => only === undefined || only.includes(a) || a === 'baseline')) {
  const ex = await startEmulatorProcess(name === 'depth-book')
  const good = await goodClient(ex.port)
  const attack = await runAttack(name, ex.port, () => {
    good.measure()
    ex.measure()
  })
  const g = good.stop()
  const { rss, lines, loopP99, loopMax, cpuMs } = await ex.report()
  await ex.close()
  const what = Object.entries(attack)
    .map(([k, v]) => `${k} ${fmt(v)}`)
    .join(', ')
  rows.push([
    name,
    what,
    fmt(g.pings),
    fmt(g.p50, 2),
    fmt(g.p99, 2),
    fmt(g.max, 1),
    fmt(g.disconnects),
    fmt(g.failedConnects),
    fmt(loopP99, 1),
    fmt(loopMax, 1),
    fmt(cpuMs),
    fmt(rss / 2 ** 20),
    fmt(lines),
  ])
  console.log(rows[rows.length - 1]?.join(' | '))
}

console.log(
  `Attacks of ${seconds} s each; the good client pings every 20 ms (ms), emulator in its own process (loop delay in ms)`,
)
console.log(machine())
console.log(
  table(
    [
      'attack',
      'attacker did',
      'pings',
      'p50',
      'p99',
      'max',
      'disconnects',
      'failed connects',
      'loop delay p99',
      'loop delay max',
      'CPU ms',
      'peak RSS MiB',
      'log lines',
    ],
    rows,
  ),
)
console.log(`Reproduce: ${reproduce('bench:hostile')}`)
