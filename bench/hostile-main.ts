// Child-process entry of bench:hostile: the emulator under attack (default limits and bounds; with argument `raised`,
// REQUEST_WEIGHT and ORDERS lifted so one attacker can build a 20,000-level book; accounts k0…k199 with secret `s`),
// sampling its RSS every 50 ms and its event-loop delay. Over IPC, `measure` starts a window; `report` answers the
// window's peak RSS, log lines, event-loop delay p99/max (ms) and CPU time (ms). With argument `profile` it writes a
// CPU profile of the window to bench-profiles/hostile-<pid>.cpuprofile.
import './lib/loopback-only.js'
import { mkdirSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { startEmulator } from '../src/emulator/index.js'

let lines = 0
const ex = await startEmulator({
  port: 0,
  liquidity: true,
  ...(process.argv.includes('raised')
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
const profiling = process.argv.includes('profile') ? new Session() : undefined
if (profiling) {
  profiling.connect()
  await profiling.post('Profiler.enable')
}
let peak = 0
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss)
}, 50)
const delay = monitorEventLoopDelay({ resolution: 5 })
delay.enable()
let cpu = process.cpuUsage()
let linesBefore = 0
process.on('message', (msg: { type: string }) => {
  if (msg.type === 'measure') {
    peak = 0
    delay.reset()
    cpu = process.cpuUsage()
    linesBefore = lines
    void profiling?.post('Profiler.start')
  } else if (msg.type === 'report') {
    const used = process.cpuUsage(cpu)
    void report(used.user + used.system)
  } else if (msg.type === 'close') {
    clearInterval(sampler)
    void ex.close().then(() => process.exit(0))
  }
})

async function report(cpuMicros: number): Promise<void> {
  if (profiling) {
    const { profile } = await profiling.post('Profiler.stop')
    mkdirSync('bench-profiles', { recursive: true })
    writeFileSync(`bench-profiles/hostile-${process.pid}.cpuprofile`, JSON.stringify(profile))
  }
  process.send?.({
    type: 'report',
    rss: Math.max(peak, process.memoryUsage().rss),
    lines: lines - linesBefore,
    loopP99: delay.percentile(99) / 1e6,
    loopMax: delay.max / 1e6,
    cpuMs: cpuMicros / 1000,
  })
}
process.send?.({ type: 'ready', url: ex.url, port: ex.port })
