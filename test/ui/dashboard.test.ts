// The dashboard (`/ui/`, built as `npm run build` builds it) in headless Chromium against an emulator with a market
// history: the page goes live, the chart draws candles, an order placed from Node shows in the ladder and in the
// open orders, the control buttons act on the emulator, the request log shows the order, and nothing is logged as
// an error. `UPDATE_SCREENSHOTS=1` writes docs/screenshots/dashboard.png.
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Emulator } from '../../src/emulator/index.js'
import { RawClient } from '../../src/emulator/raw-client.test-util.js'
import { createSigner } from '../../src/protocol/signing.js'
import { type Browser, launchBrowser } from '../support/browser.js'
import { startExchange, T0, type TestExchange } from '../support/exchange.js'
import { HMAC_SECRET } from '../support/keys.js'
import { SOLUSDT } from '../support/symbols.js'
import { type BuiltDashboard, buildDashboard, ROOT } from './built-dashboard.js'
import { chartPixels } from './chart-pixels.js'

const signer = createSigner({ apiSecret: HMAC_SECRET })
/** Every wait for the page ends after this long. */
const WAIT_MS = 15_000
const MINUTES = 40

let dashboard: BuiltDashboard
let kit: TestExchange
let ex: Emulator
let raw: RawClient
let browser: Browser
let page: Page

/** A signed request of `trader` at the emulator's current time; resolves to its result (throws on an error). */
async function signed(method: string, params: Record<string, unknown>, apiKey = 'trader') {
  const r = await raw.signed(method, signer, apiKey, params, kit.now)
  if (r.status !== 200) throw new Error(`${method}: ${JSON.stringify(r)}`)
  return r.result as Record<string, unknown>
}

/** The market's mid price in minute `i` of the history: a slow wave with some noise. */
const midAt = (i: number) => 60_000 + Math.round(500 * Math.sin(i / 6) + 70 * (((i * 7) % 5) - 2))

/** A wandering price, trades every minute (open near this minute's mid, close near the next one's): the history. */
async function tradeHistory(): Promise<void> {
  const market = (side: string, quantity: string) =>
    signed('order.place', { symbol: 'BTCUSDT', side, type: 'MARKET', quantity })
  for (let i = 0; i < MINUTES; i++) {
    kit.now = T0 + i * 60_000
    const [open, close] = [midAt(i), midAt(i + 1)]
    ex.setReferencePrice('BTCUSDT', String(open))
    await market('BUY', (0.01 + ((i * 3) % 7) * 0.006).toFixed(3))
    ex.setReferencePrice('BTCUSDT', String(Math.max(open, close) + 40 + ((i * 11) % 4) * 15))
    await market('BUY', '0.01')
    ex.setReferencePrice('BTCUSDT', String(Math.min(open, close) - 40 - ((i * 5) % 3) * 20))
    await market('SELL', '0.01')
    ex.setReferencePrice('BTCUSDT', String(close))
    await market(close >= open ? 'BUY' : 'SELL', '0.015')
  }
  kit.now += 30_000
}

beforeAll(async () => {
  dashboard = buildDashboard()
  kit = await startExchange({
    clock: T0,
    liquidity: true,
    ...dashboard.options,
    accounts: [
      { apiKey: 'trader', key: 'hmac' },
      { apiKey: 'maker', key: 'hmac', balances: { USDT: '250000', BTC: '5' } },
    ],
  })
  ex = kit.ex
  raw = await RawClient.open(ex.url)
  await tradeHistory()
  browser = await launchBrowser({ viewport: { width: 1440, height: 1120 } })
  page = await browser.open(`http://127.0.0.1:${ex.port}/ui/`)
}, 90_000)

afterAll(async () => {
  await browser?.close()
  await raw?.close()
  await kit?.close()
  dashboard?.remove()
})

/** Pixels of the up and down candle colours on the chart, once both are many. */
const CANDLE_PIXELS = chartPixels({ up: [38, 166, 154], down: [239, 83, 80] }, 200)

/** POSTs a control call as curl would; resolves to its result (throws on an error answer). */
async function control(route: string, params: object): Promise<unknown> {
  const res = await fetch(`http://127.0.0.1:${ex.port}/control/${route}`, {
    method: 'POST',
    body: JSON.stringify(params),
  })
  const body = (await res.json()) as { result?: unknown; error?: unknown }
  if (body.error) throw new Error(`${route}: ${JSON.stringify(body.error)}`)
  return body.result
}

const rowsOf = (selector: string) =>
  page
    .locator(`${selector} tbody tr`)
    .evaluateAll((trs) => trs.map((tr) => (tr as unknown as { innerText: string }).innerText))

describe('dashboard', () => {
  it('loads, goes live and lists the symbols and accounts', async () => {
    await page.locator('#link', { hasText: 'live' }).waitFor({ timeout: WAIT_MS })
    expect(await page.locator('#symbols button').allTextContents()).toEqual([
      ...(ex.streams ? [] : []),
      'BTCUSDT',
      'ETHUSDT',
      'BNBUSDT',
      'ETHBTC',
      'BTCUSDC',
    ])
    expect(await page.locator('#accounts button').allTextContents()).toEqual(['trader', 'maker'])
    await page.locator('#symbol-status', { hasText: 'TRADING' }).waitFor({ timeout: WAIT_MS })
  })

  it('draws the history as candles (pixels of the up and down colours on the chart)', async () => {
    await page.locator('#trades tbody tr:not(.empty)').first().waitFor({ timeout: WAIT_MS })
    const coloured = await page.waitForFunction(CANDLE_PIXELS, undefined, { timeout: WAIT_MS })
    expect(await coloured.jsonValue()).toMatchObject({ up: expect.any(Number), down: expect.any(Number) })
  })

  it('shows an order placed from Node in the ladder (marked as own) and in the open orders', async () => {
    const book = (await ex.query('depth', { symbol: 'BTCUSDT', limit: 5 })) as { bids: [string, string][] }
    const best = Number(book.bids[0]?.[0])
    const price = (best - 15).toFixed(2)
    const placed = await signed('order.place', {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price,
      quantity: '0.12345',
    })
    const ownRow = page.locator('#ladder tr.own')
    await ownRow.waitFor({ timeout: WAIT_MS })
    expect(await ownRow.innerText()).toMatch(new RegExp(`^${price.replace('.', '\\.')}\\s+0\\.12345`))
    const orders = await rowsOf('#open-orders')
    expect(orders).toHaveLength(1)
    expect(orders[0]?.split('\t')).toEqual([
      'BTCUSDT',
      String(placed['orderId']),
      'BUY',
      'LIMIT',
      price,
      '0.12345',
      '0',
    ])
  })

  it("logs the requests with status, latency and the IP's weight used, and shows the rate-limit usage", async () => {
    expect(await page.locator('#requests th').nth(5).textContent()).toBe('IP weight used')
    const log = await rowsOf('#requests')
    expect(log[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3}\torder\.place\t200\t\d+\.\d\d ms\ttrader\t\d+\/6000$/)
    const meters = await page.locator('#limits .meter span').allTextContents()
    expect(meters).toContainEqual(
      expect.stringMatching(/^REQUEST_WEIGHT 1 minute · 127\.0\.0\.1: \d+ \/ 6000$/),
    )
    expect(meters).toContainEqual(expect.stringMatching(/^ORDERS 10 second · trader: 1 \/ 50$/))
  })

  it('deposits to the shown account with the Deposit button', async () => {
    const usdt = async () => {
      const status = (await ex.query('account.status', {}, 'trader')) as {
        balances: { asset: string; free: string }[]
      }
      return status.balances.find((b) => b.asset === 'USDT')?.free ?? ''
    }
    const before = await usdt()
    await page.locator('#deposit input[name=amount]').fill('1234.5')
    await page.locator('#deposit button[value=deposit]').click()
    await page.locator('#action-result', { hasText: 'deposited 1234.5 USDT' }).waitFor({ timeout: WAIT_MS })
    const after = await usdt()
    expect(Number(after) - Number(before)).toBeCloseTo(1234.5, 8)
    // A refusal (400 INVALID_PARAM) shows the control API's message; nothing changes.
    await page.locator('#deposit input[name=amount]').fill('abc')
    await page.locator('#deposit button[value=deposit]').click()
    await page.locator('#action-result', { hasText: /^INVALID_PARAM: amount/ }).waitFor({ timeout: WAIT_MS })
    expect(await usdt()).toBe(after)
    await page.locator('#deposit input[name=amount]').fill('1000')
    await page
      .locator('#balances td', { hasText: after.replace(/0+$/, '').replace(/\.$/, '') })
      .first()
      .waitFor({
        timeout: WAIT_MS,
      })
  })

  it('advances the emulator clock with the Advance button, and makes the next order fail', async () => {
    const before = ex.clock.now()
    await page.locator('#advance-clock button').click()
    await page.locator('#action-result', { hasText: 'clock advanced by 1 min' }).waitFor({ timeout: WAIT_MS })
    expect(ex.clock.now() - before).toBe(60_000)
    await page.locator('#clock', { hasText: new Date(before + 60_000).toISOString().slice(11, 19) }).waitFor({
      timeout: WAIT_MS,
    })
    await page.locator('#fail-next button').click()
    await page.locator('#action-result', { hasText: 'fails with TIMEOUT' }).waitFor({ timeout: WAIT_MS })
    kit.now = ex.clock.now()
    const r = await raw.signed(
      'order.place',
      signer,
      'trader',
      { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001' },
      ex.clock.now(),
    )
    expect(r).toMatchObject({ error: { code: -1007 } })
    await page
      .locator('#requests tbody tr', { hasText: `order.place${r.status}` })
      .first()
      .waitFor({ timeout: WAIT_MS })
    // The page full of history, before the tests below withdraw, halt, cancel and reset.
    if (process.env['UPDATE_SCREENSHOTS'] === '1') {
      await page.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'dashboard.png'), fullPage: true })
    }
  })

  it("shows the ladder's prices with the symbol's tick decimals (ETHBTC: 5), not trimmed per price", async () => {
    await page.locator('#symbols button', { hasText: 'ETHBTC' }).click()
    await page.locator('#ladder td.ask', { hasText: /^0\./ }).first().waitFor({ timeout: WAIT_MS })
    const prices = await page.locator('#ladder td.ask, #ladder td.bid').allTextContents()
    expect(prices.length).toBeGreaterThan(4)
    for (const p of prices) expect(p).toMatch(/^0\.\d{5}$/)
    await page.locator('#symbols button', { hasText: 'BTCUSDT' }).click()
    await page.locator('#last-price', { hasText: /^BTCUSDT \d/ }).waitFor({ timeout: WAIT_MS })
  })

  it('shows an account added over HTTP (tab and balances), and one added in-process, without a reload', async () => {
    const added = await control('addAccount', {
      apiKey: 'late',
      hmacSecret: 'late-secret',
      balances: { BTC: '3', USDT: '777' },
    })
    expect(added).toMatchObject({ apiKey: 'late' })
    await page.locator('#accounts button', { hasText: 'late' }).click({ timeout: WAIT_MS })
    await page.locator('#balances td', { hasText: /^777\.00$/ }).waitFor({ timeout: WAIT_MS })
    expect(await rowsOf('#balances')).toEqual(['BTC\t3.00\t0.00', 'USDT\t777.00\t0.00'])
    ex.addAccount({ apiKey: 'inproc', hmacSecret: 'inproc-secret', balances: { ETH: '2' } })
    await page.locator('#accounts button', { hasText: 'inproc' }).click({ timeout: WAIT_MS })
    await page.locator('#balances td', { hasText: /^ETH$/ }).waitFor({ timeout: WAIT_MS })
    await page.locator('#accounts button', { hasText: 'trader' }).click()
  })

  it("shows a key added with addKey (over HTTP) with its account's balances, open orders and fills", async () => {
    const tables = async () => ({
      balances: await rowsOf('#balances'),
      orders: await rowsOf('#open-orders'),
      fills: await rowsOf('#fills'),
    })
    const trader = await tables()
    expect(trader.orders).toHaveLength(1)
    expect(trader.fills.length).toBeGreaterThan(1)
    await control('addKey', { account: 'trader', apiKey: 'trader-bot', hmacSecret: 'bot-secret' })
    await page.locator('#accounts button', { hasText: 'trader-bot' }).click({ timeout: WAIT_MS })
    await page.locator('#open-orders tbody tr', { hasText: 'BTCUSDT' }).waitFor({ timeout: WAIT_MS })
    expect(await tables()).toEqual(trader)
    await page.locator('#accounts button', { hasText: /^trader$/ }).click()
  })

  it('deletes the shown key with Remove key once confirmed: its tab goes, the account stays under its other key', async () => {
    await page.locator('#accounts button', { hasText: 'trader-bot' }).click()
    page.once('dialog', (dialog) => void dialog.accept())
    await page.locator('#remove-key button').click()
    await page
      .locator('#action-result', {
        hasText: 'trader-bot removed: 0 session(s) revoked at their next request, 0 subscription(s) ended',
      })
      .waitFor({ timeout: WAIT_MS })
    await page
      .locator('#accounts button', { hasText: 'trader-bot' })
      .waitFor({ state: 'detached', timeout: WAIT_MS })
    expect(ex.accounts().map((a) => a.apiKey)).not.toContain('trader-bot')
    expect(await page.locator('#accounts button[aria-pressed=true]').getAttribute('data-api-key')).toBe(
      ex.accounts()[0]?.apiKey,
    )
    // A key's tab says what it may do and from where, and follows updateKey.
    const maker = page.locator('#accounts button', { hasText: /^maker$/ })
    expect(await maker.getAttribute('title')).toBe('maker: TRADE, USER_DATA, USER_STREAM, from any address')
    await control('updateKey', { apiKey: 'maker', permissions: ['USER_DATA'], ipWhitelist: ['10.0.0.9'] })
    await page
      .locator('#accounts button[title="maker: USER_DATA, from 10.0.0.9"]')
      .waitFor({ timeout: WAIT_MS })
    await page.locator('#accounts button', { hasText: /^trader$/ }).click()
    expect(await rowsOf('#open-orders')).toHaveLength(1)
  })

  it('lists a symbol added over HTTP, and shows its book quoted by the synthetic liquidity', async () => {
    await control('addSymbol', SOLUSDT)
    await page.locator('#symbols button', { hasText: 'SOLUSDT' }).click({ timeout: WAIT_MS })
    await page
      .locator('#ladder tr', { hasText: /^149\.\d\d/ })
      .first()
      .waitFor({ timeout: WAIT_MS })
    await page
      .locator('#ladder tr', { hasText: /^150\.\d\d/ })
      .first()
      .waitFor({ timeout: WAIT_MS })
    await page.locator('#symbol-status', { hasText: 'TRADING' }).waitFor({ timeout: WAIT_MS })
    await page.locator('#symbols button', { hasText: 'BTCUSDT' }).click()
  })

  it("withdraws, halts the shown symbol and cancels the shown account's orders with the buttons", async () => {
    await page.locator('#deposit input[name=amount]').fill('34.5')
    await page.locator('#deposit button[value=withdraw]').click()
    await page.locator('#action-result', { hasText: 'withdrawn 34.5 USDT' }).waitFor({ timeout: WAIT_MS })
    await page.locator('#set-status select').selectOption('HALT')
    await page.locator('#set-status button').click()
    await page.locator('#symbol-status', { hasText: 'HALT' }).waitFor({ timeout: WAIT_MS })
    expect(ex.query('exchangeInfo', { symbol: 'BTCUSDT' }).symbols[0]?.status).toBe('HALT')
    await page.locator('#set-status select').selectOption('TRADING')
    await page.locator('#set-status button').click()
    await page.locator('#symbol-status', { hasText: 'TRADING' }).waitFor({ timeout: WAIT_MS })
    expect(await rowsOf('#open-orders')).toHaveLength(1)
    await page.locator('#cancel-orders button').click()
    await page
      .locator('#action-result', { hasText: '1 BTCUSDT order(s) of trader expired' })
      .waitFor({ timeout: WAIT_MS })
    await page.locator('#open-orders tbody tr.empty').waitFor({ timeout: WAIT_MS })
    expect(ex.query('openOrders.status', {}, 'trader')).toEqual([])
  })

  it('starts the shown account over with Reset account once confirmed: initial balances, its fills kept', async () => {
    const fills = await rowsOf('#fills')
    expect(fills.length).toBeGreaterThan(1)
    // At the emulator clock's time: the Advance button moved it away from the test's.
    const order = {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: '30000.00',
      quantity: '0.01',
    }
    expect((await raw.signed('order.place', signer, 'trader', order, ex.clock.now())).status).toBe(200)
    await page.locator('#open-orders tbody tr', { hasText: 'BTCUSDT' }).waitFor({ timeout: WAIT_MS })
    page.once('dialog', (dialog) => void dialog.accept())
    await page.locator('#reset-account button').click()
    await page
      .locator('#action-result', { hasText: 'trader started over: 1 order(s) expired' })
      .waitFor({ timeout: WAIT_MS })
    await page.locator('#open-orders tbody tr.empty').waitFor({ timeout: WAIT_MS })
    const initial = ex.query('account.status', { omitZeroBalances: true }, 'trader').balances
    expect(initial.map((b) => [b.asset, b.free, b.locked])).toEqual([
      ['BTC', '50.00000000', '0.00000000'],
      ['ETH', '100.00000000', '0.00000000'],
      ['USDT', '1000000.00000000', '0.00000000'],
    ])
    await page.locator('#balances td', { hasText: /^1000000\.00$/ }).waitFor({ timeout: WAIT_MS })
    expect(await rowsOf('#fills')).toEqual(fills)
  })

  it('offers Snapshot only with a data dir, and says the state is in memory', async () => {
    const button = page.locator('#snapshot button')
    expect(await button.isDisabled()).toBe(true)
    expect(await button.getAttribute('title')).toMatch(/^no data dir/)
    expect(await page.locator('#storage dd[data-field="State"]').textContent()).toBe(
      'in memory only: it ends with the emulator (--data-dir keeps it)',
    )
  })

  it('starts again after a reset over HTTP: added accounts and symbols, fills, trades and candles gone, balances initial', async () => {
    expect((await rowsOf('#fills')).length).toBeGreaterThan(1)
    // Shown when the reset removes it: the page moves to the first symbol, asking nothing of the one gone.
    await page.locator('#symbols button', { hasText: 'SOLUSDT' }).click()
    await page
      .locator('#ladder tr', { hasText: /^150\.\d\d/ })
      .first()
      .waitFor({ timeout: WAIT_MS })
    await control('reset', {})
    await page
      .locator('#accounts button', { hasText: 'late' })
      .waitFor({ state: 'detached', timeout: WAIT_MS })
    expect(await page.locator('#accounts button').allTextContents()).toEqual(['trader', 'maker'])
    await page
      .locator('#symbols button', { hasText: 'SOLUSDT' })
      .waitFor({ state: 'detached', timeout: WAIT_MS })
    await page
      .locator('#symbols button[aria-pressed=true]', { hasText: 'BTCUSDT' })
      .waitFor({ timeout: WAIT_MS })
    await page.locator('#fills tbody tr.empty').waitFor({ timeout: WAIT_MS })
    await page.locator('#trades tbody tr.empty').waitFor({ timeout: WAIT_MS })
    // The request log and the rate-limit meters start again too.
    await page.locator('#requests tbody tr.empty').waitFor({ timeout: WAIT_MS })
    expect(await page.locator('#limits .meter').count()).toBe(0)
    const initial = ex.query('account.status', { omitZeroBalances: true }, 'trader').balances
    expect(await rowsOf('#balances')).toEqual(
      initial.map((b) => `${b.asset}\t${b.free.replace(/(\.\d\d\d*?)0+$/, '$1')}\t0.00`),
    )
    // The chart read its klines again: none after a reset.
    await page.waitForFunction(`!${CANDLE_PIXELS}`, undefined, { timeout: WAIT_MS })
  })

  it('resets with the Reset button once confirmed, and shows an order placed after it', async () => {
    page.once('dialog', (dialog) => void dialog.accept())
    await page.locator('#reset button').click()
    await page.locator('#action-result', { hasText: 'the emulator was reset' }).waitFor({ timeout: WAIT_MS })
    raw.close()
    raw = await RawClient.open(ex.url)
    kit.now = ex.clock.now()
    const book = ex.query('depth', { symbol: 'BTCUSDT', limit: 1 })
    await signed('order.place', {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: (Number(book.bids[0]?.[0]) - 5).toFixed(2),
      quantity: '0.2',
    })
    await page.locator('#open-orders tbody tr', { hasText: 'BTCUSDT' }).waitFor({ timeout: WAIT_MS })
    await page.locator('#ladder tr.own').waitFor({ timeout: WAIT_MS })
  })

  it('logged no console error and no uncaught exception, and loaded nothing from another host', async () => {
    const hosts = await page.evaluate(() =>
      performance.getEntriesByType('resource').map((e) => new URL(e.name).host),
    )
    expect(new Set(hosts)).toEqual(new Set([`127.0.0.1:${ex.port}`]))
    // Only the refused deposit above: Chromium logs every 4xx answer as a resource error; the control API answers
    // refusals with 400 (right for curl and scripts) and the page shows their message (docs/emulator-control.md).
    expect(browser.errors).toEqual([
      'console: Failed to load resource: the server responded with a status of 400 (Bad Request)',
    ])
    expect(await page.locator('#action-result').innerText()).not.toMatch(/INVALID|REJECTED|Error/)
  })
})
