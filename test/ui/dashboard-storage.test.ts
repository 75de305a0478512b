// The dashboard of an emulator with a data dir: under the control buttons, the data dir's records on disk, the
// journal's writes and the latest snapshot, pushed as they change (orders placed from Node, the Snapshot button).
// `UPDATE_SCREENSHOTS=1` writes docs/screenshots/dashboard-storage.png (the control panel).
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StorageInfo } from '../../src/emulator/index.js'
import { RawClient } from '../../src/emulator/raw-client.test-util.js'
import { createSigner } from '../../src/protocol/signing.js'
import { type Browser, launchBrowser } from '../support/browser.js'
import { startExchange, T0, type TestExchange } from '../support/exchange.js'
import { HMAC_SECRET } from '../support/keys.js'
import { TempDirs } from '../support/temp-dirs.js'
import { type BuiltDashboard, buildDashboard, ROOT } from './built-dashboard.js'

const dirs = new TempDirs()
const dataDir = dirs.make('bsw-dashboard-data-')
const signer = createSigner({ apiSecret: HMAC_SECRET })
const WAIT_MS = 15_000

let dashboard: BuiltDashboard
let kit: TestExchange
let raw: RawClient
let browser: Browser
let page: Page

beforeAll(async () => {
  dashboard = buildDashboard()
  kit = await startExchange({
    clock: T0,
    liquidity: true,
    ...dashboard.options,
    dataDir,
    accounts: [{ apiKey: 'trader', key: 'hmac' }],
  })
  raw = await RawClient.open(kit.ex.url)
  browser = await launchBrowser({ viewport: { width: 1440, height: 1120 } })
  page = await browser.open(`http://127.0.0.1:${kit.ex.port}/ui/`)
}, 90_000)

afterAll(async () => {
  await browser?.close()
  await raw?.close()
  await kit?.close()
  dashboard?.remove()
  dirs.removeAll()
})

const storage = () => kit.ex.storage() as StorageInfo
const field = (name: string) => page.locator(`#storage dd[data-field="${name}"]`)

async function buy(): Promise<void> {
  const params = { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001' }
  const r = await raw.signed('order.place', signer, 'trader', params, kit.now)
  expect(r.status).toBe(200)
}

describe('dashboard with a data dir', () => {
  it('shows the data dir and its records on disk, live as orders are placed (20 at once)', async () => {
    await page.locator('#link', { hasText: 'live' }).waitFor({ timeout: WAIT_MS })
    await field('Data dir').filter({ hasText: dataDir }).waitFor({ timeout: WAIT_MS })
    // Sent together: they share group commits.
    await Promise.all(Array.from({ length: 20 }, buy))
    const { records, written } = storage()
    await field('On disk')
      .filter({ hasText: new RegExp(`^${records} records$`) })
      .waitFor({ timeout: WAIT_MS })
    expect(await field('Writes').textContent()).toBe(
      `${written.batches} group commit${written.batches === 1 ? '' : 's'} since the start, up to ${written.largestBatch} record${written.largestBatch === 1 ? '' : 's'} each`,
    )
    expect(await field('Snapshot').textContent()).toBe('none yet')
    expect(await field('Started').textContent()).toBe('without a snapshot, 0 records replayed')
  })

  it('names the snapshot the Snapshot button took', async () => {
    const button = page.locator('#snapshot button')
    expect(await button.isDisabled()).toBe(false)
    await button.click()
    await page.locator('#action-result', { hasText: /^snapshot .+ written$/ }).waitFor({ timeout: WAIT_MS })
    const snapshot = storage().snapshot
    expect(snapshot?.records).toBe(storage().records)
    await field('Snapshot')
      .filter({ hasText: `at record ${snapshot?.records}` })
      .waitFor({ timeout: WAIT_MS })
    if (process.env['UPDATE_SCREENSHOTS'] === '1') {
      await page
        .locator('.actions-panel')
        .screenshot({ path: join(ROOT, 'docs', 'screenshots', 'dashboard-storage.png') })
    }
    expect(browser.errors).toEqual([])
  })
})
