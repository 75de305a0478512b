// The shape of a symbol's options (`SymbolOptions`), checked field by field: a config file's `symbols` entries and
// the control API's `addSymbol` take the same fields with the same checks.
import { ORDER_TYPE, PERMISSIONS, STP, SYMBOL_TRADING_STATUS } from '../../protocol/enums.js'
import { isObject } from '../../protocol/envelope.js'
import {
  arrayOf,
  boolean,
  type Check,
  decimal,
  either,
  integer,
  object,
  oneOf,
  ShapeError,
  string,
  whole,
} from '../../protocol/json-check.js'
import type { SymbolFilter } from '../../protocol/results.js'
import type { ReferencePriceOptions } from './market-data/reference-options.js'
import type { SymbolOptions } from './options.js'

const referencePriceCalculation: Check<ReferencePriceOptions> = (v, path) => {
  const type = oneOf(['ARITHMETIC_MEAN', 'EXTERNAL'] as const)(
    isObject(v) ? v['calculationType'] : undefined,
    `${path}.calculationType`,
  )
  if (type === 'ARITHMETIC_MEAN') {
    const need = ['calculationType', 'bucketCount', 'bucketWidthMs'] as const
    const shape = { calculationType: string, bucketCount: integer(1, 10_000), bucketWidthMs: whole }
    return object(shape, [...need])(v, path) as ReferencePriceOptions
  }
  const price = either(decimal, (x, at) => (x === null ? null : decimal(x, at)))
  const shape = { calculationType: string, externalCalculationId: whole, price }
  return object(shape, ['calculationType', 'externalCalculationId', 'price'])(
    v,
    path,
  ) as ReferencePriceOptions
}

const filter: Check<SymbolFilter> = (v, path) => {
  if (!isObject(v) || typeof v['filterType'] !== 'string') {
    throw new ShapeError(path, 'must be a filter object with a filterType')
  }
  const needs: Record<string, readonly string[]> = {
    PRICE_FILTER: ['minPrice', 'maxPrice', 'tickSize'],
    LOT_SIZE: ['minQty', 'maxQty', 'stepSize'],
  }
  for (const key of needs[v['filterType']] ?? []) decimal(v[key], `${path}.${key}`)
  return v as SymbolFilter
}

const filters: Check<SymbolFilter[]> = (v, path) => {
  const list = arrayOf(filter)(v, path)
  for (const type of ['PRICE_FILTER', 'LOT_SIZE']) {
    if (!list.some((f) => f.filterType === type)) {
      throw new ShapeError(path, `needs a ${type} filter`)
    }
  }
  return list
}

const precision = integer(0, 20)

/** Every field a `symbols` entry takes, with its check. */
export const SYMBOL_FIELDS = {
  symbol: string,
  baseAsset: string,
  quoteAsset: string,
  referencePrice: decimal,
  filters,
  status: oneOf(SYMBOL_TRADING_STATUS),
  baseAssetPrecision: precision,
  quotePrecision: precision,
  quoteAssetPrecision: precision,
  baseCommissionPrecision: precision,
  quoteCommissionPrecision: precision,
  orderTypes: arrayOf(oneOf(ORDER_TYPE)),
  quoteOrderQtyMarketAllowed: boolean,
  isSpotTradingAllowed: boolean,
  isMarginTradingAllowed: boolean,
  permissionSets: arrayOf(arrayOf(oneOf(PERMISSIONS))),
  defaultSelfTradePreventionMode: oneOf(STP),
  allowedSelfTradePreventionModes: arrayOf(oneOf(STP)),
  liquidityQty: decimal,
  icebergAllowed: boolean,
  ocoAllowed: boolean,
  otoAllowed: boolean,
  opoAllowed: boolean,
  allowTrailingStop: boolean,
  cancelReplaceAllowed: boolean,
  amendAllowed: boolean,
  pegInstructionsAllowed: boolean,
  referencePriceCalculation,
  priceRange: object({
    bidLimitMultUp: decimal,
    bidLimitMultDown: decimal,
    askLimitMultUp: decimal,
    askLimitMultDown: decimal,
  }),
  bnbDiscountEnabled: boolean,
} satisfies { [K in keyof SymbolOptions]-?: Check<unknown> }

/** The fields a `symbols` entry must have. */
export const SYMBOL_REQUIRED = ['symbol', 'baseAsset', 'quoteAsset', 'referencePrice', 'filters'] as const

/** A `symbols` entry (of the config file, or the control API's `addSymbol`): every field checked, unknown ones refused. */
export const symbolOptions = object(SYMBOL_FIELDS, SYMBOL_REQUIRED)
