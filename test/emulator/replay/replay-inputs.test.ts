// Overlapping replay inputs are not replayed twice: one file given twice (by any path) is read once, a symbol's
// aggTrades are set aside when it has trades (the finest data wins), and two files of one symbol and kind that share
// a moment are refused, naming both.
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ReplayInputError, type ReplayOptions, startEmulator } from '../../../src/emulator/index.js'
import {
  aggTradesCsv,
  asFileRow,
  binanceKlines,
  generateTrades,
  tradesCsv,
  writeZip,
} from './binance-files.js'

const dir = mkdtempSync(join(tmpdir(), 'replay-inputs-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const MARCH_1 = Date.UTC(2025, 2, 1) * 1000
/** About 3 minutes of trades. */
const trades = generateTrades(600, MARCH_1, 300_000)
const tradesPath = join(dir, 'BTCUSDT-trades-2025-03-01.zip')
writeZip(tradesPath, { 'BTCUSDT-trades-2025-03-01.csv': tradesCsv(trades) })
const aggPath = join(dir, 'BTCUSDT-aggTrades-2025-03-01.zip')
writeZip(aggPath, { 'BTCUSDT-aggTrades-2025-03-01.csv': aggTradesCsv(trades) })

/** What the replay of `files` made of the market: its 1m klines and the trades it counted. */
async function replayed(files: ReplayOptions['files']) {
  const ex = await startEmulator({ replay: { files }, liquidity: false })
  try {
    await ex.replay?.done
    const url = `http://127.0.0.1:${ex.port}/api/v3/klines?symbol=BTCUSDT&interval=1m&startTime=${MARCH_1 / 1000}`
    const klines = (await (await fetch(url)).json()) as unknown[][]
    const { trades: count, totalTrades } = ex.replay!.progress()
    return { klines: klines.map(asFileRow), count, totalTrades }
  } finally {
    await ex.close()
  }
}

const once = { klines: binanceKlines(trades, 60_000_000), count: 600, totalTrades: 600 }

describe('overlapping replay inputs', () => {
  it('one file given twice, by the same path, another path or a link, is replayed once', async () => {
    const link = join(dir, 'link', 'BTCUSDT-trades-2025-03-01.zip')
    const dotted = join(dir, 'link', '..', 'BTCUSDT-trades-2025-03-01.zip')
    symlinkSync(dir, join(dir, 'link'))
    expect(await replayed([tradesPath])).toEqual(once)
    expect(await replayed([tradesPath, tradesPath, dotted, { path: link }])).toEqual(once)
  })

  it('a symbol’s trades and aggTrades of the same day: the trades are replayed, the aggTrades set aside', async () => {
    expect(await replayed([aggPath, tradesPath])).toEqual(once)
  })

  it('two files of one symbol and kind sharing a moment are refused, naming both', async () => {
    // A part of the day's trades as CSV beside the day's zip.
    const csv = join(dir, 'BTCUSDT-trades-2025-03-01.csv')
    writeFileSync(csv, tradesCsv(trades.slice(100, 200)))
    const started = startEmulator({ replay: { files: [tradesPath, csv] } })
    await expect(started).rejects.toBeInstanceOf(ReplayInputError)
    await expect(started).rejects.toThrow(
      `${csv}: its BTCUSDT trades (${iso(trades[100]!.time)} to ${iso(trades[199]!.time)}) overlap those of ${tradesPath}`,
    )
  })

  it('files of one symbol and kind for periods one after the other are both replayed', async () => {
    const first = join(dir, 'BTCUSDT-trades-2025-02-28.csv')
    const second = join(dir, 'BTCUSDT-trades-2025-03-02.csv')
    writeFileSync(first, tradesCsv(trades.slice(0, 300)))
    writeFileSync(second, tradesCsv(trades.slice(300)))
    expect(await replayed([second, first])).toEqual(once)
  })
})

const iso = (us: number) => new Date(Math.floor(us / 1000)).toISOString()
