// The dashboard's sense of time, in Chromium against the built page: the header's clock moves on between events
// while the emulator's clock runs with real time, follows a move made in-process (`ex.clock.advance`), and a
// rate-limit meter reads 0 once the window it counted in has ended (it used to show the last count for ever).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RawClient } from '../../src/emulator/raw-client.test-util.js'
import { createSigner } from '../../src/protocol/signing.js'
import { type Browser, launchBrowser } from '../support/browser.js'
import { startExchange, T0, type TestExchange } from '../support/exchange.js'
import { HMAC_SECRET } from '../support/keys.js'
import { type BuiltDashboard, buildDashboard } from './built-dashboard.js'

const WAIT_MS = 15_000
const signer = createSigner({ apiSecret: HMAC_SECRET })

let dashboard: BuiltDashboard
let frozen: TestExchange
let running: TestExchange
let browser: Browser

beforeAll(async () => {
  dashboard = buildDashboard()
  const accounts = [{ apiKey: 'trader', key: 'hmac' as const }]
  frozen = await startExchange({ clock: T0, liquidity: false, ...dashboard.options, accounts })
  running = await startExchange({ liquidity: false, ...dashboard.options, accounts })
  browser = await launchBrowser()
}, 90_000)

afterAll(async () => {
  await browser?.close()
  await frozen?.close()
  await running?.close()
  dashboard?.remove()
})

const pageOf = (kit: TestExchange) => `http://127.0.0.1:${kit.ex.port}/ui/`

describe('dashboard clock', () => {
  it('moves the header clock on between events while the emulator clock runs with real time', async () => {
    const page = await browser.open(pageOf(running))
    await page.locator('#link', { hasText: 'live' }).waitFor({ timeout: WAIT_MS })
    const first = await page.locator('#clock').textContent()
    expect(first).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/)
    // No control change, no request: only the page's own tick can change it.
    await page.locator('#clock', { hasNotText: first ?? '' }).waitFor({ timeout: WAIT_MS })
    const shown = Date.parse(
      `${(await page.locator('#clock').textContent())?.replace(' UTC', 'Z').replace(' ', 'T')}`,
    )
    expect(Math.abs(shown - running.ex.clock.now())).toBeLessThan(3000)
    await page.close()
  })

  it('follows an in-process clock move, and reads 0 on a meter whose window has ended', async () => {
    const page = await browser.open(pageOf(frozen))
    await page.locator('#link', { hasText: 'live' }).waitFor({ timeout: WAIT_MS })
    const raw = await RawClient.open(frozen.ex.url)
    try {
      const order = {
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        price: '30000',
        quantity: '0.01',
      }
      const placed = await raw.signed('order.place', signer, 'trader', order, frozen.now)
      expect(placed.status, JSON.stringify(placed)).toBe(200)
    } finally {
      await raw.close()
    }
    const orders = page.locator('#limits .meter span', { hasText: /^ORDERS 10 second · trader: 1 \/ 50$/ })
    await orders.waitFor({ timeout: WAIT_MS })
    const weight = page.locator('#limits .meter span', {
      hasText: /^REQUEST_WEIGHT 1 minute · 127\.0\.0\.1: /,
    })
    expect(await weight.textContent()).not.toMatch(/: 0 \/ 6000$/)

    frozen.ex.clock.advance(60_000)
    await page
      .locator('#clock', {
        hasText: `${new Date(T0 + 60_000).toISOString().slice(0, 19).replace('T', ' ')} UTC`,
      })
      .waitFor({ timeout: WAIT_MS })
    await page
      .locator('#limits .meter span', { hasText: /^ORDERS 10 second · trader: 0 \/ 50$/ })
      .waitFor({ timeout: WAIT_MS })
    expect(await weight.textContent()).toMatch(/: 0 \/ 6000$/)
    expect(browser.errors).toEqual([])
    await page.close()
  })

  it('shows a time its source moved (no event says so) once an answer carries it', async () => {
    const page = await browser.open(pageOf(frozen))
    await page.locator('#link', { hasText: 'live' }).waitFor({ timeout: WAIT_MS })
    frozen.now += 5 * 60_000
    const at = frozen.ex.clock.now()
    const raw = await RawClient.open(frozen.ex.url)
    try {
      expect((await raw.request('ping', {})).status).toBe(200)
    } finally {
      await raw.close()
    }
    await page
      .locator('#clock', { hasText: `${new Date(at).toISOString().slice(0, 19).replace('T', ' ')} UTC` })
      .waitFor({ timeout: WAIT_MS })
    await page.close()
  })
})
