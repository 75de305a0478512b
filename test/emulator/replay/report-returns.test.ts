// The report's returns and ratios on a small generated day whose figures are worked out by hand: five trades at
// 100, 110, 99, 121, 121 USDT, one per hour from 00:00 to 03:30, and two accounts holding 1 BTC and no USDT — one
// keeps it, one sells it with a limit order at 115 that the trade at 121 trades through.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Emulator, type ReplayReport, startEmulator } from '../../../src/emulator/index.js'
import type { EquitySample } from '../../../src/emulator/replay/report-equity.js'
import { returnsOf } from '../../../src/emulator/replay/report-returns.js'
import { reportTable } from '../../../src/emulator/replay/report-table.js'
import { keyOf } from '../../support/keys.js'
import { RawStreams } from '../../support/raw-streams.js'
import { restBase, restCall } from '../../support/rest-client.js'
import { type FileTrade, tradesCsv, writeZip } from './binance-files.js'

const dir = mkdtempSync(join(tmpdir(), 'replay-returns-'))
const MARCH_1 = Date.UTC(2025, 2, 1)
const HOUR = 3_600_000
const at = (ms: number, price: string, id: number): FileTrade => ({
  id,
  price,
  qty: '5.00000000',
  time: (MARCH_1 + ms) * 1000,
  buyerIsMaker: false,
})
const day = [
  at(0, '100.00000000', 1),
  at(HOUR / 2, '110.00000000', 2),
  at(1.5 * HOUR, '99.00000000', 3),
  at(2.5 * HOUR, '121.00000000', 4),
  at(3.5 * HOUR, '121.00000000', 5),
]
const FREE = { maker: '0', taker: '0', buyer: '0', seller: '0' }

let ex: Emulator
let report: ReplayReport
beforeAll(async () => {
  const path = join(dir, 'BTCUSDT-trades-2025-03-01.zip')
  writeZip(path, { 'BTCUSDT-trades-2025-03-01.csv': tradesCsv(day) })
  const balances = { USDT: '0', BTC: '1' }
  ex = await startEmulator({
    // The stream below is awaited, then 300 ms of quiet before each step: the order lands before the second trade.
    replay: { files: [path], quietMs: 300, waitForClients: 1 },
    control: true,
    accounts: [
      { apiKey: 'hold', hmacSecret: 'x', balances, commission: FREE },
      { apiKey: 'sell', hmacSecret: 'x', balances, commission: FREE },
    ],
  })
  const trades = await RawStreams.open(`${ex.streams.url}/ws/btcusdt@trade`)
  await trades.event('trade')
  const placed = await restCall(restBase(ex), '/api/v3/order', {
    method: 'POST',
    key: keyOf('sell', 'x'),
    body: { symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', quantity: '1', price: '115' },
    timestamp: ex.clock.now(),
  })
  expect(placed.status, placed.text).toBe(200)
  await Promise.all([trades.close(), ex.replay?.done])
  report = ex.replay!.report()
}, 60_000)

afterAll(() => ex?.close().finally(() => rmSync(dir, { recursive: true, force: true })))

const accountOf = (apiKey: string) => report.accounts.find((a) => a.apiKey === apiKey)!
const hours = [0, 1, 2, 3].map((h) => MARCH_1 + h * HOUR)

describe('the replay report: returns and ratios', () => {
  it('holding 1 BTC: equity is the price, returned hour by hour, the day in one period', () => {
    const a = accountOf('hold')
    expect(a.hourlyReturns).toEqual([
      { start: hours[0], startEquity: '100.00000000', endEquity: '110.00000000', return: '0.10000000' },
      { start: hours[1], startEquity: '110.00000000', endEquity: '99.00000000', return: '-0.10000000' },
      // 22 / 99 = 0.2222…, half up at 8 places.
      { start: hours[2], startEquity: '99.00000000', endEquity: '121.00000000', return: '0.22222222' },
      { start: hours[3], startEquity: '121.00000000', endEquity: '121.00000000', return: '0.00000000' },
    ])
    expect(a.dailyReturns).toEqual([
      { start: MARCH_1, startEquity: '100.00000000', endEquity: '121.00000000', return: '0.21000000' },
    ])
    expect(a.totalReturn).toBe('0.21000000')
    // mean 0.055555555, sample stdev 0.1360…, × √8760: 37.7104483…; downside √(0.01 / 4) = 0.05: 103.9943007…
    expect(a.sharpe).toBe('37.7104')
    expect(a.sortino).toBe('103.9943')
    // The curve is sampled at each minute's end: from its last sample at the peak of 110 (01:29:59.999), below it
    // from 01:30 until 121 in the minute of 02:30.
    expect(a.longestDrawdown).toEqual({
      duration: HOUR + 60_000,
      peakTime: MARCH_1 + 1.5 * HOUR - 1,
      endTime: MARCH_1 + 2.5 * HOUR + 60_000 - 1,
      recovered: true,
    })
    expect(a).toMatchObject({
      closingTrades: 0,
      winningTrades: 0,
      winRate: null,
      roundTrips: 0,
      turnover: '0.0000',
    })
  })

  it('selling it at 115: one closing trade, won, a round trip to flat, turnover 115 / 100', () => {
    const a = accountOf('sell')
    expect(a.trades).toBe(1)
    expect(a.realisedPnl).toBe('15.00000000')
    expect(a).toMatchObject({
      closingTrades: 1,
      winningTrades: 1,
      winRate: '1.0000',
      roundTrips: 1,
      turnover: '1.1500',
    })
    expect(a.hourlyReturns.map((p) => p.return)).toEqual([
      '0.10000000',
      '-0.10000000',
      '0.16161616',
      '0.00000000',
    ])
    expect(a.totalReturn).toBe('0.15000000')
  })

  it('shows them in the table and at GET /control/replay/report', async () => {
    const table = reportTable(report)
    expect(table).toMatch(/\n {2}total return +21\.0000%\n/)
    expect(table).toMatch(/\n {2}Sharpe \(hourly, annualised\) +37\.7104\n/)
    expect(table).toMatch(/\n {2}Sortino \(hourly, annualised\) +103\.9943\n/)
    expect(table).toMatch(/\n {2}longest drawdown +1h 1m 0s\n/)
    expect(table).toMatch(/\n {2}closing trades won +1 of 1 \(100\.00%\), 1 round trip\n/)
    expect(table).toMatch(/\n {2}turnover +1\.1500\n/)
    const served = await fetch(`${restBase(ex)}/control/replay/report`)
    const body = (await served.json()) as { result: ReplayReport }
    expect(body.result.accounts.find((a) => a.apiKey === 'hold')).toMatchObject({
      totalReturn: '0.21000000',
      sharpe: '37.7104',
    })
  })
})

describe('returns and ratios at the edges', () => {
  const curve = (...equity: number[]): EquitySample[] =>
    equity.map((e, i) => ({ time: MARCH_1 - 1 + i * HOUR, equity: BigInt(e) * 10n ** 8n, positions: 0n }))

  it('flat equity: a total return of 0, no Sharpe or Sortino, no drawdown', () => {
    expect(returnsOf(curve(50, 50, 50, 50))).toMatchObject({
      totalReturn: '0.00000000',
      sharpe: null,
      sortino: null,
      longestDrawdown: { duration: 0, recovered: true },
    })
  })

  it('one period: its return, and no ratio', () => {
    const r = returnsOf(curve(50, 40))
    expect(r.hourlyReturns.map((p) => p.return)).toEqual(['-0.20000000'])
    expect([r.sharpe, r.sortino]).toEqual([null, null])
    expect(r.longestDrawdown).toEqual({
      duration: HOUR,
      peakTime: MARCH_1 - 1,
      endTime: MARCH_1 - 1 + HOUR,
      recovered: false,
    })
  })

  it('never a losing hour: a Sharpe ratio and no Sortino; no equity at the start: no return', () => {
    // Returns 0.1 and 0.2: mean 0.15, stdev 0.0707107, × √8760 = 198.5447…
    const up = returnsOf(curve(100, 110, 132))
    expect([up.sharpe, up.sortino]).toEqual(['198.5447', null])
    expect(returnsOf(curve(0, 10)).totalReturn).toBeNull()
  })
})
