// The shape of a symbol's options (`SymbolOptions`), checked field by field: a config file's `symbols` entries and
// the control API's `addSymbol` take the same fields with the same checks, the filters' too (filter-fields.ts).
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
import type { SymbolFilter, SymbolFilterType } from '../../protocol/results.js'
import { MONEY_SCALE, significantDecimals, toUnits } from '../engine/decimal.js'
import { FILTER_FIELDS, type FilterFieldKind } from './filter-fields.js'
import type { ReferencePriceOptions } from './market-data/reference-options.js'
import type { SymbolOptions } from './options.js'
import { checkSymbolRules } from './symbol-rules.js'

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

/** A decimal of at most 8 places: the filters count in money units (10^-8). */
const money: Check<string> = (v, path) => {
  const text = decimal(v, path)
  if (significantDecimals(text) > MONEY_SCALE) {
    throw new ShapeError(path, `must have at most ${MONEY_SCALE} decimals, got "${text}"`)
  }
  return text
}

const KIND_CHECKS: Record<FilterFieldKind, Check<unknown>> = {
  money,
  ratio: money,
  count: integer(1, Number.MAX_SAFE_INTEGER),
  whole,
  flag: boolean,
}

/**
 * Each type's pairs of a lower and an upper bound field: the lower may not exceed the upper, or no value could pass.
 * `zeroIsNone`: a zero bound is no bound (a multiplier of 0 is a bound).
 */
const BOUNDS: Readonly<Record<string, readonly { lo: string; hi: string; zeroIsNone: boolean }[]>> = {
  PRICE_FILTER: [{ lo: 'minPrice', hi: 'maxPrice', zeroIsNone: true }],
  PERCENT_PRICE: [{ lo: 'multiplierDown', hi: 'multiplierUp', zeroIsNone: false }],
  PERCENT_PRICE_BY_SIDE: [
    { lo: 'bidMultiplierDown', hi: 'bidMultiplierUp', zeroIsNone: false },
    { lo: 'askMultiplierDown', hi: 'askMultiplierUp', zeroIsNone: false },
  ],
  LOT_SIZE: [{ lo: 'minQty', hi: 'maxQty', zeroIsNone: true }],
  MARKET_LOT_SIZE: [{ lo: 'minQty', hi: 'maxQty', zeroIsNone: true }],
  NOTIONAL: [{ lo: 'minNotional', hi: 'maxNotional', zeroIsNone: true }],
}

/** A filter of a type Binance has, with every field of that type and no other. */
const filter: Check<SymbolFilter> = (v, path) => {
  const types = Object.keys(FILTER_FIELDS) as SymbolFilterType[]
  const type = oneOf(types)(isObject(v) ? v['filterType'] : undefined, `${path}.filterType`)
  const kinds = FILTER_FIELDS[type] as Readonly<Record<string, FilterFieldKind>>
  const shape: Record<string, Check<unknown>> = { filterType: string }
  for (const [field, kind] of Object.entries(kinds)) shape[field] = KIND_CHECKS[kind]
  const f = object(shape, Object.keys(kinds))(v, path) as Record<string, string>
  for (const { lo, hi, zeroIsNone } of BOUNDS[type] ?? []) {
    const [low, high] = [lo, hi].map((field) => toUnits(f[field] ?? '0', MONEY_SCALE)) as [bigint, bigint]
    if (low > high && (!zeroIsNone || (low > 0n && high > 0n))) {
      const [at, other] = zeroIsNone ? [lo, hi] : [hi, lo]
      const relation = zeroIsNone ? 'at most' : 'at least'
      throw new ShapeError(`${path}.${at}`, `must be ${relation} ${other} ${f[other]}, got ${f[at]}`)
    }
  }
  return f as unknown as SymbolFilter
}

const filters: Check<SymbolFilter[]> = (v, path) => {
  const list = arrayOf(filter)(v, path)
  for (const [i, f] of list.entries()) {
    const first = list.findIndex((g) => g.filterType === f.filterType)
    if (first < i) {
      throw new ShapeError(
        `${path}[${i}].filterType`,
        `repeats ${f.filterType} of ${path}[${first}]: each filter type once`,
      )
    }
  }
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

const symbolFields = object(SYMBOL_FIELDS, SYMBOL_REQUIRED)

/** Binance's symbol names: what a stream name (`<symbol>@trade`, lowercase) and a REST path can carry. */
export const SYMBOL_NAME = /^[A-Z0-9_.-]{1,20}$/

/**
 * A `symbols` entry (of the config file, `startEmulator`'s options or the control API's `addSymbol`): every field
 * checked, unknown ones refused, then the fields together and the engine's units (symbol-rules.ts); `alias` as there.
 */
const symbolEntry =
  (alias: boolean): Check<SymbolOptions> =>
  (v, path) => {
    const options = symbolFields(v, path) as SymbolOptions
    checkSymbolRules(options, path, alias)
    if (!SYMBOL_NAME.test(options.symbol)) {
      throw new ShapeError(
        path ? `${path}.symbol` : 'symbol',
        `must be 1 to 20 of A-Z, 0-9, '-', '_', '.' (got '${options.symbol}')`,
      )
    }
    return options
  }

export const symbolOptions = symbolEntry(false)

/**
 * The symbols a venue starts with: each entry checked, each name once (as `addSymbol` refuses one already listed);
 * `alias` as checkSymbolRules takes it.
 */
export const symbolList =
  (alias: boolean): Check<SymbolOptions[]> =>
  (v, path) => {
    const list = arrayOf(symbolEntry(alias))(v, path)
    for (const [i, s] of list.entries()) {
      const first = list.findIndex((t) => t.symbol === s.symbol)
      if (first < i)
        throw new ShapeError(`${path}[${i}].symbol`, `${s.symbol} is already listed (${path}[${first}])`)
    }
    return list
  }
