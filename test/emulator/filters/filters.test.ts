// Filters end to end: MAX_NUM_ORDERS and EXCHANGE_MAX_NUM_ORDERS count the open orders, MAX_ASSET caps one
// order, myFilters shows all three kinds (docs/emulator-fidelity.md 3.12.x).
import { describe, expect, it } from 'vitest'
import { DEFAULT_SYMBOLS } from '../../../src/emulator/index.js'
import { perFile, startExchange } from '../../support/exchange.js'
import { limit } from '../../support/order-params.js'
import { rejection } from '../../support/rejection.js'

/** ETHUSDT takes at most 2 open orders per account. */
const symbols = DEFAULT_SYMBOLS.map((s) =>
  s.symbol === 'ETHUSDT'
    ? {
        ...s,
        filters: [
          ...s.filters.filter((f) => f.filterType !== 'MAX_NUM_ORDERS'),
          { filterType: 'MAX_NUM_ORDERS' as const, maxNumOrders: 2 },
        ],
      }
    : s,
)

const t = perFile(async () => {
  const kit = await startExchange({
    symbols,
    exchangeFilters: [{ filterType: 'EXCHANGE_MAX_NUM_ORDERS', maxNumOrders: 4 }],
    accounts: [
      {
        apiKey: 'lim',
        key: 'hmac',
        balances: { USDT: '100000', ETH: '10' },
        assetFilters: [{ filterType: 'MAX_ASSET', asset: 'ETH', limit: '1.00000000' }],
      },
    ],
  })
  return Object.assign(kit, { lim: await kit.connect('lim') })
})

describe('filters (fidelity 3.12)', () => {
  it('MAX_NUM_ORDERS, then EXCHANGE_MAX_NUM_ORDERS, count the open orders', async () => {
    const lim = t.lim
    const bid = (symbol: string, price: string) => lim.orderPlace(limit(symbol, 'BUY', price, '0.1000'))
    await bid('ETHUSDT', '100.00')
    await bid('ETHUSDT', '101.00')
    expect(await rejection(bid('ETHUSDT', '102.00'))).toMatchObject({
      code: -1013,
      msg: 'Filter failure: MAX_NUM_ORDERS',
    })
    const btcBid = (price: string) => lim.orderPlace(limit('BTCUSDT', 'BUY', price, '0.10000'))
    await btcBid('100.00')
    await btcBid('101.00')
    expect(await rejection(btcBid('102.00'))).toMatchObject({
      code: -1013,
      msg: 'Filter failure: EXCHANGE_MAX_NUM_ORDERS',
    })
  })

  it('MAX_ASSET caps one order; myFilters shows the exchange, symbol and asset filters', async () => {
    const lim = t.lim
    const big = lim.orderTest(limit('ETHBTC', 'SELL', '0.05000', '1.001'))
    expect(await rejection(big)).toMatchObject({ code: -1013, msg: 'Filter failure: MAX_ASSET' })
    const f = await lim.myFilters({ symbol: 'ETHBTC' })
    expect(f.data.exchangeFilters).toEqual([{ filterType: 'EXCHANGE_MAX_NUM_ORDERS', maxNumOrders: 4 }])
    expect(f.data.symbolFilters.map((x) => x.filterType)).toContain('LOT_SIZE')
    expect(f.data.assetFilters).toEqual([{ filterType: 'MAX_ASSET', asset: 'ETH', limit: '1.00000000' }])
    expect((await lim.myFilters({ symbol: 'BNBUSDT' })).data.assetFilters).toEqual([])
  })
})
