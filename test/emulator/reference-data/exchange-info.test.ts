// DIGEST §3.1 end to end: exchangeInfo shape and filtering, symbol trading status, account.status.
import { generateKeyPairSync } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SpotWebsocketAPI, type WebsocketAPIConnection } from '../../../src/client/index.js'
import { DEFAULT_SYMBOLS, type Emulator, startEmulator } from '../../../src/emulator/index.js'
import type { SymbolOptions } from '../../../src/emulator/options.js'
import { rejection } from '../../support/rejection.js'

const ed = generateKeyPairSync('ed25519')
const pem = (
  k: { export(o: { type: 'pkcs8' | 'spki'; format: 'pem' }): string | Buffer },
  t: 'pkcs8' | 'spki',
) => k.export({ type: t, format: 'pem' }).toString()

function symbol(name: string, changes: Partial<SymbolOptions>): SymbolOptions {
  const base = DEFAULT_SYMBOLS.find((s) => s.symbol === name)
  if (!base) throw new Error(`${name} missing`)
  return { ...base, ...changes }
}

let ex: Emulator
let a: WebsocketAPIConnection
let readOnly: WebsocketAPIConnection

beforeAll(async () => {
  ex = await startEmulator({
    port: 0,
    liquidity: false,
    // No BTCUSDC: no SOR group, so exchangeInfo has no `sors`.
    symbols: [
      symbol('BTCUSDT', {}),
      symbol('ETHUSDT', { status: 'HALT' }),
      symbol('BNBUSDT', { status: 'BREAK' }),
      symbol('ETHBTC', { permissionSets: [['MARGIN']] }),
      symbol('BTCUSDT', { symbol: 'GRPUSDT', baseAsset: 'GRP', permissionSets: [['TRD_GRP_004']] }),
    ],
    exchangeFilters: [{ filterType: 'EXCHANGE_MAX_NUM_ORDERS', maxNumOrders: 1000 }],
    commission: { maker: '0.0015', taker: '0.0015', buyer: '0', seller: '0' },
    accounts: [
      { apiKey: 'ed', publicKey: pem(ed.publicKey, 'spki'), balances: { USDT: '10000', BTC: '1', ETH: '5' } },
      { apiKey: 'ro', hmacSecret: 'ro-secret', permissions: ['USER_DATA'], balances: { USDT: '5' } },
    ],
  })
  a = await new SpotWebsocketAPI({
    wsURL: ex.url,
    apiKey: 'ed',
    privateKey: pem(ed.privateKey, 'pkcs8'),
    autoSessionLogon: true,
  }).connect()
  readOnly = await new SpotWebsocketAPI({ wsURL: ex.url, apiKey: 'ro', apiSecret: 'ro-secret' }).connect()
})

afterAll(async () => {
  await Promise.all([a?.disconnect(), readOnly?.disconnect()])
  await ex?.close()
})

const names = (info: { symbols: { symbol: string }[] }) => info.symbols.map((s) => s.symbol)

describe('exchangeInfo (DIGEST 3.1.1, 3.1.3, A52)', () => {
  it('has timezone UTC, serverTime, the four rate limits without count, exchangeFilters, symbols; no sors without SOR', async () => {
    const before = Date.now()
    const { data } = await a.exchangeInfo()
    const after = Date.now()
    expect(Object.keys(data)).toEqual(['timezone', 'serverTime', 'rateLimits', 'exchangeFilters', 'symbols'])
    expect(data.timezone).toBe('UTC')
    expect(data.serverTime).toBeGreaterThanOrEqual(before)
    expect(data.serverTime).toBeLessThanOrEqual(after)
    expect(data.rateLimits).toEqual([
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 50 },
      { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 160000 },
      { rateLimitType: 'CONNECTIONS', interval: 'MINUTE', intervalNum: 5, limit: 300 },
    ])
    expect(data.exchangeFilters).toEqual([{ filterType: 'EXCHANGE_MAX_NUM_ORDERS', maxNumOrders: 1000 }])
    expect('sors' in data).toBe(false)
  })

  it('without params lists only SPOT, MARGIN and LEVERAGED symbols; permissions takes a string or an array', async () => {
    expect(names((await a.exchangeInfo()).data)).toEqual(['BTCUSDT', 'ETHUSDT', 'BNBUSDT', 'ETHBTC'])
    expect(names((await a.exchangeInfo({ permissions: 'TRD_GRP_004' })).data)).toEqual(['GRPUSDT'])
    expect(names((await a.exchangeInfo({ permissions: ['MARGIN', 'TRD_GRP_004'] })).data)).toEqual([
      'ETHBTC',
      'GRPUSDT',
    ])
    expect(names((await a.exchangeInfo({ symbol: 'GRPUSDT' })).data)).toEqual(['GRPUSDT'])
    expect(names((await a.exchangeInfo({ symbols: ['ETHBTC', 'BTCUSDT'] })).data)).toEqual([
      'ETHBTC',
      'BTCUSDT',
    ])
  })

  it('symbolStatus filters alone or with permissions; values other than TRADING/HALT/BREAK are -1122', async () => {
    expect(names((await a.exchangeInfo({ symbolStatus: 'HALT' })).data)).toEqual(['ETHUSDT'])
    expect(names((await a.exchangeInfo({ symbolStatus: 'BREAK' })).data)).toEqual(['BNBUSDT'])
    expect(names((await a.exchangeInfo({ symbolStatus: 'TRADING' })).data)).toEqual(['BTCUSDT', 'ETHBTC'])
    expect(
      names((await a.exchangeInfo({ symbolStatus: 'TRADING', permissions: ['TRD_GRP_004', 'MARGIN'] })).data),
    ).toEqual(['ETHBTC', 'GRPUSDT'])
    expect(
      await rejection(a.exchangeInfo({ symbolStatus: 'END_OF_DAY' as unknown as 'HALT' })),
    ).toMatchObject({ code: -1122, msg: 'Invalid symbolStatus.', status: 400 })
  })

  it('symbol, symbols and permissions are exclusive, and symbolStatus excludes symbol/symbols: -1128', async () => {
    const combos = [
      { symbol: 'BTCUSDT', symbols: ['ETHBTC'] },
      { symbol: 'BTCUSDT', permissions: 'SPOT' },
      { symbols: ['BTCUSDT'], permissions: ['SPOT'] },
      { symbol: 'BTCUSDT', symbolStatus: 'TRADING' as const },
      { symbols: ['BTCUSDT'], symbolStatus: 'TRADING' as const },
    ]
    for (const params of combos) {
      expect(await rejection(a.exchangeInfo(params)), JSON.stringify(params)).toMatchObject({
        code: -1128,
        msg: 'Combination of optional parameters invalid.',
        status: 400,
      })
    }
  })

  it('showPermissionSets=false keeps permissionSets as an empty list', async () => {
    const shown = await a.exchangeInfo({ symbol: 'ETHBTC' })
    expect(shown.data.symbols[0]).toMatchObject({ permissions: [], permissionSets: [['MARGIN']] })
    const hidden = await a.exchangeInfo({ symbol: 'ETHBTC', showPermissionSets: false })
    expect(hidden.data.symbols[0]).toMatchObject({ permissions: [], permissionSets: [] })
  })
})

describe('symbol trading status (DIGEST 3.1.6)', () => {
  it('new orders on a HALT or BREAK symbol get -2010 "Market is closed."; market data still answers', async () => {
    for (const s of ['ETHUSDT', 'BNBUSDT']) {
      const params = {
        symbol: s,
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        price: '10.00',
        quantity: '1',
      } as const
      expect(await rejection(a.orderPlace(params)), s).toMatchObject({
        code: -2010,
        msg: 'Market is closed.',
        status: 400,
      })
      expect(await rejection(a.orderTest(params)), s).toMatchObject({ code: -2010, msg: 'Market is closed.' })
      expect((await a.depth({ symbol: s })).data).toMatchObject({ bids: [], asks: [] })
    }
    const open = await a.openOrdersStatus({})
    expect(open.data).toEqual([])
  })
})

describe('account.status (DIGEST 3.1.7, 3.15.1, A55)', () => {
  it('has the spec fields in order: commissions as integers and rates, flags, SPOT, uid; mirrors account.commission', async () => {
    const { data } = await a.accountStatus({ omitZeroBalances: true })
    expect(Object.keys(data)).toEqual([
      'makerCommission',
      'takerCommission',
      'buyerCommission',
      'sellerCommission',
      'canTrade',
      'canWithdraw',
      'canDeposit',
      'commissionRates',
      'brokered',
      'requireSelfTradePrevention',
      'preventSor',
      'updateTime',
      'accountType',
      'balances',
      'permissions',
      'uid',
    ])
    expect(data).toMatchObject({
      makerCommission: 15,
      takerCommission: 15,
      buyerCommission: 0,
      sellerCommission: 0,
      canTrade: true,
      canWithdraw: true,
      canDeposit: true,
      commissionRates: {
        maker: '0.00150000',
        taker: '0.00150000',
        buyer: '0.00000000',
        seller: '0.00000000',
      },
      brokered: false,
      requireSelfTradePrevention: false,
      preventSor: false,
      accountType: 'SPOT',
      permissions: ['SPOT'],
    })
    expect(Object.keys(data.commissionRates)).toEqual(['maker', 'taker', 'buyer', 'seller'])
    expect(Number.isInteger(data.updateTime)).toBe(true)
    expect(Number.isInteger(data.uid)).toBe(true)
    expect('tradeGroupId' in data).toBe(false)
    expect(data.balances).toEqual([
      { asset: 'BTC', free: '1.00000000', locked: '0.00000000' },
      { asset: 'ETH', free: '5.00000000', locked: '0.00000000' },
      { asset: 'USDT', free: '10000.00000000', locked: '0.00000000' },
    ])
    for (const b of data.balances) expect(Object.keys(b)).toEqual(['asset', 'free', 'locked'])
    const commission = await a.accountCommission({ symbol: 'BTCUSDT' })
    expect(commission.data.standardCommission).toEqual(data.commissionRates)
  })

  it('lists zero balances without omitZeroBalances; canTrade is false for a key without TRADE', async () => {
    const { data } = await readOnly.accountStatus()
    expect(data.canTrade).toBe(false)
    expect(data.balances.find((b) => b.asset === 'BTC')).toEqual({
      asset: 'BTC',
      free: '0.00000000',
      locked: '0.00000000',
    })
    expect(data.uid).not.toBe((await a.accountStatus()).data.uid)
  })
})
