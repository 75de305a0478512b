import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as wsModule from 'ws'
import { WebSocket } from 'ws'
import { type Emulator, startEmulator } from '../index.js'
import { RawClient } from '../raw-client.test-util.js'
import { textFrame } from './server.js'

const NOW = 1_700_000_000_000
let ex: Emulator
let client: RawClient

beforeAll(async () => {
  ex = await startEmulator({ port: 0, now: () => NOW })
  client = await RawClient.open(ex.url)
})

afterAll(async () => {
  await client.close()
  await ex.close()
})

describe('emulator server: envelope', () => {
  it('listens on loopback with the WS API path', () => {
    expect(ex.url).toBe(`ws://127.0.0.1:${ex.port}/ws-api/v3`)
    expect(ex.port).toBeGreaterThan(0)
  })

  it('answers ping with {} and time with the injected clock, echoing the id', async () => {
    client.sendText(JSON.stringify({ id: 7, method: 'ping' }))
    expect(await client.response((r) => r.id === 7)).toMatchObject({ id: 7, status: 200, result: {} })
    expect(await client.request('time')).toMatchObject({ status: 200, result: { serverTime: NOW } })
  })

  it('accepts the v3/ method prefix', async () => {
    expect(await client.request('v3/time')).toMatchObject({ status: 200, result: { serverTime: NOW } })
  })

  it('answers invalid JSON with 400 -1135 and a null id', async () => {
    client.sendText('{"id": 1, "method": ')
    expect(await client.response((r) => r.id === null)).toMatchObject({
      id: null,
      status: 400,
      error: { code: -1135, msg: 'Invalid JSON Request' },
    })
  })

  it('answers an unknown method with 400 -1020', async () => {
    const r = await client.request('order.teleport')
    expect(r).toMatchObject({ status: 400, error: { code: -1020, msg: 'This operation is not supported.' } })
    expect(r.error?.data).toBeUndefined()
  })

  it('validates params from the catalogue: mandatory, enums, unknown symbol', async () => {
    expect((await client.request('depth')).error).toEqual({
      code: -1102,
      msg: "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.",
    })
    expect((await client.request('klines', { symbol: 'BTCUSDT', interval: '2m' })).error).toEqual({
      code: -1120,
      msg: 'Invalid interval.',
    })
    expect((await client.request('depth', { symbol: 'DOGEUSDT' })).error).toEqual({
      code: -1121,
      msg: 'Invalid symbol.',
    })
  })

  it('counts REQUEST_WEIGHT per request and reports it in rateLimits', async () => {
    const a = await client.request('exchangeInfo', { symbol: 'BTCUSDT' })
    const b = await client.request('ping')
    const [wa] = a.rateLimits ?? []
    const [wb] = b.rateLimits ?? []
    expect(wa).toMatchObject({
      rateLimitType: 'REQUEST_WEIGHT',
      interval: 'MINUTE',
      intervalNum: 1,
      limit: 6000,
    })
    expect(wb?.count).toBe((wa?.count ?? 0) + 1)
  })

  it('omits rateLimits with returnRateLimits=false, per request or for the connection', async () => {
    expect(await client.request('ping', { returnRateLimits: false })).not.toHaveProperty('rateLimits')
    const quiet = await RawClient.open(`${ex.url}?returnRateLimits=false`)
    try {
      expect(await quiet.request('ping')).not.toHaveProperty('rateLimits')
      expect((await quiet.request('ping', { returnRateLimits: true })).rateLimits).toHaveLength(1)
    } finally {
      await quiet.close()
    }
  })

  it('refuses the upgrade on any other path with 404', async () => {
    const status = await new Promise<number | undefined>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${ex.port}/api/v3/other`)
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode))
      ws.once('error', () => resolve(undefined))
    })
    expect(status).toBe(404)
  })
})

describe('emulator server: market data', () => {
  it('serves exchangeInfo for the requested symbols with the spec fields', async () => {
    const r = await client.request('exchangeInfo', { symbols: ['ETHBTC', 'BTCUSDT'] })
    const info = r.result as { rateLimits: object[]; symbols: Record<string, unknown>[] }
    expect(info.symbols.map((s) => s['symbol'])).toEqual(['ETHBTC', 'BTCUSDT'])
    expect(info.rateLimits[0]).toEqual({
      rateLimitType: 'REQUEST_WEIGHT',
      interval: 'MINUTE',
      intervalNum: 1,
      limit: 6000,
    })
    expect(Object.keys(info.symbols[1] ?? {})).toEqual([
      'symbol',
      'status',
      'baseAsset',
      'baseAssetPrecision',
      'quoteAsset',
      'quotePrecision',
      'quoteAssetPrecision',
      'baseCommissionPrecision',
      'quoteCommissionPrecision',
      'orderTypes',
      'icebergAllowed',
      'ocoAllowed',
      'otoAllowed',
      'opoAllowed',
      'quoteOrderQtyMarketAllowed',
      'allowTrailingStop',
      'cancelReplaceAllowed',
      'amendAllowed',
      'pegInstructionsAllowed',
      'isSpotTradingAllowed',
      'isMarginTradingAllowed',
      'filters',
      'permissions',
      'permissionSets',
      'defaultSelfTradePreventionMode',
      'allowedSelfTradePreventionModes',
    ])
  })

  it('shows the synthetic liquidity in depth and ticker.book around the reference price', async () => {
    const depth = (await client.request('depth', { symbol: 'BTCUSDT', limit: 2 })).result
    expect(depth).toMatchObject({
      bids: [
        ['59970.00000000', '0.50000000'],
        ['59940.00000000', '0.50000000'],
      ],
      asks: [
        ['60030.00000000', '0.50000000'],
        ['60060.00000000', '0.50000000'],
      ],
    })
    const books = (await client.request('ticker.book', { symbols: ['BTCUSDT', 'ETHBTC'] })).result
    expect(books).toEqual([
      {
        symbol: 'BTCUSDT',
        bidPrice: '59970.00000000',
        bidQty: '0.50000000',
        askPrice: '60030.00000000',
        askQty: '0.50000000',
      },
      {
        symbol: 'ETHBTC',
        bidPrice: '0.04997000',
        bidQty: '10.00000000',
        askPrice: '0.05003000',
        askQty: '10.00000000',
      },
    ])
    expect((await client.request('ticker.price', { symbol: 'ETHUSDT' })).result).toEqual({
      symbol: 'ETHUSDT',
      price: '3000.00000000',
    })
  })
})

describe('emulator server: framing', () => {
  // ws exports its Sender at run time; its types do not declare it.
  const sender = (wsModule as unknown as { Sender: { frame(data: Buffer, options: object): Buffer[] } })
    .Sender
  it('frames a text as ws would send it uncompressed', () => {
    for (const text of [
      '',
      'x',
      'a'.repeat(125),
      'b'.repeat(126),
      'é☃'.repeat(40),
      'c'.repeat(65535),
      'd'.repeat(65536),
      '€'.repeat(30000),
    ]) {
      const parts = sender.frame(Buffer.from(text), {
        fin: true,
        rsv1: false,
        opcode: 1,
        mask: false,
        readOnly: false,
      })
      expect(textFrame(text).equals(Buffer.concat(parts))).toBe(true)
    }
  })
})
