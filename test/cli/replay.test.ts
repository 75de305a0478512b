// `binance-spot-ws emulator --replay FILE…` as a real process: the data drives the clock, the progress line says
// where the data ended, and bad input or bad flags end the process before anything is served.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateTrades, tradesCsv, writeZip } from '../emulator/replay/binance-files.js'
import { buildCli, type CliBuild, serveEmulator, startCli, stopProcess } from '../support/cli-process.js'

let build: CliBuild
beforeAll(() => {
  build = buildCli()
}, 120_000)
afterAll(() => build?.remove())

const MARCH_1 = Date.UTC(2025, 2, 1) * 1000
const trades = generateTrades(500, MARCH_1, 3_000_000)

describe('emulator --replay', () => {
  it('replays a day file at max speed, says where the data ended, and keeps serving at that time', async () => {
    const file = join(build.work, 'BTCUSDT-trades-2025-03-01.zip')
    writeZip(file, { 'BTCUSDT-trades-2025-03-01.csv': tradesCsv(trades) })
    const ex = await serveEmulator(build.main, ['--port', '0', '--replay', file, '--speed', 'max'])
    try {
      const lastMs = Math.floor(trades[trades.length - 1]!.time / 1000)
      const [line] = await ex.waitFor(/replay: data ended at \S+ +100\.0% \(500\/500 trades\)/)
      expect(line).toContain(new Date(lastMs).toISOString())
      const time = await startCli(build.main, ['call', 'time', '--url', ex.url]).done
      expect(JSON.parse(time.stdout)).toEqual({ serverTime: lastMs })
    } finally {
      stopProcess(ex)
    }
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
  })
})
