// A klines file drives the market when its symbol has no trades file: the emulator's klines for the period are the
// file's rows (OHLC, volumes, quote volumes, trade counts, taker-buy volumes); with a trades file too, trades win.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { SpotWebsocketAPI } from '../../../src/client/index.js'
import { startEmulator } from '../../../src/emulator/index.js'
import type { KlineInterval } from '../../../src/protocol/enums.js'
import { asFileRow, binanceKlines, generateTrades, klinesCsv, tradesCsv, writeZip } from './binance-files.js'

const dir = mkdtempSync(join(tmpdir(), 'replay-klines-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const MARCH_1 = Date.UTC(2025, 2, 1) * 1000
const MINUTE_US = 60_000_000
/** About 3 hours of trades, 2.4 s apart on average. */
const trades = generateTrades(4500, MARCH_1, 2_400_000)

function zipOf(name: string, text: string): string {
  const path = join(dir, `${name}.zip`)
  writeZip(path, { [`${name}.csv`]: text })
  return path
}

/** The replay of `files` run to its end, then the emulator's klines of `interval` from MARCH_1 (file layout). */
async function replayedKlines(files: string[], intervals: KlineInterval[]) {
  const ex = await startEmulator({ replay: { files, speed: 'max' }, liquidity: false })
  try {
    await ex.replay?.done
    const c = await new SpotWebsocketAPI({ wsURL: ex.url }).connect()
    try {
      const rows: string[][][] = []
      for (const interval of intervals) {
        const k = await c.klines({ symbol: 'BTCUSDT', interval, startTime: MARCH_1 / 1000, limit: 1000 })
        rows.push(k.data.map(asFileRow))
      }
      return { rows, progress: ex.replay?.progress() }
    } finally {
      await c.disconnect()
    }
  } finally {
    await ex.close()
  }
}

describe('a klines file drives the market', () => {
  it("the emulator's 1m and 1h klines are the file's rows, every column", async () => {
    const file = binanceKlines(trades, MINUTE_US)
    expect(file.length).toBeGreaterThan(150)
    const path = zipOf('BTCUSDT-1m-2025-03-01', klinesCsv(file))
    const { rows, progress } = await replayedKlines([path], ['1m', '1h'])
    expect(rows[0]).toEqual(file)
    // Sums and extremes add up, so the coarser klines agree with Binance's too.
    expect(rows[1]).toEqual(binanceKlines(trades, 60 * MINUTE_US))
    expect(progress?.totalTrades).toBe(trades.length)
  })

  it('a trades file and a klines file of the same symbol: the trades are replayed, the klines set aside', async () => {
    const other = generateTrades(3000, MARCH_1, 3_000_000, 11)
    const klinesPath = zipOf('BTCUSDT-1m-2025-03-02', klinesCsv(binanceKlines(trades, MINUTE_US)))
    const tradesPath = zipOf('BTCUSDT-trades-2025-03-02', tradesCsv(other))
    const { rows, progress } = await replayedKlines([klinesPath, tradesPath], ['1m'])
    expect(rows[0]).toEqual(binanceKlines(other, MINUTE_US))
    expect(progress?.totalTrades).toBe(other.length)
  })
})
