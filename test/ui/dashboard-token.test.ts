// The dashboard behind the control API's tokens (docs/emulator-control.md "Over HTTP"): opened with the read token
// (`#token=` in its address) it shows the venue live with its buttons disabled and says why; with the admin token
// the buttons work. In Chromium, against the built page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Browser, launchBrowser } from '../support/browser.js'
import { startExchange, T0, type TestExchange } from '../support/exchange.js'
import { type BuiltDashboard, buildDashboard } from './built-dashboard.js'

const [ADMIN, WATCH] = ['admin-token-04be', 'watch-token-9e31']
const WAIT_MS = 15_000

let dashboard: BuiltDashboard
let kit: TestExchange
let browser: Browser

beforeAll(async () => {
  dashboard = buildDashboard()
  kit = await startExchange({
    clock: T0,
    ...dashboard.options,
    controlToken: ADMIN,
    controlReadToken: WATCH,
    accounts: [{ apiKey: 'trader', key: 'hmac' }],
  })
  browser = await launchBrowser()
}, 90_000)

afterAll(async () => {
  await browser?.close()
  await kit?.close()
  dashboard?.remove()
})

const open = (token: string) => browser.open(`http://127.0.0.1:${kit.ex.port}/ui/#token=${token}`)
/** The console error Chromium logs for the one refused `GET /control/events` of a page without a valid token. */
const REFUSED = 'console: Failed to load resource: the server responded with a status of 401 (Unauthorized)'

describe('dashboard without a valid token', () => {
  for (const [name, url] of [
    ['no token', '/ui/'],
    ['a wrong token', '/ui/#token=wrong'],
  ] as const) {
    it(`with ${name}: says how to pass the token, asks the stream once, keeps the buttons disabled`, async () => {
      const errors = browser.errors.length
      const page = await browser.context.newPage()
      const asked: string[] = []
      page.on('request', (r) => {
        if (r.url().includes('/control/events')) asked.push(r.url())
      })
      page.on('console', (m) => {
        if (m.type() === 'error') browser.errors.push(`console: ${m.text()}`)
      })
      await page.goto(`http://127.0.0.1:${kit.ex.port}${url}`)
      const note = page.locator('#refused')
      await note.waitFor({ timeout: WAIT_MS })
      expect(await note.textContent()).toMatch(/Authorization: Bearer <token>.*\/ui\/#token=<token>/)
      expect(await page.locator('#link').textContent()).toBe('refused')
      expect(await page.locator('#advance-clock button').isDisabled()).toBe(true)
      expect(await page.locator('#reset button').isDisabled()).toBe(true)
      // It does not ask again (it used to, every second): no second request comes.
      const again = await page
        .waitForRequest((r) => r.url().includes('/control/events'), { timeout: 2500 })
        .then(
          () => true,
          () => false,
        )
      expect(again).toBe(false)
      expect(asked).toHaveLength(1)
      // The refusal is the only console error: Chromium logs every 401 answer.
      expect(browser.errors.splice(errors)).toEqual([REFUSED])
      await page.close()
    })
  }
})

describe('dashboard with a read token', () => {
  it('shows the venue live, its buttons disabled and why', async () => {
    const page = await open(WATCH)
    await page.locator('#link', { hasText: 'live' }).waitFor({ timeout: WAIT_MS })
    await page.locator('#accounts button', { hasText: 'trader' }).waitFor({ timeout: WAIT_MS })
    expect(await page.locator('#control-note').textContent()).toBe('read-only: this token may only watch')
    expect(await page.locator('#advance-clock button').isDisabled()).toBe(true)
    expect(await page.locator('#remove-key button').isDisabled()).toBe(true)
    // What others change reaches it.
    kit.ex.deposit('trader', 'ETH', '7')
    await page.locator('#balances td', { hasText: /^107\.00$/ }).waitFor({ timeout: WAIT_MS })
  })

  it('with the admin token the buttons work', async () => {
    const page = await open(ADMIN)
    await page.locator('#link', { hasText: 'live' }).waitFor({ timeout: WAIT_MS })
    const advance = page.locator('#advance-clock button')
    await expect.poll(() => advance.isDisabled(), { timeout: WAIT_MS }).toBe(false)
    expect(await page.locator('#control-note').textContent()).toBe('')
    const before = kit.ex.clock.now()
    await advance.click()
    await page.locator('#action-result', { hasText: 'clock advanced by 1 min' }).waitFor({ timeout: WAIT_MS })
    expect(kit.ex.clock.now()).toBe(before + 60_000)
  })

  it('logged no console error', () => {
    expect(browser.errors).toEqual([])
  })
})
