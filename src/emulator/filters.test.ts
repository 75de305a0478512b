import { describe, expect, it } from 'vitest'
import type { SymbolFilter } from '../protocol/results.js'
import { toUnits } from './engine/decimal.js'
import { type FilterEnv, type FilterSubject, failedFilter } from './filters.js'

const M = (s: string) => toUnits(s, 8)
const FILTERS: SymbolFilter[] = [
  { filterType: 'PRICE_FILTER', minPrice: '0.01', maxPrice: '1000000', tickSize: '0.01' },
  { filterType: 'LOT_SIZE', minQty: '0.00002', maxQty: '9000', stepSize: '0.00001' },
  { filterType: 'MARKET_LOT_SIZE', minQty: '0.00001', maxQty: '100', stepSize: '0.00001' },
  {
    filterType: 'NOTIONAL',
    minNotional: '5',
    applyMinToMarket: false,
    maxNotional: '1000000',
    applyMaxToMarket: true,
    avgPriceMins: 5,
  },
  { filterType: 'MAX_NUM_ORDERS', maxNumOrders: 2 },
]
const env: FilterEnv = { avgPrice: () => M('60000'), openOrders: 0, position: () => 0n }

function limit(price: string, quantity: string): FilterSubject {
  return {
    side: 'BUY',
    type: 'LIMIT',
    price: M(price),
    quantity: M(quantity),
    quoteOrderQty: undefined,
    icebergQty: undefined,
  }
}
function market(quantity?: string, quote?: string): FilterSubject {
  return {
    side: 'SELL',
    type: 'MARKET',
    price: undefined,
    quantity: quantity === undefined ? undefined : M(quantity),
    quoteOrderQty: quote === undefined ? undefined : M(quote),
    icebergQty: undefined,
  }
}

describe('failedFilter', () => {
  it('passes an order within every filter', () => {
    expect(failedFilter(FILTERS, limit('60000.01', '0.00100'), env)).toBeUndefined()
  })

  it('checks PRICE_FILTER bounds and tick', () => {
    expect(failedFilter(FILTERS, limit('60000.005', '0.001'), env)).toBe('PRICE_FILTER')
    expect(failedFilter(FILTERS, limit('1000000.01', '0.001'), env)).toBe('PRICE_FILTER')
  })

  it('checks LOT_SIZE steps from minQty', () => {
    expect(failedFilter(FILTERS, limit('100', '0.00001'), env)).toBe('LOT_SIZE')
    expect(failedFilter(FILTERS, limit('100', '0.050005'), env)).toBe('LOT_SIZE')
    expect(failedFilter(FILTERS, limit('100', '0.05001'), env)).toBeUndefined()
  })

  it('checks NOTIONAL on limit orders, and on MARKET orders only where applyMin/MaxToMarket say so', () => {
    expect(failedFilter(FILTERS, limit('100', '0.04999'), env)).toBe('NOTIONAL')
    expect(failedFilter(FILTERS, market('0.00002'), env)).toBeUndefined()
    expect(failedFilter(FILTERS, market('17'), env)).toBe('NOTIONAL')
    expect(failedFilter(FILTERS, market(undefined, '1000000.01'), env)).toBe('NOTIONAL')
  })

  it('checks MARKET_LOT_SIZE on MARKET quantities and MAX_NUM_ORDERS on open orders', () => {
    expect(failedFilter(FILTERS, market('101'), env)).toBe('MARKET_LOT_SIZE')
    expect(failedFilter(FILTERS, limit('60000', '0.001'), { ...env, openOrders: 2 })).toBe('MAX_NUM_ORDERS')
  })
})
