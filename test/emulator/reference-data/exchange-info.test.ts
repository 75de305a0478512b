// exchangeInfo end to end: its shape, the filters by symbol, permissions and status, and new orders on a HALT or
// BREAK symbol (docs/emulator-fidelity.md 3.1.1, 3.1.3, 3.1.6, A52).
import { describe, expect, it } from 'vitest'
import { perFile, startExchange } from '../../support/exchange.js'
import { limit } from '../../support/order-params.js'
import { rejection } from '../../support/rejection.js'
import { symbolLike } from '../../support/symbols.js'

// No BTCUSDC: no SOR group, so exchangeInfo has no `sors`.
const symbols = [
  symbolLike('BTCUSDT'),
  symbolLike('ETHUSDT', { status: 'HALT' }),
  symbolLike('BNBUSDT', { status: 'BREAK' }),
  symbolLike('ETHBTC', { permissionSets: [['MARGIN']] }),
  symbolLike('BTCUSDT', { symbol: 'GRPUSDT', baseAsset: 'GRP', permissionSets: [['TRD_GRP_004']] }),
]

const t = perFile(async () => {
  const kit = await startExchange({
    symbols,
    exchangeFilters: [{ filterType: 'EXCHANGE_MAX_NUM_ORDERS', maxNumOrders: 1000 }],
    accounts: [{ apiKey: 'ed' }],
  })
  return Object.assign(kit, { a: await kit.connect('ed') })
})

const names = (info: { symbols: { symbol: string }[] }) => info.symbols.map((s) => s.symbol)

describe('exchangeInfo (fidelity 3.1.1, 3.1.3, A52)', () => {
  it('has timezone UTC, serverTime, the four rate limits without count, exchangeFilters, symbols; no sors without SOR', async () => {
    const before = Date.now()
    const { data } = await t.a.exchangeInfo()
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
    expect(names((await t.a.exchangeInfo()).data)).toEqual(['BTCUSDT', 'ETHUSDT', 'BNBUSDT', 'ETHBTC'])
    expect(names((await t.a.exchangeInfo({ permissions: 'TRD_GRP_004' })).data)).toEqual(['GRPUSDT'])
    expect(names((await t.a.exchangeInfo({ permissions: ['MARGIN', 'TRD_GRP_004'] })).data)).toEqual([
      'ETHBTC',
      'GRPUSDT',
    ])
    expect(names((await t.a.exchangeInfo({ symbol: 'GRPUSDT' })).data)).toEqual(['GRPUSDT'])
    expect(names((await t.a.exchangeInfo({ symbols: ['ETHBTC', 'BTCUSDT'] })).data)).toEqual([
      'ETHBTC',
      'BTCUSDT',
    ])
  })

  it('symbolStatus filters alone or with permissions; values other than TRADING/HALT/BREAK are -1122', async () => {
    expect(names((await t.a.exchangeInfo({ symbolStatus: 'HALT' })).data)).toEqual(['ETHUSDT'])
    expect(names((await t.a.exchangeInfo({ symbolStatus: 'BREAK' })).data)).toEqual(['BNBUSDT'])
    expect(names((await t.a.exchangeInfo({ symbolStatus: 'TRADING' })).data)).toEqual(['BTCUSDT', 'ETHBTC'])
    expect(
      names(
        (await t.a.exchangeInfo({ symbolStatus: 'TRADING', permissions: ['TRD_GRP_004', 'MARGIN'] })).data,
      ),
    ).toEqual(['ETHBTC', 'GRPUSDT'])
    expect(
      // Outside the typed enum: the typed call refuses it before sending, the raw path sends it as it is.
      await rejection(t.a.sendMessage('exchangeInfo', { symbolStatus: 'END_OF_DAY' })),
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
      // The raw path: the typed call refuses these combinations before sending.
      expect(await rejection(t.a.sendMessage('exchangeInfo', params)), JSON.stringify(params)).toMatchObject({
        code: -1128,
        msg: 'Combination of optional parameters invalid.',
        status: 400,
      })
    }
  })

  it('showPermissionSets=false keeps permissionSets as an empty list', async () => {
    const shown = await t.a.exchangeInfo({ symbol: 'ETHBTC' })
    expect(shown.data.symbols[0]).toMatchObject({ permissions: [], permissionSets: [['MARGIN']] })
    const hidden = await t.a.exchangeInfo({ symbol: 'ETHBTC', showPermissionSets: false })
    expect(hidden.data.symbols[0]).toMatchObject({ permissions: [], permissionSets: [] })
  })
})

describe('symbol trading status (fidelity 3.1.6)', () => {
  it('new orders on a HALT or BREAK symbol get -2010 "Market is closed."; market data still answers', async () => {
    for (const s of ['ETHUSDT', 'BNBUSDT']) {
      const params = limit(s, 'BUY', '10.00', '1')
      expect(await rejection(t.a.orderPlace(params)), s).toMatchObject({
        code: -2010,
        msg: 'Market is closed.',
        status: 400,
      })
      expect(await rejection(t.a.orderTest(params)), s).toMatchObject({
        code: -2010,
        msg: 'Market is closed.',
      })
      expect((await t.a.depth({ symbol: s })).data).toMatchObject({ bids: [], asks: [] })
    }
    const open = await t.a.openOrdersStatus({})
    expect(open.data).toEqual([])
  })
})
