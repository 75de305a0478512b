// The browser example page (examples/browser/, built as `npm run build` builds it) in headless Chromium, opened from
// the emulator's dashboard (`/ui/` links to `/ui/example/`, same origin): log on with a pasted Ed25519 key, watch the
// live book, place from a clicked price, fill a market order, cancel from the table; every step is checked on the
// page and against the exchange, asked from Node.
// `UPDATE_SCREENSHOTS=1` writes the screenshot to docs/screenshots/browser-client.png.
import { execFileSync } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SpotWebsocketAPI, type WebsocketAPIConnection } from '../../src/client/index.js'
import { type Emulator, startEmulator } from '../../src/emulator/index.js'
import { same, units } from '../conformance/decimal.js'
import { type Browser, launchBrowser } from '../support/browser.js'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
const API_KEY = 'browser-example'
const ed = generateKeyPairSync('ed25519')
/** Every wait for the page ends after this long. */
const WAIT_MS = 15_000

let ex: Emulator
let browser: Browser
let page: Page
let node: WebsocketAPIConnection
const folder = mkdtempSync(join(tmpdir(), 'bsw-browser-example-'))

beforeAll(async () => {
  execFileSync(process.execPath, [join(root, 'scripts', 'dashboard.mjs'), folder])
  execFileSync(process.execPath, [join(root, 'scripts', 'browser-example.mjs'), join(folder, 'example')])
  ex = await startEmulator({
    port: 0,
    ui: true,
    uiFiles: folder,
    accounts: [
      {
        apiKey: API_KEY,
        publicKey: ed.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        balances: { USDT: '100000', BTC: '2' },
      },
    ],
  })
  node = await new SpotWebsocketAPI({ wsURL: ex.url, apiKey: API_KEY, privateKey: ed.privateKey }).connect()
  browser = await launchBrowser({ viewport: { width: 1440, height: 900 } })
  page = await browser.open(`http://127.0.0.1:${ex.port}/ui/`)
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await node?.disconnect()
  await ex?.close()
  rmSync(folder, { recursive: true, force: true })
})

const text = async (selector: string) => (await page.locator(selector).textContent()) ?? ''
const openOrders = async () => (await node.openOrdersStatus({ symbol: 'BTCUSDT' })).data
const event = (summary: string) =>
  page.locator('#events li b', { hasText: summary }).first().waitFor({ timeout: WAIT_MS })

describe('the browser example page', () => {
  let price: string
  let before: string

  it("is the dashboard's link, served under the dashboard's CSP, and points at the emulator that serves it", async () => {
    await page.getByRole('link', { name: 'Trade from the browser' }).click()
    const origin = `http://127.0.0.1:${ex.port}`
    await page.waitForURL(`${origin}/ui/example/`, { timeout: WAIT_MS })
    const bare = await fetch(`${origin}/ui/example`, { redirect: 'manual' })
    expect([bare.status, bare.headers.get('location')]).toEqual([301, '/ui/example/'])
    const served = await fetch(`${origin}/ui/example/`)
    expect(served.headers.get('content-security-policy')).toMatch(
      /^default-src 'self'; connect-src 'self' ws: wss:;/,
    )
    expect(await served.text()).toBe(readFileSync(join(root, 'examples', 'browser', 'index.html'), 'utf8'))
    expect(await page.inputValue('[name=api]')).toBe(ex.url)
    expect(await page.inputValue('[name=streams]')).toBe(ex.streams.url)
  })

  it('logs on with a pasted Ed25519 key and shows a live book, balances and no orders', async () => {
    await page.fill('[name=apiKey]', API_KEY)
    await page.fill('[name=secret]', ed.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())
    await page.click('#connect button[type=submit]')
    await page.waitForSelector('#status[data-state=open]', { timeout: WAIT_MS })
    await page.waitForSelector('#bids tr', { timeout: WAIT_MS })
    expect(await text('#book-state')).toBe('BTCUSDT · in sync')
    // The exchange's book, asked from Node: the page shows its levels, asks highest first.
    const { data: depth } = await node.depth({ symbol: 'BTCUSDT', limit: 12 })
    const prices = (side: string) =>
      page.locator(`${side} tr`).evaluateAll((rows) => rows.map((r) => r.dataset['price']))
    expect(await prices('#bids')).toEqual(depth.bids.map(([p]) => p))
    expect(await prices('#asks')).toEqual(depth.asks.map(([p]) => p).reverse())
    expect(await text('#balances')).toContain('USDT 100000 (0 locked)')
    expect(await page.locator('#orders tbody tr').count()).toBe(0)
    expect(ex.connections().some((c) => c.apiKey === API_KEY)).toBe(true)
  })

  it('places a LIMIT bid at a clicked book price: the table, the events and the book show it', async () => {
    const row = page.locator('#bids tr').nth(2)
    price = (await row.getAttribute('data-price')) ?? ''
    before = (await row.locator('td').nth(1).innerText()).trim()
    await row.click()
    expect(same(await page.inputValue('[name=price]'), price)).toBe(true)
    await page.fill('[name=quantity]', '0.01')
    await page.click('#order button')
    await event('executionReport NEW')
    await page.waitForSelector('#orders tbody tr', { timeout: WAIT_MS })
    const [order] = await openOrders()
    expect(order).toMatchObject({ side: 'BUY', type: 'LIMIT', status: 'NEW' })
    expect(same(order?.price ?? '', price)).toBe(true)
    expect(await page.locator('#orders tbody tr').getAttribute('data-order-id')).toBe(String(order?.orderId))
    const level = page.locator(`#bids tr[data-price="${price}"] td`).nth(1)
    await expect
      .poll(async () => units(await level.innerText()), { timeout: WAIT_MS })
      .toBe(units(before) + 1000000n)
  })

  it('fills a MARKET order: the user data events and the balances follow', async () => {
    await page.selectOption('[name=type]', 'MARKET')
    await page.click('#order button')
    await event('executionReport FILLED')
    await event('outboundAccountPosition')
    await expect.poll(() => text('#balances'), { timeout: WAIT_MS }).toMatch(/BTC 2\.0\d+ \(0 locked\)/)
    expect(await page.locator('#message').innerText()).toMatch(/^order \d+: FILLED$/)
    const path = process.env['UPDATE_SCREENSHOTS']
      ? join(root, 'docs', 'screenshots', 'browser-client.png')
      : join(folder, 'browser-client.png')
    await page.screenshot({ path, fullPage: true })
    expect(statSync(path).size).toBeGreaterThan(10_000)
  })

  it('cancels from the table: the order is gone on the page and on the exchange', async () => {
    const [order] = await openOrders()
    await page.click(`#orders [data-cancel="${order?.orderId}"]`)
    await event('executionReport CANCELED')
    await page.locator('#orders tbody tr').waitFor({ state: 'detached', timeout: WAIT_MS })
    expect(await openOrders()).toEqual([])
    const status = (await node.orderStatus({ symbol: 'BTCUSDT', orderId: order?.orderId ?? 0 })).data.status
    expect(status).toBe('CANCELED')
  })

  it('disconnects, and logged no error along the way', async () => {
    await page.click('#disconnect')
    await page.waitForSelector('#status[data-state=closed]', { timeout: WAIT_MS })
    expect(browser.errors).toEqual([])
  })
})
