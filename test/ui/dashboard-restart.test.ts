// The dashboard left open while the emulator restarts on the same port: its event stream reconnects to a new process
// (the `state` event's `instance` differs) and the page shows that process's state — the trades, the last price, the
// request log and the rate-limit meters of the old one are gone, as after a reset. In Chromium, against the built page.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Emulator, startEmulator } from '../../src/emulator/index.js'
import { RawClient } from '../../src/emulator/raw-client.test-util.js'
import { createSigner } from '../../src/protocol/signing.js'
import { type Browser, launchBrowser } from '../support/browser.js'
import { emulatorOptionsOf, T0 } from '../support/exchange.js'
import { HMAC_SECRET } from '../support/keys.js'
import { type BuiltDashboard, buildDashboard } from './built-dashboard.js'

const WAIT_MS = 15_000
const signer = createSigner({ apiSecret: HMAC_SECRET })

let dashboard: BuiltDashboard
let browser: Browser
let ex: Emulator | undefined
let page: Page

/** An emulator with liquidity on `port` (0: any free one), its clock still at T0. */
const start = (port: number) =>
  startEmulator({
    ...emulatorOptionsOf({
      liquidity: true,
      ...dashboard.options,
      accounts: [{ apiKey: 'trader', key: 'hmac' }],
    }),
    now: () => T0,
    port,
  })

beforeAll(async () => {
  dashboard = buildDashboard()
  browser = await launchBrowser()
  ex = await start(0)
}, 90_000)

afterAll(async () => {
  await browser?.close()
  await ex?.close()
  dashboard?.remove()
})

const rows = (selector: string) => page.locator(`${selector} tbody tr:not(.empty)`)

describe('dashboard across an emulator restart', () => {
  it('shows the new process: no trade, last price, request or rate-limit usage of the old one', async () => {
    const first = ex as Emulator
    page = await browser.open(`http://127.0.0.1:${first.port}/ui/`)
    await page.locator('#link', { hasText: 'live' }).waitFor({ timeout: WAIT_MS })
    const raw = await RawClient.open(first.url)
    const params = { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.01' }
    const placed = await raw.signed('order.place', signer, 'trader', params, T0)
    expect(placed.status).toBe(200)
    await raw.close()
    await rows('#trades').first().waitFor({ timeout: WAIT_MS })
    await rows('#requests').first().waitFor({ timeout: WAIT_MS })
    await page.locator('#limits .meter').first().waitFor({ timeout: WAIT_MS })
    expect(await page.locator('#last-price').textContent()).toMatch(/^BTCUSDT \d/)

    const port = first.port
    await first.close()
    await page.locator('#link', { hasText: 'reconnecting' }).waitFor({ timeout: WAIT_MS })
    ex = await start(port)
    await page.locator('#link', { hasText: 'live' }).waitFor({ timeout: WAIT_MS })
    await page.locator('#trades tbody tr.empty').waitFor({ timeout: WAIT_MS })
    await page.locator('#requests tbody tr.empty').waitFor({ timeout: WAIT_MS })
    expect(await page.locator('#limits .meter').count()).toBe(0)
    expect(await page.locator('#last-price').textContent()).toBe('BTCUSDT')
    // The ladder is the new process's book (the same synthetic quotes around the same reference price).
    await page.locator('#ladder tr.spread').waitFor({ timeout: WAIT_MS })
  })

  it('logged no console error but the reloads while the emulator was down', () => {
    // While it is down, the reconnecting stream and market socket fail (Chromium logs those): nothing else.
    expect(
      browser.errors.filter((e) => !/ERR_CONNECTION_REFUSED|WebSocket connection to .* failed/.test(e)),
    ).toEqual([])
  })
})
