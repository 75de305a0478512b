// Replay: ingest in trades per second (CSV and zip), the whole day replayed at --speed max with no client (× real
// time, synthetic liquidity off and on), and with one bot of ours placing and cancelling an order every simulated
// second, from a generated busy day of BTCUSDT trades.
// Run: npm run bench:replay [-- --trades=2000000 --reps=3 --only=ingest|empty|bot]
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { startEmulator } from '../src/emulator/index.js'
import { readReplayFile } from '../src/emulator/replay/read-replay-file.js'
import { writeZip } from '../test/emulator/replay/binance-files.js'
import { flags, fmt, machine, median, num, reproduce, table } from './lib/stats.js'
import { replayBot } from './replay-bot.js'

const f = flags(process.argv.slice(2))
const TRADES = num(f, 'trades', 2_000_000)
const REPS = num(f, 'reps', 3)
const ONLY = f.get('only')
const runs = (part: string) => ONLY === undefined || ONLY === part
const DAY_US = Date.UTC(2025, 2, 1) * 1000

/** Writes a day of trades as Binance prints them: a random walk around 60000.00, spread over 24 h. */
function writeBusyDay(path: string, count: number): void {
  let state = 7
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 2 ** 32
  }
  const step = Math.floor(86_400_000_000 / count)
  let cents = 6_000_000
  let lines: string[] = []
  writeFileSync(path, '')
  for (let i = 0; i < count; i++) {
    cents += Math.floor(random() * 7) - 3
    const qty = 1 + Math.floor(random() * 50_000)
    const price = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}000000`
    const qtyText = `0.${String(qty).padStart(5, '0')}000`
    const quote = ((cents * qty) / 1e7).toFixed(8)
    lines.push(
      `${1_000_000 + i},${price},${qtyText},${quote},${DAY_US + i * step},${random() < 0.5 ? 'True' : 'False'},True\n`,
    )
    if (lines.length === 100_000 || i === count - 1) {
      appendFileSync(path, lines.join(''))
      lines = []
    }
  }
}

const dir = mkdtempSync(join(tmpdir(), 'bench-replay-'))
const rows: string[][] = []
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')
try {
  const path = join(dir, 'BTCUSDT-trades-2025-03-01.csv')
  writeBusyDay(path, TRADES)
  console.log(`load average at the start: ${load()}`)
  if (runs('ingest')) {
    const zip = join(dir, 'BTCUSDT-trades-2025-03-01.zip')
    writeZip(zip, { 'BTCUSDT-trades-2025-03-01.csv': readFileSync(path, 'latin1') })
    for (const [label, file] of [
      ['CSV', path],
      ['zip', zip],
    ] as const) {
      const rates: number[] = []
      const cpuRates: number[] = []
      for (let r = 0; r < REPS; r++) {
        const cpu0 = process.cpuUsage()
        const t0 = performance.now()
        const data = await readReplayFile({ path: file }, () => ({ priceScale: 2, qtyScale: 5 }))
        const seconds = (performance.now() - t0) / 1000
        if (!('trades' in data) || data.trades.length !== TRADES) throw new Error('bench: wrong trade count')
        const cpu = process.cpuUsage(cpu0)
        rates.push(TRADES / seconds)
        cpuRates.push(TRADES / ((cpu.user + cpu.system) / 1e6))
      }
      rows.push([`${label} ingest, trades/s`, fmt(median(rates)), rates.map((x) => fmt(x)).join(' ')])
      // On a loaded machine the wall-clock rate measures the load; CPU time (user + sys) measures the reader.
      rows.push([
        `${label} ingest, trades/s of CPU`,
        fmt(median(cpuRates)),
        cpuRates.map((x) => fmt(x)).join(' '),
      ])
    }
  }
  if (runs('empty'))
    for (const liquidity of [false, true]) {
      const t0 = performance.now()
      const ex = await startEmulator({ replay: { files: [path], speed: 'max' }, liquidity })
      const started = performance.now()
      await ex.replay?.done
      const p = ex.replay?.progress()
      const realMs = performance.now() - started
      if (!p || p.trades !== TRADES) throw new Error('bench: replay incomplete')
      await ex.close()
      rows.push([
        `replay at max, no client, liquidity ${liquidity ? 'on' : 'off'}, × real time`,
        fmt((p.lastTime - p.firstTime) / realMs),
        `load ${fmt((started - t0) / 1000, 1)} s, replay ${fmt(realMs / 1000, 1)} s`,
      ])
    }
  if (runs('bot')) {
    const r = await replayBot(path, TRADES)
    rows.push(
      ['replay at max, one bot (order every simulated second), × real time', fmt(r.speed), r.detail],
      ['  orders placed / canceled / errors', `${r.placed} / ${r.canceled} / ${r.errors}`, r.coverage],
    )
  }
  console.log(machine())
  console.log(`load average at the end: ${load()}`)
  console.log(table(['measure', 'median', 'runs'], rows))
  console.log(reproduce('bench:replay'))
} finally {
  rmSync(dir, { recursive: true, force: true })
}
