// Area D end to end: 418 IP bans after repeated 429s, connection-attempt limits at the upgrade, and the
// unfilled order count's first-fill credits (taker and maker).
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { ConnectError, SpotWebsocketAPI } from '../../../src/client/index.js'
import { type Emulator, type EmulatorOptions, startEmulator } from '../../../src/emulator/index.js'
import { RawClient, type Response } from '../../../src/emulator/raw-client.test-util.js'

const T0 = 1_700_000_000_000

const cleanup: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f()
})

async function emulator(options: EmulatorOptions): Promise<Emulator> {
  const ex = await startEmulator({ port: 0, liquidity: false, now: () => T0, ...options })
  cleanup.push(() => ex.close())
  return ex
}

function refusal(url: string): Promise<{ status: number; body: unknown; retryAfter: string | undefined }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url)
    ws.on('open', () => reject(new Error('the upgrade was accepted')))
    ws.on('error', () => {})
    ws.on('unexpected-response', (_req, res) => {
      let text = ''
      res.on('data', (c: Buffer) => {
        text += c.toString()
      })
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: JSON.parse(text),
          retryAfter: res.headers['retry-after'],
        }),
      )
    })
  })
}

describe('REQUEST_WEIGHT bans', () => {
  it('bans the IP with 418 after repeated 429s, disconnects it, refuses upgrades until the ban ends', async () => {
    const ex = await emulator({ limits: { banAfter: 2, banDurations: [120_000, 600_000] } })
    const r = await RawClient.open(ex.url)
    cleanup.push(() => r.close())
    let last: Response | undefined
    for (let i = 0; i < 400 && last?.status !== 429; i++) last = await r.request('exchangeInfo')
    expect(last).toMatchObject({ status: 429, error: { code: -1003 } })
    const banned = await r.request('ping')
    const msg =
      'Way too much request weight used; IP banned until 1700000120000. Please use WebSocket Streams for live updates to avoid bans.'
    expect(banned).toMatchObject({
      status: 418,
      error: { code: -1003, msg, data: { serverTime: T0, retryAfter: T0 + 120_000 } },
    })
    await expect.poll(() => ex.connections()).toHaveLength(0)
    expect(await refusal(ex.url)).toEqual({ status: 418, body: { code: -1003, msg }, retryAfter: '120' })

    ex.clock.advance(120_000)
    const c = await new SpotWebsocketAPI({ wsURL: ex.url }).connect()
    cleanup.push(() => c.disconnect())
    expect((await c.ping()).status).toBe(200)
  })
})

describe('connection attempts', () => {
  it("refuses the upgrade with HTTP 429 -1034 beyond the limit per 5 minutes; our client's connect fails", async () => {
    const ex = await emulator({ limits: { connectionAttempts: 2 } })
    const opened = [await RawClient.open(ex.url), await RawClient.open(ex.url)]
    cleanup.push(async () => {
      for (const o of opened) await o.close()
    })
    const msg = "Too many connection attempts from IP; current limit is 2 per '5 MINUTE'."
    expect(await refusal(ex.url)).toEqual({ status: 429, body: { code: -1034, msg }, retryAfter: '100' })
    await expect(new SpotWebsocketAPI({ wsURL: ex.url }).connect()).rejects.toBeInstanceOf(ConnectError)
    ex.clock.advance(100_000)
    opened.push(await RawClient.open(ex.url))
    expect(ex.connections()).toHaveLength(3)
  })
})

describe('unfilled order count credits', () => {
  it('gives back `taker` for a first fill on entry and `maker` for a first fill on the book', async () => {
    const ex = await emulator({
      limits: { firstFillDecrement: { taker: 1, maker: 5 } },
      accounts: [
        { apiKey: 'maker', hmacSecret: 'm', balances: { BTC: '1' } },
        { apiKey: 'taker', hmacSecret: 't', balances: { USDT: '100000' } },
      ],
    })
    const maker = await new SpotWebsocketAPI({ wsURL: ex.url, apiKey: 'maker', apiSecret: 'm' }).connect()
    const taker = await new SpotWebsocketAPI({ wsURL: ex.url, apiKey: 'taker', apiSecret: 't' }).connect()
    cleanup.push(async () => {
      await maker.disconnect()
      await taker.disconnect()
    })
    for (let i = 0; i < 6; i++) {
      await maker.orderPlace({
        symbol: 'BTCUSDT',
        side: 'SELL',
        type: 'LIMIT',
        timeInForce: 'GTC',
        price: `${60000 + i}.00`,
        quantity: '0.01000',
      })
    }
    const counts = async (c: typeof maker) => (await c.accountRateLimitsOrders()).data.map((l) => l.count)
    expect(await counts(maker)).toEqual([6, 6])
    const buy = await taker.orderPlace({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.01000',
    })
    expect(buy.rateLimits?.slice(0, 2).map((l) => l.count)).toEqual([0, 0])
    expect(await counts(maker)).toEqual([1, 1])
    await taker.orderPlace({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.00500' })
    expect(await counts(maker)).toEqual([0, 0])
    await taker.orderPlace({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.00500' })
    expect(await counts(maker)).toEqual([0, 0])
    expect(await counts(taker)).toEqual([0, 0])
  })

  it('keeps the count on cancel and on a FOK that expires unfilled', async () => {
    const ex = await emulator({ accounts: [{ apiKey: 'k', hmacSecret: 's', balances: { USDT: '100000' } }] })
    const c = await new SpotWebsocketAPI({ wsURL: ex.url, apiKey: 'k', apiSecret: 's' }).connect()
    cleanup.push(() => c.disconnect())
    const order = {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      price: '10000.00',
      quantity: '0.00100',
    } as const
    const placed = await c.orderPlace({ ...order, timeInForce: 'GTC' })
    await c.orderCancel({ symbol: 'BTCUSDT', orderId: placed.data.orderId })
    const fok = await c.orderPlace({ ...order, timeInForce: 'FOK' })
    expect(fok.data).toMatchObject({ status: 'EXPIRED' })
    expect((await c.accountRateLimitsOrders()).data.map((l) => l.count)).toEqual([2, 2])
  })
})
