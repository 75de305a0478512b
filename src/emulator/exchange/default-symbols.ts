// The symbols an emulator trades when none are configured, with filters modelled on Binance spot: the list and amend
// limits every symbol has had since 2025-08-28 (spec CHANGELOG 2025-08-12) among them.
import type { SymbolFilter } from '../../protocol/results.js'
import type { SymbolOptions } from './options.js'

interface Shape {
  tickSize: string
  maxPrice: string
  stepSize: string
  maxQty: string
  marketMaxQty: string
  minNotional: string
  maxNotional: string
}

function filters(s: Shape): SymbolFilter[] {
  return [
    { filterType: 'PRICE_FILTER', minPrice: s.tickSize, maxPrice: s.maxPrice, tickSize: s.tickSize },
    { filterType: 'LOT_SIZE', minQty: s.stepSize, maxQty: s.maxQty, stepSize: s.stepSize },
    { filterType: 'ICEBERG_PARTS', limit: 100 },
    { filterType: 'MARKET_LOT_SIZE', minQty: s.stepSize, maxQty: s.marketMaxQty, stepSize: s.stepSize },
    {
      filterType: 'NOTIONAL',
      minNotional: s.minNotional,
      applyMinToMarket: true,
      maxNotional: s.maxNotional,
      applyMaxToMarket: false,
      avgPriceMins: 5,
    },
    { filterType: 'MAX_NUM_ORDERS', maxNumOrders: 200 },
    { filterType: 'MAX_NUM_ORDER_LISTS', maxNumOrderLists: 20 },
    { filterType: 'MAX_NUM_ALGO_ORDERS', maxNumAlgoOrders: 5 },
    { filterType: 'MAX_NUM_ORDER_AMENDS', maxNumOrderAmends: 10 },
  ]
}

export const DEFAULT_SYMBOLS: readonly SymbolOptions[] = [
  {
    symbol: 'BTCUSDT',
    baseAsset: 'BTC',
    quoteAsset: 'USDT',
    referencePrice: '60000.00',
    liquidityQty: '0.50000',
    filters: filters({
      tickSize: '0.01000000',
      maxPrice: '1000000.00000000',
      stepSize: '0.00001000',
      maxQty: '9000.00000000',
      marketMaxQty: '100.00000000',
      minNotional: '5.00000000',
      maxNotional: '9000000.00000000',
    }),
  },
  {
    symbol: 'ETHUSDT',
    baseAsset: 'ETH',
    quoteAsset: 'USDT',
    referencePrice: '3000.00',
    liquidityQty: '10.0000',
    filters: filters({
      tickSize: '0.01000000',
      maxPrice: '1000000.00000000',
      stepSize: '0.00010000',
      maxQty: '9000.00000000',
      marketMaxQty: '2000.00000000',
      minNotional: '5.00000000',
      maxNotional: '9000000.00000000',
    }),
  },
  {
    symbol: 'BNBUSDT',
    baseAsset: 'BNB',
    quoteAsset: 'USDT',
    referencePrice: '600.00',
    liquidityQty: '50.000',
    filters: filters({
      tickSize: '0.01000000',
      maxPrice: '100000.00000000',
      stepSize: '0.00100000',
      maxQty: '90000.00000000',
      marketMaxQty: '5000.00000000',
      minNotional: '5.00000000',
      maxNotional: '9000000.00000000',
    }),
  },
  {
    symbol: 'ETHBTC',
    baseAsset: 'ETH',
    quoteAsset: 'BTC',
    referencePrice: '0.05000',
    liquidityQty: '10.000',
    filters: filters({
      tickSize: '0.00001000',
      maxPrice: '922327.00000000',
      stepSize: '0.00100000',
      maxQty: '100000.00000000',
      marketMaxQty: '2000.00000000',
      minNotional: '0.00010000',
      maxNotional: '9000000.00000000',
    }),
  },
  {
    symbol: 'BTCUSDC',
    baseAsset: 'BTC',
    quoteAsset: 'USDC',
    referencePrice: '59990.00',
    liquidityQty: '0.20000',
    filters: filters({
      tickSize: '0.01000000',
      maxPrice: '1000000.00000000',
      stepSize: '0.00001000',
      maxQty: '9000.00000000',
      marketMaxQty: '100.00000000',
      minNotional: '5.00000000',
      maxNotional: '9000000.00000000',
    }),
  },
]
