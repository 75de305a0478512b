// Recovery of a data dir: a journal of N commands replayed at start, the snapshot of the resulting N resting
// orders written at close, and a start from that snapshot. The journal is written directly (records of
// `placeOrder` commands, as the WebSocket API journals them), so making it takes no network time. Each step
// reports wall and CPU seconds: on a shared machine the CPU time is the figure that does not depend on the load.
// Then one periodic snapshot of that state taken by the worker process while the emulator runs: its CPU time is the
// process's and its children's (the worker's), and the main thread's longest pause shows what serving lost to it.
// `checkDataDir` (emulator --check) is timed on the journal and on the snapshot, each in a process of its own as the
// CLI runs it (its exchange is not left to this process's collector): it reads what the start reads.
// Run: npm run bench:recovery [-- --orders=1000000] [--profile] (--profile writes each step's CPU profile to
// bench-profiles/recovery-<step>.cpuprofile)
import './lib/loopback-only.js'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { segmentName } from '../src/emulator/api/persistence/journal-writer.js'
import { type EmulatorOptions, startEmulator } from '../src/emulator/index.js'
import {
  RESTING_SYMBOL,
  UNLIMITED_ORDERS,
  writeRestingOrders,
} from '../test/emulator/persistence/resting-orders-journal.js'
import { flags, fmt, machine, num, reproduce, table } from './lib/stats.js'

const f = flags(process.argv.slice(2))
const orders = num(f, 'orders', 1_000_000)
const profiling = f.has('profile') ? new Session() : undefined
if (profiling) {
  profiling.connect()
  await profiling.post('Profiler.enable')
  mkdirSync('bench-profiles', { recursive: true })
}

const dir = mkdtempSync(join(tmpdir(), 'bsw-recovery-'))
/** A data dir of its own for the warm-up start (the code paths compiled before the timed one). */
const warmDir = mkdtempSync(join(tmpdir(), 'bsw-recovery-warm-'))
const options: EmulatorOptions = {
  port: 0,
  liquidity: false,
  dataDir: dir,
  snapshotEvery: Number.MAX_SAFE_INTEGER,
  limits: UNLIMITED_ORDERS,
  symbols: [RESTING_SYMBOL],
  accounts: [
    { apiKey: 'bench', hmacSecret: 'bench-secret', balances: { USDT: '100000000000', BTC: '10000000' } },
  ],
}

/** Wall and CPU (user + system) seconds `run` takes, and its CPU profile with --profile. */
async function timed(step: string, run: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  await profiling?.post('Profiler.start')
  const t = performance.now()
  const cpu = process.cpuUsage()
  const kids = childrenCpuSeconds()
  await run()
  const used = process.cpuUsage(cpu)
  const kidsUsed = childrenCpuSeconds() - kids
  if (profiling) {
    const { profile } = await profiling.post('Profiler.stop')
    writeFileSync(`bench-profiles/recovery-${step}.cpuprofile`, JSON.stringify(profile))
  }
  return { wall: (performance.now() - t) / 1000, cpu: (used.user + used.system) / 1e6 + kidsUsed }
}

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }))

/** CPU seconds of this process's children that have ended (Linux: cutime + cstime of /proc/self/stat). */
function childrenCpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? []
  return (Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND
}

const seconds = (s: { wall: number; cpu: number }) => [fmt(s.wall, 2), fmt(s.cpu, 2)]

/** `checkDataDir` of the data dir in a child process (its CPU counts as this one's children's). */
async function checkInChild(): Promise<void> {
  const index = new URL('../src/emulator/index.js', import.meta.url).href
  const script = `const { checkDataDir } = await import(${JSON.stringify(index)})
await checkDataDir(${JSON.stringify({ ...options, dataDir: dir })})`
  execFileSync(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' })
}

/** `run` timed, with the longest pause of the main thread's event loop meanwhile (ms). */
async function paused(
  step: string,
  run: () => Promise<unknown>,
): Promise<{ wall: number; cpu: number; pause: string }> {
  const loop = monitorEventLoopDelay({ resolution: 10 })
  loop.enable()
  const took = await timed(step, run)
  loop.disable()
  return { ...took, pause: fmt(loop.max / 1e6) }
}

try {
  const t = performance.now()
  await (await startEmulator(options)).close()
  process.stderr.write(`first start ${fmt((performance.now() - t) / 1000, 2)} s\n`)
  await writeRestingOrders(dir, orders, 'bench', Date.now())
  const journalMb = statSync(join(dir, segmentName(0))).size / 2 ** 20

  let ex = await startEmulator({ ...options, dataDir: warmDir })
  await ex.close()
  const checkJournal = await timed('check-journal', checkInChild)
  const replay = await timed('replay', async () => {
    ex = await startEmulator(options)
  })
  const rssAfterReplay = process.memoryUsage().rss / 2 ** 20
  const snapshotWrite = await paused('snapshot', () => ex.close())
  const snapshot = readdirSync(dir).find((n) => n.endsWith('.snap')) ?? ''
  const snapshotMb = statSync(join(dir, snapshot)).size / 2 ** 20
  const checkSnapshot = await timed('check-snapshot', checkInChild)
  const load = await timed('load', async () => {
    ex = await startEmulator(options)
  })
  // One more record, then the snapshot a `snapshotEvery` point takes: the worker reads the snapshot and writes one.
  ex.deposit('bench', 'USDT', '1')
  const inWorker = await paused('worker-snapshot', () => ex.snapshot())
  await ex.close()
  console.log(
    [
      `Recovery of a data dir — ${new Date().toISOString().slice(0, 10)} — ${machine()}, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
      `Reproduce: ${reproduce('bench:recovery')}`,
      `${fmt(orders)} placeOrder commands (LIMIT GTC, none crossing: ${fmt(orders)} resting orders), one account, BTCUSDT.`,
      '',
      table(
        ['step', 'seconds (wall)', 'CPU seconds', 'main thread paused (ms)', 'size'],
        [
          [
            'check of the journal (`emulator --check`, read-only, own process)',
            ...seconds(checkJournal),
            '',
            '',
          ],
          ['start replaying the journal', ...seconds(replay), '', `${fmt(journalMb, 1)} MB journal`],
          [
            'final snapshot at close (main thread)',
            ...seconds(snapshotWrite),
            snapshotWrite.pause,
            `${fmt(snapshotMb, 1)} MB snapshot`,
          ],
          ['check of the snapshot (read-only, own process)', ...seconds(checkSnapshot), '', ''],
          ['start from the snapshot', ...seconds(load), '', `RSS ${fmt(rssAfterReplay)} MB after replay`],
          ['periodic snapshot in the worker, serving', ...seconds(inWorker), inWorker.pause, ''],
        ],
      ),
    ].join('\n'),
  )
} finally {
  rmSync(dir, { recursive: true, force: true })
  rmSync(warmDir, { recursive: true, force: true })
}
