// `binance-spot-ws emulator --replay FILE…` as a real process: the data drives the clock, the progress line says
// where the data ended, and bad input or bad flags end the process before anything is served.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { depthLine, generateTrades, tradesCsv, writeZip } from '../emulator/replay/binance-files.js'
import { buildCli, type CliBuild, serveEmulator, startCli, stopProcess } from '../support/cli-process.js'

let build: CliBuild
beforeAll(() => {
  build = buildCli()
}, 120_000)
afterAll(() => build?.remove())

const MARCH_1 = Date.UTC(2025, 2, 1) * 1000
const trades = generateTrades(500, MARCH_1, 3_000_000)

describe('emulator --replay', () => {
  it('replays a day file at max speed, says where the data ended, prints the report, and keeps serving at that time', async () => {
    const file = join(build.work, 'BTCUSDT-trades-2025-03-01.zip')
    writeZip(file, { 'BTCUSDT-trades-2025-03-01.csv': tradesCsv(trades) })
    const report = join(build.work, 'day.json')
    const ex = await serveEmulator(build.main, [
      '--port',
      '0',
      '--replay',
      file,
      '--speed',
      'max',
      '--report',
      report,
    ])
    try {
      const lastMs = Math.floor(trades[trades.length - 1]!.time / 1000)
      const [line] = await ex.waitFor(/replay: data ended at \S+ +100\.0% \(500\/500 trades\)/)
      expect(line).toContain(new Date(lastMs).toISOString())
      await ex.waitFor(/\n {2}max exposure +\d\.\d{4}\n(.|\n)*\n {2}max exposure +\d\.\d{4}\n/)
      expect(ex.out.stdout).toContain(
        `replay report written to ${report} (table: ${join(build.work, 'day.txt')})`,
      )
      expect(ex.out.stdout).toContain(readFileSync(join(build.work, 'day.txt'), 'utf8'))
      const time = await startCli(build.main, ['call', 'time', '--url', ex.url]).done
      expect(JSON.parse(time.stdout)).toEqual({ serverTime: lastMs })
    } finally {
      stopProcess(ex)
    }
  })

  it('--log json: periodic replay.progress records, then the report written as JSON with its table beside it', async () => {
    // 500 trades ~3 s apart: ~25 min of data, ~1.5 s of real time at 1000×.
    const file = join(build.work, 'BTCUSDT-trades-2025-03-03.csv')
    writeFileSync(file, tradesCsv(trades))
    const report = join(build.work, 'report.json')
    const args = [
      'emulator',
      '--port',
      '0',
      '--replay',
      file,
      '--speed',
      '1000',
      '--report',
      report,
      '--log',
      'json',
    ]
    const ex = startCli(build.main, args)
    try {
      await ex.waitFor(/"type":"replay\.report"/)
      const records = ex.out.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>)
      expect(records[0]).toMatchObject({ type: 'emulator.listening', url: expect.stringMatching(/^ws:\/\//) })
      const progress = records.filter((r) => r['type'] === 'replay.progress')
      expect(progress.length).toBeGreaterThanOrEqual(2)
      expect(
        progress
          .slice(0, -1)
          .every((r) => r['done'] === false && r['stopped'] === false && Number(r['percent']) < 100),
      ).toBe(true)
      const lastMs = Math.floor(trades[trades.length - 1]!.time / 1000)
      expect(progress.at(-1)).toMatchObject({
        done: true,
        stopped: false,
        percent: '100.0',
        trades: 500,
        totalTrades: 500,
        time: lastMs,
      })
      expect(records.at(-1)).toEqual({
        type: 'replay.report',
        file: report,
        table: join(build.work, 'report.txt'),
      })
      const json = JSON.parse(readFileSync(report, 'utf8')) as {
        to: number
        done: boolean
        accounts: unknown[]
      }
      expect(json).toMatchObject({ to: lastMs, done: true, valuationAsset: 'USDT', method: 'average cost' })
      expect(json.accounts).toHaveLength(2)
      expect(readFileSync(join(build.work, 'report.txt'), 'utf8')).toContain('Replay report: ')
    } finally {
      stopProcess(ex)
    }
  })

  it('stopped by SIGTERM before the data ends: the last replay.progress and the report say done false, stopped true', async () => {
    const file = join(build.work, 'BTCUSDT-trades-2025-03-05.csv')
    writeFileSync(file, tradesCsv(trades))
    const report = join(build.work, 'stopped.json')
    // Held at the first trade until a client connects: none does, so the data cannot end before the signal.
    const args = ['--replay', file, '--wait-for-clients', '1', '--report', report, '--log', 'json']
    const ex = startCli(build.main, ['emulator', '--port', '0', ...args])
    try {
      await ex.waitFor(/"type":"emulator\.listening"/)
      ex.proc.kill('SIGTERM')
      const run = await ex.done
      expect(run.code).toBe(0)
      const records = run.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>)
      const progress = records.filter((r) => r['type'] === 'replay.progress')
      expect(progress.at(-1)).toMatchObject({ done: false, stopped: true, trades: 0, totalTrades: 500 })
      const json = JSON.parse(readFileSync(report, 'utf8')) as Record<string, unknown>
      expect(json).toMatchObject({ to: Math.floor(trades[0]!.time / 1000), done: false, stopped: true })
      expect(readFileSync(join(build.work, 'stopped.txt'), 'utf8')).toContain(
        '(stopped before the data ended)',
      )
    } finally {
      stopProcess(ex)
    }
  })

  it('refuses --report without --replay, an unwritable report path, and a --log it does not know', async () => {
    const file = join(build.work, 'BTCUSDT-trades-2025-03-04.csv')
    writeFileSync(file, tradesCsv(trades.slice(0, 5)))
    const alone = await startCli(build.main, ['emulator', '--report', 'r.json']).done
    expect(alone.code).toBe(2)
    expect(alone.stderr).toContain('--wait-for-clients and --report need --replay')
    const nowhere = join(build.work, 'no-such-dir', 'r.json')
    const bad = await startCli(build.main, ['emulator', '--port', '0', '--replay', file, '--report', nowhere])
      .done
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain(`replay.report: cannot write ${nowhere} (ENOENT)`)
    expect(bad.stdout).not.toContain('listening')
    expect(existsSync(nowhere)).toBe(false)
    const log = await startCli(build.main, ['emulator', '--log', 'yaml']).done
    expect(log.code).toBe(2)
    expect(log.stderr).toContain("--log must be text or json, got 'yaml'")
  })

  it('exits naming the file and line of bad data, or the bad flag', async () => {
    const file = join(build.work, 'BTCUSDT-trades-2025-03-02.csv')
    writeFileSync(file, `trade_id,price\n${tradesCsv(trades.slice(0, 2))}`)
    const bad = await startCli(build.main, ['emulator', '--port', '0', '--replay', file]).done
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain(`error: ${file}:1: a header row where none belongs: 'trade_id,price'`)
    expect(bad.stdout).not.toContain('listening')
    const speed = await startCli(build.main, ['emulator', '--replay', file, '--speed', 'fast']).done
    expect(speed.code).toBe(2)
    expect(speed.stderr).toContain("--speed must be a number > 0 or 'max', got 'fast'")
    const step = await startCli(build.main, ['emulator', '--replay', file, '--step', '0']).done
    expect(step.code).toBe(2)
    expect(step.stderr).toContain("--step must be an integer from 1 to 9007199254740991, got '0'")
  })

  it('refuses a file that is not there (before its name is looked at), a name without symbol and kind, a folder', async () => {
    const emulator = (file: string) =>
      startCli(build.main, ['emulator', '--port', '0', '--replay', file]).done
    for (const name of ['nonexist.zip', 'BTCUSDT-trades-2025-03-09.zip']) {
      const missing = await emulator(join(build.work, name))
      expect(missing.code).toBe(2)
      expect(missing.stderr).toBe(
        `binance-spot-ws emulator: --replay: not found: ${join(build.work, name)}\n` +
          'Run `binance-spot-ws emulator --help` for usage.\n',
      )
    }
    const unnamed = join(build.work, 'bad-trades.csv')
    writeFileSync(unnamed, tradesCsv(trades.slice(0, 5)))
    const bad = await emulator(unnamed)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain(`--replay ${unnamed}: the file name must say the symbol and kind`)
    expect(bad.stderr).toContain('e.g. BTCUSDT-trades-2026-01-01.zip')
    const folder = join(build.work, 'BTCUSDT-trades-2025-03-10.csv')
    mkdirSync(folder)
    const notFile = await emulator(folder)
    expect(notFile.code).toBe(2)
    expect(notFile.stderr).toContain(`--replay: not a file: ${folder}\n`)
  })

  it('takes a depth snapshots file by its name and the config file’s replay section; a bad one exits naming its line', async () => {
    const file = join(build.work, 'BTCUSDT-trades-2025-03-05.csv')
    writeFileSync(file, tradesCsv(trades.slice(0, 5)))
    const depth = join(build.work, 'BTCUSDT-depth-2025-03-05.jsonl')
    writeFileSync(depth, `${depthLine(MARCH_1 / 1000, [['59000.00', '2']], [['61000.00', '3']])}\n`)
    const config = join(build.work, 'replay-config.json')
    writeFileSync(config, JSON.stringify({ replay: { impact: true, book: { BTCUSDT: { levels: 2 } } } }))
    const ex = await serveEmulator(build.main, ['--port', '0', '--config', config, '--replay', file, depth])
    try {
      await ex.waitFor(/replay: data ended at/)
      const book = await startCli(build.main, ['call', 'depth', 'symbol=BTCUSDT', '--url', ex.url]).done
      expect(JSON.parse(book.stdout)).toMatchObject({
        bids: [['59000.00000000', '2.00000000']],
        asks: [['61000.00000000', '3.00000000']],
      })
    } finally {
      stopProcess(ex)
    }
    writeFileSync(depth, `${depthLine(MARCH_1 / 1000, [['61000.00', '2']], [['59000.00', '3']])}\n`)
    const bad = await startCli(build.main, ['emulator', '--port', '0', '--replay', file, depth]).done
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain(`error: ${depth}:1: crossed book`)
    expect(bad.stdout).not.toContain('listening')
  })
})
