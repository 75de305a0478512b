// The non-spot endpoints ccxt's defaults call, answered as a spot-only venue (docs/emulator-fidelity.md R12):
// `/sapi/v1/system/status`, `capital/config/getall`, `asset/tradeFee`, the margin pair lists, and the futures
// exchangeInfos without symbols; signed ones signed as `/api/v3` is.
import { describe, expect, it } from 'vitest'
import { perFile, startExchange, T0 } from '../../support/exchange.js'
import { ED25519, keyOf } from '../../support/keys.js'
import { limit } from '../../support/order-params.js'
import { restBase, restCall } from '../../support/rest-client.js'

const RATES = {
  standard: { maker: '0.00100000', taker: '0.00200000', buyer: '0', seller: '0' },
  tax: { maker: '0.00010000', taker: '0.00020000', buyer: '0', seller: '0' },
}

const kit = perFile(() =>
  startExchange({
    clock: T0,
    accounts: [
      { apiKey: 'h', key: 'hmac', commissions: RATES, balances: { BTC: '2', USDT: '100000', XRP: '5' } },
      { apiKey: 'e', key: 'ed25519' },
    ],
  }),
)
const key = keyOf('h')
const answerOf = (a: { status: number; json: unknown }) => ({ status: a.status, body: a.json })
const get = (path: string, signed = true, query: Record<string, string> = {}) =>
  restCall(restBase(kit.ex), path, signed ? { key, timestamp: kit.now, query } : { query })

describe('spot-only answers to the non-spot endpoints ccxt calls (fidelity R12)', () => {
  it('system/status is normal, unsigned', async () => {
    expect(answerOf(await get('/sapi/v1/system/status', false))).toEqual({
      status: 200,
      body: { status: 0, msg: 'normal' },
    })
  })

  it('capital/config/getall: every asset of the venue and of the account, its free and locked, no deposits, withdrawals or networks', async () => {
    const base = restBase(kit.ex)
    await restCall(base, '/api/v3/order', {
      method: 'POST',
      key,
      timestamp: kit.now,
      query: limit('BTCUSDT', 'BUY', '50000.00', '0.10000'),
    })
    const coins = (await get('/sapi/v1/capital/config/getall')).json as { coin: string }[]
    expect(coins.map((c) => c.coin)).toEqual(['BNB', 'BTC', 'ETH', 'USDC', 'USDT', 'XRP'])
    expect(coins.find((c) => c.coin === 'USDT')).toEqual({
      coin: 'USDT',
      depositAllEnable: false,
      withdrawAllEnable: false,
      name: 'USDT',
      free: '95000.00000000',
      locked: '5000.00000000',
      freeze: '0',
      withdrawing: '0',
      ipoing: '0',
      ipoable: '0',
      storage: '0',
      isLegalMoney: false,
      trading: true,
      networkList: [],
    })
  })

  it('asset/tradeFee: the maker and taker rates the account pays, per symbol or for one', async () => {
    const all = (await get('/sapi/v1/asset/tradeFee')).json as { symbol: string }[]
    expect(all.map((f) => f.symbol)).toEqual(['BTCUSDT', 'ETHUSDT', 'BNBUSDT', 'ETHBTC', 'BTCUSDC'])
    expect(answerOf(await get('/sapi/v1/asset/tradeFee', true, { symbol: 'ETHBTC' }))).toEqual({
      status: 200,
      body: [{ symbol: 'ETHBTC', makerCommission: '0.0011', takerCommission: '0.0022' }],
    })
    expect(answerOf(await get('/sapi/v1/asset/tradeFee', true, { symbol: 'NOPE' }))).toEqual({
      status: 400,
      body: { code: -1121, msg: 'Invalid symbol.' },
    })
  })

  it('margin pair lists are empty; the futures exchangeInfos list no symbols', async () => {
    expect((await get('/sapi/v1/margin/allPairs')).json).toEqual([])
    expect((await get('/sapi/v1/margin/isolated/allPairs')).json).toEqual([])
    const fapi = await get('/fapi/v1/exchangeInfo', false)
    expect(answerOf(fapi)).toEqual({
      status: 200,
      body: {
        timezone: 'UTC',
        serverTime: T0,
        rateLimits: [],
        exchangeFilters: [],
        assets: [],
        symbols: [],
      },
    })
    expect((await get('/dapi/v1/exchangeInfo', false)).json).toEqual({
      timezone: 'UTC',
      serverTime: T0,
      rateLimits: [],
      exchangeFilters: [],
      symbols: [],
    })
  })

  it('signed as /api/v3: no key -2014, unknown key -2015, no signature -1102, a wrong one -1022, stale -1021', async () => {
    const base = restBase(kit.ex)
    const path = '/sapi/v1/capital/config/getall'
    expect(answerOf(await restCall(base, path, { query: { timestamp: String(kit.now) } }))).toEqual({
      status: 401,
      body: { code: -2014, msg: 'API-key format invalid.' },
    })
    const unknown = { ...key, apiKey: 'nobody' }
    expect((await restCall(base, path, { key: unknown, timestamp: kit.now })).json).toMatchObject({
      code: -2015,
    })
    const unsigned = await restCall(base, path, {
      headers: { 'X-MBX-APIKEY': 'h' },
      query: { timestamp: String(kit.now) },
    })
    expect(unsigned.json).toEqual({
      code: -1102,
      msg: "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.",
    })
    const other = keyOf('e', ED25519.privateKey)
    const wrong = await restCall(base, path, { key: { ...other, apiKey: 'h' }, timestamp: kit.now })
    expect(wrong.json).toEqual({ code: -1022, msg: 'Signature for this request is not valid.' })
    expect((await restCall(base, path, { key, timestamp: kit.now - 60_000 })).json).toMatchObject({
      code: -1021,
    })
    expect((await restCall(base, path, { key: other, timestamp: kit.now })).status).toBe(200)
  })

  it('other /sapi, /fapi and /dapi paths are 404 -1020; another verb 405', async () => {
    const base = restBase(kit.ex)
    const body = { code: -1020, msg: 'This operation is not supported.' }
    for (const path of ['/sapi/v1/capital/deposit/address', '/fapi/v1/order', '/dapi/v1/ticker/price']) {
      expect(answerOf(await restCall(base, path)), path).toEqual({ status: 404, body })
    }
    const post = await restCall(base, '/sapi/v1/system/status', { method: 'POST' })
    expect({ ...answerOf(post), allow: post.headers.get('allow') }).toEqual({
      status: 405,
      body,
      allow: 'GET, HEAD',
    })
  })
})
