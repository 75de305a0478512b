import { describe, expect, it } from 'vitest'
import type { SymbolFilter } from '../../protocol/results.js'
import { toUnits } from '../engine/decimal.js'
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
const env: FilterEnv = { avgPrice: () => M('60000'), position: () => 0n }

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

  it('checks MARKET_LOT_SIZE on MARKET quantities only', () => {
    expect(failedFilter(FILTERS, market('101'), env)).toBe('MARKET_LOT_SIZE')
    expect(failedFilter(FILTERS, limit('600', '101'), env)).toBeUndefined()
  })

  it('checks PRICE_FILTER on stopPrice too', () => {
    const stop = { ...limit('60000', '0.001'), type: 'STOP_LOSS_LIMIT' as const, stopPrice: M('59999.999') }
    expect(failedFilter(FILTERS, stop, env)).toBe('PRICE_FILTER')
  })

  it('checks PERCENT_PRICE and PERCENT_PRICE_BY_SIDE against the reference price, bounds inclusive', () => {
    const pp: SymbolFilter[] = [
      { filterType: 'PERCENT_PRICE', multiplierUp: '1.1', multiplierDown: '0.9', avgPriceMins: 5 },
    ]
    expect(failedFilter(pp, limit('66000', '1'), env)).toBeUndefined()
    expect(failedFilter(pp, limit('66000.01', '1'), env)).toBe('PERCENT_PRICE')
    expect(failedFilter(pp, limit('53999.99', '1'), env)).toBe('PERCENT_PRICE')
    const bySide: SymbolFilter[] = [
      {
        filterType: 'PERCENT_PRICE_BY_SIDE',
        bidMultiplierUp: '1.01',
        bidMultiplierDown: '0.5',
        askMultiplierUp: '2',
        askMultiplierDown: '0.99',
        avgPriceMins: 1,
      },
    ]
    expect(failedFilter(bySide, limit('60600', '1'), env)).toBeUndefined()
    expect(failedFilter(bySide, limit('60600.01', '1'), env)).toBe('PERCENT_PRICE_BY_SIDE')
    const ask = { ...limit('59399.99', '1'), side: 'SELL' as const }
    expect(failedFilter(bySide, ask, env)).toBe('PERCENT_PRICE_BY_SIDE')
  })

  it('checks MIN_NOTIONAL, with MARKET orders priced at the reference only when applyToMarket', () => {
    const f = (applyToMarket: boolean): SymbolFilter[] => [
      { filterType: 'MIN_NOTIONAL', minNotional: '10', applyToMarket, avgPriceMins: 5 },
    ]
    expect(failedFilter(f(true), limit('100', '0.0999'), env)).toBe('MIN_NOTIONAL')
    expect(failedFilter(f(true), market('0.0001'), env)).toBe('MIN_NOTIONAL')
    expect(failedFilter(f(false), market('0.0001'), env)).toBeUndefined()
    expect(failedFilter(f(true), market('0.0002'), env)).toBeUndefined()
  })

  it('checks ICEBERG_PARTS and LOT_SIZE of icebergQty', () => {
    const f: SymbolFilter[] = [
      { filterType: 'LOT_SIZE', minQty: '0.1', maxQty: '100', stepSize: '0.1' },
      { filterType: 'ICEBERG_PARTS', limit: 10 },
    ]
    const iceberg = (qty: string, part: string) => ({ ...limit('100', qty), icebergQty: M(part) })
    expect(failedFilter(f, iceberg('1', '0.1'), env)).toBeUndefined()
    expect(failedFilter(f, iceberg('1.1', '0.1'), env)).toBe('ICEBERG_PARTS')
    expect(failedFilter(f, iceberg('1', '0.15'), env)).toBe('LOT_SIZE')
  })

  it('checks MAX_POSITION on BUY orders only, counting the current position', () => {
    const f: SymbolFilter[] = [{ filterType: 'MAX_POSITION', maxPosition: '2' }]
    const holding = { ...env, position: () => M('1.5') }
    expect(failedFilter(f, limit('100', '0.5'), holding)).toBeUndefined()
    expect(failedFilter(f, limit('100', '0.50001'), holding)).toBe('MAX_POSITION')
    expect(failedFilter(f, { ...limit('100', '5'), side: 'SELL' }, holding)).toBeUndefined()
    expect(failedFilter(f, limit('100', '0.1'), { ...env, position: () => M('2.1') })).toBe('MAX_POSITION')
  })

  it('checks TRAILING_DELTA with the Above range for BUY stop-loss / SELL take-profit, else Below', () => {
    const f: SymbolFilter[] = [
      {
        filterType: 'TRAILING_DELTA',
        minTrailingAboveDelta: 10,
        maxTrailingAboveDelta: 2000,
        minTrailingBelowDelta: 20,
        maxTrailingBelowDelta: 1000,
      },
    ]
    const trail = (
      type: 'STOP_LOSS' | 'TAKE_PROFIT',
      side: 'BUY' | 'SELL',
      delta: number,
    ): FilterSubject => ({
      ...market('1'),
      type,
      side,
      trailingDelta: delta,
    })
    expect(failedFilter(f, trail('STOP_LOSS', 'BUY', 10), env)).toBeUndefined()
    expect(failedFilter(f, trail('STOP_LOSS', 'BUY', 2000), env)).toBeUndefined()
    expect(failedFilter(f, trail('TAKE_PROFIT', 'SELL', 1500), env)).toBeUndefined()
    expect(failedFilter(f, trail('STOP_LOSS', 'SELL', 10), env)).toBe('TRAILING_DELTA')
    expect(failedFilter(f, trail('TAKE_PROFIT', 'BUY', 1001), env)).toBe('TRAILING_DELTA')
    expect(failedFilter(f, trail('TAKE_PROFIT', 'BUY', 1000), env)).toBeUndefined()
  })
})
