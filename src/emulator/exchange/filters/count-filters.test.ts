import { describe, expect, it } from 'vitest'
import type { AssetFilter, ExchangeFilter, SymbolFilter } from '../../../protocol/results.js'
import { toUnits } from '../../engine/decimal.js'
import { failsMaxAsset } from './asset-filters.js'
import { failedExchangeCount, failedSymbolCount } from './count-filters.js'
import { additionOf, countOpen, type OpenCounts } from './open-counts.js'

const open = (orders: number, algoOrders = 0, icebergOrders = 0, orderLists = 0): OpenCounts => ({
  orders,
  algoOrders,
  icebergOrders,
  orderLists,
})

const SYMBOL: SymbolFilter[] = [
  { filterType: 'MAX_NUM_ORDERS', maxNumOrders: 3 },
  { filterType: 'MAX_NUM_ALGO_ORDERS', maxNumAlgoOrders: 1 },
  { filterType: 'MAX_NUM_ICEBERG_ORDERS', maxNumIcebergOrders: 1 },
  { filterType: 'MAX_NUM_ORDER_LISTS', maxNumOrderLists: 1 },
]

describe('count filters', () => {
  it('counts open orders, algo orders, icebergs and distinct lists', () => {
    expect(
      countOpen([
        { type: 'LIMIT' },
        { type: 'STOP_LOSS_LIMIT', orderListId: 4 },
        { type: 'LIMIT_MAKER', orderListId: 4 },
        { type: 'LIMIT', icebergQty: 5 },
        { type: 'TAKE_PROFIT', icebergQty: 0 },
      ]),
    ).toEqual(open(5, 2, 1, 1))
  })

  it('rejects when open + added exceeds a symbol limit, naming the first filter in order', () => {
    const one = additionOf([{ type: 'LIMIT' }])
    expect(failedSymbolCount(SYMBOL, open(2), one)).toBeUndefined()
    expect(failedSymbolCount(SYMBOL, open(3), one)).toBe('MAX_NUM_ORDERS')
    const stop = additionOf([{ type: 'STOP_LOSS' }])
    expect(failedSymbolCount(SYMBOL, open(1, 1), stop)).toBe('MAX_NUM_ALGO_ORDERS')
    expect(failedSymbolCount(SYMBOL, open(1, 1), one)).toBeUndefined()
    const iceberg = additionOf([{ type: 'LIMIT', icebergQty: 1n }])
    expect(failedSymbolCount(SYMBOL, open(1, 0, 1), iceberg)).toBe('MAX_NUM_ICEBERG_ORDERS')
    const oco = additionOf([{ type: 'STOP_LOSS_LIMIT' }, { type: 'LIMIT_MAKER' }], true)
    expect(oco).toEqual(open(2, 1, 0, 1))
    expect(failedSymbolCount(SYMBOL, open(1), oco)).toBeUndefined()
    expect(failedSymbolCount(SYMBOL, open(2), oco)).toBe('MAX_NUM_ORDERS')
    expect(failedSymbolCount(SYMBOL, open(0, 0, 0, 1), additionOf([{ type: 'LIMIT' }], true))).toBe(
      'MAX_NUM_ORDER_LISTS',
    )
  })

  it('checks the exchange filters on the account total', () => {
    const filters: ExchangeFilter[] = [
      { filterType: 'EXCHANGE_MAX_NUM_ORDERS', maxNumOrders: 10 },
      { filterType: 'EXCHANGE_MAX_NUM_ALGO_ORDERS', maxNumAlgoOrders: 2 },
      { filterType: 'EXCHANGE_MAX_NUM_ICEBERG_ORDERS', maxNumIcebergOrders: 2 },
      { filterType: 'EXCHANGE_MAX_NUM_ORDER_LISTS', maxNumOrderLists: 2 },
    ]
    expect(failedExchangeCount(filters, open(9), open(1))).toBeUndefined()
    expect(failedExchangeCount(filters, open(10), open(1))).toBe('EXCHANGE_MAX_NUM_ORDERS')
    expect(failedExchangeCount(filters, open(2, 2), open(1, 1))).toBe('EXCHANGE_MAX_NUM_ALGO_ORDERS')
    expect(failedExchangeCount(filters, open(2, 0, 2), open(1, 0, 1))).toBe('EXCHANGE_MAX_NUM_ICEBERG_ORDERS')
    expect(failedExchangeCount(filters, open(2, 0, 0, 2), open(2, 0, 0, 1))).toBe(
      'EXCHANGE_MAX_NUM_ORDER_LISTS',
    )
  })

  it('MAX_ASSET caps the base quantity and the quote notional of one order', () => {
    const M = (s: string) => toUnits(s, 8)
    const filters: AssetFilter[] = [
      { filterType: 'MAX_ASSET', asset: 'BTC', limit: '1.00000000' },
      { filterType: 'MAX_ASSET', asset: 'USDT', limit: '50000.00000000' },
    ]
    const order = (qty: string, price: string) => ({
      baseAsset: 'BTC',
      quoteAsset: 'USDT',
      quantity: M(qty),
      notional: M(qty) * M(price),
    })
    expect(failsMaxAsset(filters, order('1', '50000'))).toBe(false)
    expect(failsMaxAsset(filters, order('1.00001', '100'))).toBe(true)
    expect(failsMaxAsset(filters, order('0.9', '60000'))).toBe(true)
    expect(failsMaxAsset(filters, { ...order('5', '1'), baseAsset: 'ETH' })).toBe(false)
  })
})
