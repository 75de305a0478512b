// The dashboard's replay view in headless Chromium: while a generated half hour of trades plays at 60× real time,
// the page shows the data time, the share replayed and the speed, pushed by the control events; a bot's market
// orders placed over REST every few data minutes appear as fill markers on the chart; when the data ends, the view
// says so at the last data time. `UPDATE_SCREENSHOTS=1` writes docs/screenshots/replay.png (1280×800, mid-replay).
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Emulator, startEmulator } from '../../src/emulator/index.js'
import { generateTrades, tradesCsv, writeZip } from '../emulator/replay/binance-files.js'
import { type Browser, launchBrowser } from '../support/browser.js'
import { keyOf } from '../support/keys.js'
import { RawStreams } from '../support/raw-streams.js'
import { restBase, restCall } from '../support/rest-client.js'
import { buildDashboard, ROOT } from './built-dashboard.js'
import { chartPixels } from './chart-pixels.js'

const dashboard = buildDashboard('bsw-replay-ui-')
const { folder } = dashboard
const WAIT_MS = 30_000
const MARCH_1 = Date.UTC(2025, 2, 1) * 1000

/** Half an hour of trades ~1.2 s apart, their walk away from 60000 widened 150× so that the candles show it. */
const data = generateTrades(1500, MARCH_1, 1_200_000).map((t) => {
  const cents = 6_000_000n + (BigInt(t.price.replace('.', '')) / 1_000_000n - 6_000_000n) * 150n
  return { ...t, price: `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}000000` }
})
const lastMs = Math.floor(data[data.length - 1]!.time / 1000)

let ex: Emulator
let browser: Browser
let page: Page

beforeAll(async () => {
  const file = join(folder, 'BTCUSDT-trades-2025-03-01.zip')
  writeZip(file, { 'BTCUSDT-trades-2025-03-01.csv': tradesCsv(data) })
  browser = await launchBrowser({ viewport: { width: 1280, height: 800 } })
  ex = await startEmulator({
    replay: { files: [file], speed: 60 },
    ...dashboard.options,
    accounts: [{ apiKey: 'bot', hmacSecret: 'x', balances: { USDT: '100000', BTC: '1' } }],
  })
  page = await browser.open(`http://127.0.0.1:${ex.port}/ui/`)
}, 90_000)

afterAll(async () => {
  await browser?.close()
  await ex?.close()
  dashboard.remove()
})

/**
 * A market order of the bot at the data time now. At 60× a request that waits a second for a loaded machine arrives a
 * minute of data later, outside its recvWindow (-1021): it is sent again with a new timestamp, a few times at most.
 */
async function marketOrder(side: 'BUY' | 'SELL', quantity: string) {
  for (let attempt = 1; ; attempt++) {
    const answer = await restCall(restBase(ex), '/api/v3/order', {
      method: 'POST',
      key: keyOf('bot', 'x'),
      body: { symbol: 'BTCUSDT', side, type: 'MARKET', quantity, recvWindow: '60000' },
      timestamp: ex.clock.now(),
    })
    if (attempt === 5 || !answer.text.includes('"code":-1021')) return answer
  }
}

/** Pixels of the buy and the sell marker colours (src/ui/market.ts) on the chart, once both are many. */
const MARKER_PIXELS = chartPixels({ buy: [76, 154, 255], sell: [255, 159, 26] }, 20)

describe('dashboard: replay view', () => {
  it('shows the progress while the data plays: data time, share replayed, speed in × real time', async () => {
    await page.locator('#replay').waitFor({ state: 'visible', timeout: WAIT_MS })
    await page.locator('#replay-speed', { hasText: /× real time$/ }).waitFor({ timeout: WAIT_MS })
    const percent = Number((await page.locator('#replay-percent').innerText()).replace('%', ''))
    expect(percent).toBeGreaterThan(0)
    expect(percent).toBeLessThan(100)
    expect(await page.locator('#replay-time').innerText()).toMatch(/^2025-03-01 00:[0-2]\d:\d\d UTC$/)
  })

  it("marks the account's fills on the chart, buys and sells, as the bot trades during the replay", async () => {
    const trades = await RawStreams.open(`${ex.streams.url}/ws/btcusdt@trade`)
    const orders: [number, 'BUY' | 'SELL', string][] = [
      [3, 'BUY', '0.40000'],
      [8, 'SELL', '0.60000'],
      [13, 'BUY', '0.50000'],
      [18, 'SELL', '0.30000'],
      [23, 'BUY', '0.20000'],
    ]
    for (const [minute, side, quantity] of orders) {
      const due = MARCH_1 / 1000 + minute * 60_000
      while (((await trades.event('trade')) as { T: number }).T < due);
      const placed = await marketOrder(side, quantity)
      expect(placed.status, placed.text).toBe(200)
    }
    await trades.close()
    const fills = ex.query('myTrades', { symbol: 'BTCUSDT' }, 'bot').length
    await page.locator(`#chart[data-fills="${fills}"]`).waitFor({ timeout: WAIT_MS })
    if (process.env['UPDATE_SCREENSHOTS'] === '1') {
      await page.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'replay.png') })
    }
  }, 60_000)

  it('says when the data has ended, at the last data time, with 100% replayed, the fills still marked', async () => {
    await ex.replay?.done
    await page.locator('#replay-speed', { hasText: 'data ended' }).waitFor({ timeout: WAIT_MS })
    expect(await page.locator('#replay-percent').innerText()).toBe('100.0%')
    const last = `${new Date(lastMs).toISOString().slice(0, 19).replace('T', ' ')} UTC`
    expect(await page.locator('#replay-time').innerText()).toBe(last)
    // The chart stands still now: its canvas shows the markers of both sides.
    const pixels = await page.waitForFunction(MARKER_PIXELS, undefined, { timeout: WAIT_MS })
    expect(await pixels.jsonValue()).toMatchObject({ buy: expect.any(Number), sell: expect.any(Number) })
    expect(browser.errors).toEqual([])
  })

  it("shows the report's headline figures per account once the data has ended, as the control API gives them", async () => {
    await ex.replay?.done
    const report = ex.replay?.report()
    const bot = report?.accounts.find((a) => a.apiKey === 'bot')
    expect(bot?.trades).toBe(ex.query('myTrades', { symbol: 'BTCUSDT' }, 'bot').length)
    await page.locator(`#replay-report[data-to="${report?.to}"]`).waitFor({ timeout: WAIT_MS })
    const row = page.locator('#replay-report tbody tr', { hasText: bot?.apiKey ?? '?' })
    const cells = await row.locator('td').allInnerTexts()
    const trim = (amount: string) => amount.replace(/(\.\d\d\d*?)0+$/, '$1')
    expect(cells).toEqual([
      bot?.apiKey,
      String(bot?.trades),
      trim(bot?.feesInValuation ?? ''),
      trim(bot?.netPnl ?? ''),
      `${(Number(bot?.totalReturn) * 100).toFixed(2)}%`,
      `${bot?.maxDrawdown.percent}%`,
      bot?.sharpe ?? '–',
    ])
    if (process.env['UPDATE_SCREENSHOTS'] === '1') {
      await page.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'replay-report.png') })
    }
    expect(browser.errors).toEqual([])
  })
})
