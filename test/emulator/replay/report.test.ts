// The replay's report against figures the test works out itself from the account's trades (myTrades), its balances
// and the tape's prices: fees per asset, average-cost PnL, equity at the start and the end, drawdown, and the
// control route that serves it. The trades are real: market orders over REST while the data plays.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Emulator, type ReplayReport, startEmulator } from '../../../src/emulator/index.js'
import { reportTable } from '../../../src/emulator/replay/report-table.js'
import { keyOf } from '../../support/keys.js'
import { RawStreams } from '../../support/raw-streams.js'
import { restBase, restCall } from '../../support/rest-client.js'
import { generateTrades, tradesCsv, writeZip } from './binance-files.js'

const dir = mkdtempSync(join(tmpdir(), 'replay-report-'))
const MARCH_1 = Date.UTC(2025, 2, 1) * 1000
const data = generateTrades(1500, MARCH_1, 400_000)
const FREE = { maker: '0', taker: '0', buyer: '0', seller: '0' }

/** Decimal text as units of 10^-8 (the report's and the API's 8 places). */
const u = (text: string) => BigInt(text.replace('.', ''))
const E8 = 10n ** 8n

let ex: Emulator
let report: ReplayReport
beforeAll(async () => {
  const path = join(dir, 'BTCUSDT-trades-2025-03-01.zip')
  writeZip(path, { 'BTCUSDT-trades-2025-03-01.csv': tradesCsv(data) })
  const balances = { USDT: '100000', BTC: '1', BNB: '0' }
  ex = await startEmulator({
    replay: { files: [path] },
    control: true,
    accounts: [
      { apiKey: 'fees', hmacSecret: 'x', balances },
      { apiKey: 'free', hmacSecret: 'x', balances, commission: FREE },
      { apiKey: 'idle', hmacSecret: 'x', balances },
    ],
  })
  const trades = await RawStreams.open(`${ex.streams.url}/ws/btcusdt@trade`)
  const orders: [number, 'BUY' | 'SELL', string][] = [
    [200, 'BUY', '0.50000'],
    [600, 'SELL', '1.20000'],
    [1000, 'BUY', '0.30000'],
  ]
  let seen = 0
  for (const [at, side, quantity] of orders) {
    while (seen < at) {
      await trades.event('trade')
      seen++
    }
    for (const apiKey of ['fees', 'free']) {
      const placed = await restCall(restBase(ex), '/api/v3/order', {
        method: 'POST',
        key: keyOf(apiKey, 'x'),
        body: { symbol: 'BTCUSDT', side, type: 'MARKET', quantity, recvWindow: '60000' },
        timestamp: ex.clock.now(),
      })
      expect(placed.status, placed.text).toBe(200)
    }
  }
  await trades.close()
  await ex.replay?.done
  report = ex.replay!.report()
}, 60_000)

afterAll(async () => {
  await ex?.close()
  rmSync(dir, { recursive: true, force: true })
})

/** The tape's last price now, in 10^-8 units. */
function lastPrice(): bigint {
  const ticker = ex.query('ticker.price', { symbol: 'BTCUSDT' })
  if (Array.isArray(ticker)) throw new Error('one symbol asked, a list answered')
  return u(ticker.price)
}

const accountOf = (apiKey: string) => report.accounts.find((a) => a.apiKey === apiKey)!

describe('the replay report', () => {
  it("counts each account's trades and fees per asset as myTrades lists them", () => {
    for (const apiKey of ['fees', 'free']) {
      const mine = ex.query('myTrades', { symbol: 'BTCUSDT' }, apiKey)
      const a = accountOf(apiKey)
      expect(a.trades).toBe(mine.length)
      expect(a.trades).toBeGreaterThanOrEqual(3)
      const fees = new Map<string, bigint>()
      for (const t of mine.filter((t) => u(t.commission) > 0n))
        fees.set(t.commissionAsset, (fees.get(t.commissionAsset) ?? 0n) + u(t.commission))
      expect(Object.fromEntries(Object.entries(a.fees).map(([k, v]) => [k, u(v)]))).toEqual(
        Object.fromEntries(fees),
      )
      const quote = mine.reduce((sum, t) => sum + u(t.quoteQty), 0n)
      expect(u(a.quoteVolume)).toBe(quote)
    }
    expect(accountOf('fees').feesInValuation).not.toBe('0.00000000')
    expect(accountOf('idle')).toMatchObject({
      trades: 0,
      realisedPnl: '0.00000000',
      feesInValuation: '0.00000000',
    })
  })

  it('works out PnL by average cost, the opening BTC valued at the first replayed price', () => {
    const firstPrice = u(data[0]!.price)
    const last = lastPrice()
    for (const apiKey of ['fees', 'free']) {
      let position = E8
      let cost = firstPrice
      let realised = 0n
      for (const t of ex.query('myTrades', { symbol: 'BTCUSDT' }, apiKey)) {
        const qty = u(t.qty)
        if (t.isBuyer) {
          position += qty
          cost += u(t.quoteQty)
          continue
        }
        const out = (cost * qty + position / 2n) / position
        realised += u(t.quoteQty) - out
        cost -= out
        position -= qty
      }
      const a = accountOf(apiKey)
      expect(u(a.realisedPnl)).toBe(realised)
      expect(u(a.unrealisedPnl)).toBe((position * last + E8 / 2n) / E8 - cost)
      expect(a.symbols[0]).toMatchObject({
        symbol: 'BTCUSDT',
        openingPosition: '1.00000000',
        position: `${position / E8}.${String(position % E8).padStart(8, '0')}`,
      })
    }
  })

  it("starts the equity curve at the opening holdings and ends it at today's balances at the last price", () => {
    const last = lastPrice()
    for (const apiKey of ['fees', 'free', 'idle']) {
      const held = new Map(
        ex.query('account.status', {}, apiKey).balances.map((b) => [b.asset, u(b.free) + u(b.locked)]),
      )
      const a = accountOf(apiKey)
      expect(u(a.startEquity)).toBe(100_000n * E8 + u(data[0]!.price))
      expect(u(a.endEquity)).toBe(held.get('USDT')! + (held.get('BTC')! * last) / E8)
      const minutes = Math.floor(report.to / 60_000) - Math.floor(report.from / 60_000)
      expect(a.equityCurve.length).toBe(minutes + 2)
      expect(a.equityCurve.at(-1)).toMatchObject({ time: report.to, equity: a.endEquity })
    }
    // Without commission, the equity moved by exactly the PnL.
    const free = accountOf('free')
    expect(u(free.endEquity) - u(free.startEquity)).toBe(u(free.realisedPnl) + u(free.unrealisedPnl))
  })

  it('finds the largest fall of the equity curve, absolute and as a share of its peak', () => {
    for (const a of report.accounts) {
      let peak = -1n
      let worst = 0n
      let worstPeak = 0n
      for (const p of a.equityCurve) {
        const e = u(p.equity)
        if (e > peak) peak = e
        if (peak - e > worst) [worst, worstPeak] = [peak - e, peak]
      }
      expect(u(a.maxDrawdown.amount)).toBe(worst)
      expect(a.maxDrawdown.percent).toBe(
        worst === 0n ? '0.00' : (Number((worst * 10_000n) / worstPeak) / 100).toFixed(2),
      )
      expect(a.maxDrawdown.peakTime).toBeLessThanOrEqual(a.maxDrawdown.troughTime)
    }
    expect(u(accountOf('fees').maxDrawdown.amount)).toBeGreaterThan(0n)
  })

  it('reads as a table: per account its totals, and a row per traded symbol', () => {
    const table = reportTable(report)
    const a = accountOf('fees')
    const s = a.symbols[0]!
    expect(table).toContain(`Replay report: ${new Date(report.from).toISOString().replace('.000Z', 'Z')} to`)
    expect(table).toMatch(new RegExp(`\\n  net PnL \\(USDT\\) +${a.netPnl}\\n`))
    expect(table).toMatch(
      new RegExp(`\\n  max drawdown \\(USDT\\) +${a.maxDrawdown.amount} \\(${a.maxDrawdown.percent}%\\)\\n`),
    )
    const cells = [s.trades, s.buys, s.sells, s.volume, s.position, s.averageCost, s.lastPrice, s.realisedPnl]
    expect(table).toMatch(new RegExp(`\\n  BTCUSDT +${cells.join(' +')} +${s.unrealisedPnl}\\n`))
    expect(table).toContain('\nAccount idle\n')
  })

  it('is served at GET /control/replay/report, and refused naming why on an emulator without a replay', async () => {
    const served = await fetch(`${restBase(ex)}/control/replay/report`)
    expect(served.status).toBe(200)
    expect(await served.json()).toEqual({ result: JSON.parse(JSON.stringify(ex.replay!.report())) })
    const plain = await startEmulator({ control: true })
    try {
      const refused = await fetch(`${restBase(plain)}/control/replay/report`)
      expect(refused.status).toBe(400)
      expect(await refused.json()).toEqual({
        error: { code: 'REJECTED', msg: 'no replay: start the emulator with --replay (option replay)' },
      })
    } finally {
      await plain.close()
    }
  })
})
