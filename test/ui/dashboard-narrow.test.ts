// The dashboard in a phone-wide window (390 px) with 22 symbols: nothing overflows sideways, the symbol buttons sit
// in a short box instead of filling the first screen, and the clock and the link badge stay in view. In Chromium,
// against the built page. `UPDATE_SCREENSHOTS=1` writes docs/screenshots/dashboard-narrow.png.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_SYMBOLS } from '../../src/emulator/index.js'
import { type Browser, launchBrowser } from '../support/browser.js'
import { startExchange, T0, type TestExchange } from '../support/exchange.js'
import { symbolLike } from '../support/symbols.js'
import { type BuiltDashboard, buildDashboard, ROOT } from './built-dashboard.js'

const WAIT_MS = 15_000
const [WIDTH, HEIGHT] = [390, 844]
/** 22 symbols: the defaults and copies of BTCUSDT. */
const SYMBOLS = [
  ...DEFAULT_SYMBOLS,
  ...Array.from({ length: 22 - DEFAULT_SYMBOLS.length }, (_, i) =>
    symbolLike('BTCUSDT', { symbol: `COIN${i}USDT`, baseAsset: `COIN${i}` }),
  ),
]

let dashboard: BuiltDashboard
let kit: TestExchange
let browser: Browser

beforeAll(async () => {
  dashboard = buildDashboard()
  kit = await startExchange({
    clock: T0,
    liquidity: true,
    symbols: SYMBOLS,
    ...dashboard.options,
    accounts: [
      { apiKey: 'trader', key: 'hmac' },
      { apiKey: 'bot', key: 'hmac' },
    ],
  })
  // Forty minutes of a wandering market, traded by an account the page does not show first: candles, no markers.
  const bot = await kit.connect('bot')
  const mid = (i: number) => String(60_000 + Math.round(400 * Math.sin(i / 5) + 60 * ((i * 7) % 5)))
  for (let i = 0; i < 40; i++) {
    for (const [price, side] of [
      [mid(i), 'BUY'],
      [mid(i + 1), 'SELL'],
    ] as const) {
      kit.ex.setReferencePrice('BTCUSDT', price)
      await bot.orderPlace({ symbol: 'BTCUSDT', side, type: 'MARKET', quantity: '0.01' })
    }
    kit.ex.clock.advance(60_000)
  }
  browser = await launchBrowser({ viewport: { width: WIDTH, height: HEIGHT } })
}, 90_000)

afterAll(async () => {
  await browser?.close()
  await kit?.close()
  dashboard?.remove()
})

describe('dashboard in a narrow window', () => {
  it('does not overflow sideways, keeps the symbols short and the clock and status in view', async () => {
    const page = await browser.open(`http://127.0.0.1:${kit.ex.port}/ui/`)
    await page.locator('#link', { hasText: 'live' }).waitFor({ timeout: WAIT_MS })
    await page.locator('#symbols button').nth(21).waitFor({ state: 'attached', timeout: WAIT_MS })
    await page.locator('#ladder td.bid').first().waitFor({ timeout: WAIT_MS })
    const [scrollWidth, clientWidth] = await page
      .locator('html')
      .evaluate((html) => [html.scrollWidth, html.clientWidth] as const)
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth)
    const symbols = await page.locator('#symbols').boundingBox()
    expect(symbols?.height).toBeLessThan(HEIGHT / 8)
    for (const id of ['#clock', '#link', '#chart']) {
      const box = await page.locator(id).boundingBox()
      expect(box, id).not.toBeNull()
      expect((box?.x ?? 0) + (box?.width ?? 0), id).toBeLessThanOrEqual(WIDTH)
      expect(box?.y, id).toBeLessThan(HEIGHT)
    }
    if (process.env['UPDATE_SCREENSHOTS'] === '1') {
      await page.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'dashboard-narrow.png') })
    }
    expect(browser.errors).toEqual([])
  })
})
