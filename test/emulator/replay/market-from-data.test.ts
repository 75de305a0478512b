// The market is the data: a replayed trades file drives the clock, and the market-data methods answer from it —
// klines agree with the klines file Binance would publish for the same trades (computed here independently).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SpotWebsocketAPI, type WebsocketAPIConnection } from '../../../src/client/index.js'
import { type Emulator, ReplayInputError, startEmulator } from '../../../src/emulator/index.js'
import { asFileRow, binanceKlines, generateTrades, quoteOf, tradesCsv, writeZip } from './binance-files.js'

const dir = mkdtempSync(join(tmpdir(), 'replay-market-'))
const MARCH_1 = Date.UTC(2025, 2, 1) * 1000
/** About 4 hours of trades, 2.4 s apart on average (µs timestamps, as 2025 files). */
const trades = generateTrades(6000, MARCH_1, 2_400_000)
const path = join(dir, 'BTCUSDT-trades-2025-03-01.zip')
writeZip(path, { 'BTCUSDT-trades-2025-03-01.csv': tradesCsv(trades) })

let ex: Emulator
let c: WebsocketAPIConnection
beforeAll(async () => {
  ex = await startEmulator({ replay: { files: [path], speed: 'max' }, liquidity: false })
  await ex.replay?.done
  c = await new SpotWebsocketAPI({ wsURL: ex.url }).connect()
})
afterAll(async () => {
  await c?.disconnect()
  await ex?.close()
  rmSync(dir, { recursive: true, force: true })
})

const units = (d: string) => BigInt(d.replace('.', ''))

describe('a replayed trades file is the market', () => {
  it('the clock stops at the last trade and the emulator keeps serving', async () => {
    const last = trades[trades.length - 1]!
    expect((await c.time()).data.serverTime).toBe(Math.floor(last.time / 1000))
    expect(ex.replay?.progress()).toMatchObject({ done: true, trades: 6000, totalTrades: 6000 })
  })

  it('klines 1m and 1h agree exactly with the klines file Binance computes from the same trades', async () => {
    const oneMinute = await c.klines({
      symbol: 'BTCUSDT',
      interval: '1m',
      startTime: MARCH_1 / 1000,
      limit: 1000,
    })
    const expected = binanceKlines(trades, 60_000_000)
    expect(expected.length).toBeGreaterThan(200)
    expect(oneMinute.data.map(asFileRow)).toEqual(expected)
    const oneHour = await c.klines({ symbol: 'BTCUSDT', interval: '1h', startTime: MARCH_1 / 1000 })
    expect(oneHour.data.map(asFileRow)).toEqual(binanceKlines(trades, 3_600_000_000))
  })

  it('recent trades, the 24 h ticker and the average price are the file’s', async () => {
    const recent = await c.tradesRecent({ symbol: 'BTCUSDT', limit: 3 })
    expect(recent.data.map((t) => [t.price, t.qty, t.time, t.isBuyerMaker])).toEqual(
      trades.slice(-3).map((t) => [t.price, t.qty, Math.floor(t.time / 1000), t.buyerIsMaker]),
    )
    const ticker = await c.ticker24hr({ symbol: 'BTCUSDT' })
    const last = trades[trades.length - 1]!
    expect(ticker.data).toMatchObject({ lastPrice: last.price, openPrice: trades[0]!.price, count: 6000 })
    const avg = await c.avgPrice({ symbol: 'BTCUSDT' })
    const window = trades.filter((t) => t.time / 1000 > last.time / 1000 - 5 * 60_000)
    expect(window.length).toBeGreaterThan(10)
    const quote = window.reduce((s, t) => s + units(quoteOf(t.price, t.qty)), 0n)
    const qty = window.reduce((s, t) => s + units(t.qty), 0n)
    expect(avg.data.price).toBe(
      `${quote / qty}.${(((quote % qty) * 100_000_000n) / qty).toString().padStart(8, '0')}`,
    )
  })
})

describe('bad replay input is refused before anything is served', () => {
  it('an unknown symbol: startEmulator rejects naming the file', async () => {
    const other = join(dir, 'DOGEUSDT-trades-2025-03-01.zip')
    writeZip(other, { 'DOGEUSDT-trades-2025-03-01.csv': tradesCsv(trades.slice(0, 3)) })
    const started = startEmulator({ replay: { files: [path, other] } })
    await expect(started).rejects.toBeInstanceOf(ReplayInputError)
    await expect(started).rejects.toThrow(`${other}: unknown symbol DOGEUSDT`)
  })
})
