// The fields of every symbol filter type Binance has (filters.md "Symbol filters"), each with its kind: what a
// config file's or addSymbol's filter must give, and how exchangeInfo shows it.
import type { SymbolFilter, SymbolFilterType } from '../../protocol/results.js'

/**
 * money: a price, quantity or notional, shown with 8 decimals; ratio: a multiplier, shown as given; count: an
 * integer ≥ 1; whole: an integer ≥ 0; flag: true or false.
 */
export type FilterFieldKind = 'money' | 'ratio' | 'count' | 'whole' | 'flag'

type FieldsOf<T extends SymbolFilterType> = Exclude<
  keyof Extract<SymbolFilter, { filterType: T }>,
  'filterType'
>

const LOT = { minQty: 'money', maxQty: 'money', stepSize: 'money' } as const

/** A filter type added to SymbolFilter and not here does not compile. */
export const FILTER_FIELDS: {
  readonly [T in SymbolFilterType]: { readonly [K in FieldsOf<T>]: FilterFieldKind }
} = {
  PRICE_FILTER: { minPrice: 'money', maxPrice: 'money', tickSize: 'money' },
  PERCENT_PRICE: { multiplierUp: 'ratio', multiplierDown: 'ratio', avgPriceMins: 'whole' },
  PERCENT_PRICE_BY_SIDE: {
    bidMultiplierUp: 'ratio',
    bidMultiplierDown: 'ratio',
    askMultiplierUp: 'ratio',
    askMultiplierDown: 'ratio',
    avgPriceMins: 'whole',
  },
  LOT_SIZE: LOT,
  MIN_NOTIONAL: { minNotional: 'money', applyToMarket: 'flag', avgPriceMins: 'whole' },
  NOTIONAL: {
    minNotional: 'money',
    applyMinToMarket: 'flag',
    maxNotional: 'money',
    applyMaxToMarket: 'flag',
    avgPriceMins: 'whole',
  },
  ICEBERG_PARTS: { limit: 'count' },
  MARKET_LOT_SIZE: LOT,
  MAX_NUM_ORDERS: { maxNumOrders: 'count' },
  MAX_NUM_ALGO_ORDERS: { maxNumAlgoOrders: 'count' },
  MAX_NUM_ICEBERG_ORDERS: { maxNumIcebergOrders: 'count' },
  MAX_POSITION: { maxPosition: 'money' },
  TRAILING_DELTA: {
    minTrailingAboveDelta: 'whole',
    maxTrailingAboveDelta: 'whole',
    minTrailingBelowDelta: 'whole',
    maxTrailingBelowDelta: 'whole',
  },
  MAX_NUM_ORDER_AMENDS: { maxNumOrderAmends: 'count' },
  MAX_NUM_ORDER_LISTS: { maxNumOrderLists: 'count' },
}

/** The kinds of `type`'s fields by name; undefined for a type Binance does not have. */
export function filterFields(type: string): Readonly<Record<string, FilterFieldKind>> | undefined {
  return Object.hasOwn(FILTER_FIELDS, type) ? FILTER_FIELDS[type as SymbolFilterType] : undefined
}
