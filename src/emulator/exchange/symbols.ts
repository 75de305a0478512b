// Turns SymbolOptions into what the emulator serves (exchangeInfo's symbol object) and trades
// (the engine's integer units), rejecting configurations this emulator cannot honour: a ShapeError whose path is the
// field's within the symbol's options.
import { type OrderType, STP, type SymbolTradingStatus } from '../../protocol/enums.js'
import { ShapeError } from '../../protocol/json-check.js'
import type { SymbolFilter, SymbolInfo } from '../../protocol/results.js'
import { DECIMAL_PATTERN, formatUnits, MONEY_SCALE, significantDecimals, toUnits } from '../engine/decimal.js'
import type { LotRules, MarketSpec } from '../engine/market.js'
import { filterFields } from './filter-fields.js'
import type { SymbolOptions } from './options.js'

/** Order types the engine implements. */
const SUPPORTED_ORDER_TYPES: readonly OrderType[] = [
  'LIMIT',
  'LIMIT_MAKER',
  'MARKET',
  'STOP_LOSS',
  'STOP_LOSS_LIMIT',
  'TAKE_PROFIT',
  'TAKE_PROFIT_LIMIT',
]

/** A symbol's exchangeInfo entry as the emulator serves it: never `CANCEL_ONLY`, a status it does not emulate. */
type ServedSymbolInfo = SymbolInfo & { status: SymbolTradingStatus }

/** A configured symbol: its exchangeInfo entry, its engine units and its synthetic liquidity. */
export interface ListedSymbol {
  readonly info: ServedSymbolInfo
  readonly spec: MarketSpec
  /** Reference price in price units. */
  readonly referencePrice: number
  /** Size of one synthetic liquidity level, in quantity units. */
  readonly liquidityQty: number
  /** The configuration it was listed from. */
  readonly options: SymbolOptions
}

type FilterOf<T extends SymbolFilter['filterType']> = Extract<SymbolFilter, { filterType: T }>

export function findFilter<T extends SymbolFilter['filterType']>(
  filters: readonly SymbolFilter[],
  type: T,
): FilterOf<T> | undefined {
  return filters.find((f): f is FilterOf<T> => f.filterType === type)
}

export function listSymbol(o: SymbolOptions): ListedSymbol {
  const fail = (path: string, problem: string): never => {
    throw new ShapeError(path, problem, `symbol ${o.symbol}: ${path}: ${problem}`)
  }
  const filterPath = (f: SymbolFilter, field: string) => `filters[${o.filters.indexOf(f)}].${field}`
  const priceFilter = findFilter(o.filters, 'PRICE_FILTER') ?? fail('filters', 'needs a PRICE_FILTER filter')
  const lotSize = findFilter(o.filters, 'LOT_SIZE') ?? fail('filters', 'needs a LOT_SIZE filter')
  const marketLotSize = findFilter(o.filters, 'MARKET_LOT_SIZE')
  const orderTypes = o.orderTypes ?? [...SUPPORTED_ORDER_TYPES]
  for (const [i, t] of orderTypes.entries()) {
    if (!SUPPORTED_ORDER_TYPES.includes(t)) fail(`orderTypes[${i}]`, `order type ${t} is not supported`)
  }
  const stpModes = o.allowedSelfTradePreventionModes ?? [...STP]
  const texts: [string, string][] = [
    ['referencePrice', o.referencePrice],
    [filterPath(priceFilter, 'tickSize'), priceFilter.tickSize],
    [filterPath(lotSize, 'stepSize'), lotSize.stepSize],
    ['liquidityQty', o.liquidityQty ?? '0'],
  ]
  for (const [path, text] of texts) if (!DECIMAL_PATTERN.test(text)) fail(path, `'${text}' is not a decimal`)

  const baseAssetPrecision = o.baseAssetPrecision ?? 8
  const quotePrecision = o.quotePrecision ?? 8
  const prices = isZero(priceFilter.tickSize)
    ? {
        scale: quotePrecision,
        why: `PRICE_FILTER tickSize 0 (no tick: prices take quotePrecision's ${quotePrecision} decimals)`,
      }
    : unitOf('PRICE_FILTER tickSize', priceFilter.tickSize)
  const steps = [lotSize, marketLotSize ?? lotSize]
    .map((f) => unitOf(`${f.filterType} stepSize`, f.stepSize))
    .filter((u) => !isZero(u.text))
    .sort((a, b) => b.scale - a.scale)
  const quantities = steps[0] ?? {
    scale: baseAssetPrecision,
    why: `LOT_SIZE stepSize 0 (no step: quantities take baseAssetPrecision's ${baseAssetPrecision} decimals)`,
  }
  const priceScale = prices.scale
  const qtyScale = quantities.scale
  // The engine keeps price × quantity in money units (10^-8): both units must fit in them.
  if (priceScale + qtyScale > MONEY_SCALE) {
    fail(
      'filters',
      `need ${priceScale + qtyScale} decimals for price × quantity, at most ${MONEY_SCALE} are supported: ${prices.why} and ${quantities.why}`,
    )
  }
  const units = (text: string, scale: number, path: string): number => {
    const n = Number(toUnits(text, scale))
    return Number.isSafeInteger(n) ? n : fail(path, `'${text}' is too large for the engine's integer units`)
  }
  const lotRules = (f: { minQty: string; maxQty: string; stepSize: string } & SymbolFilter): LotRules => ({
    step: units(f.stepSize, qtyScale, filterPath(f, 'stepSize')),
    min: units(f.minQty, qtyScale, filterPath(f, 'minQty')),
    max: units(f.maxQty, qtyScale, filterPath(f, 'maxQty')),
  })
  const lot = lotRules(lotSize)
  const spec: MarketSpec = {
    symbol: o.symbol,
    baseAsset: o.baseAsset,
    quoteAsset: o.quoteAsset,
    priceScale,
    qtyScale,
    lot,
    marketLot: marketLotSize ? lotRules(marketLotSize) : { step: 0, min: 0, max: 0 },
  }
  const info: ServedSymbolInfo = {
    symbol: o.symbol,
    status: o.status ?? 'TRADING',
    baseAsset: o.baseAsset,
    baseAssetPrecision,
    quoteAsset: o.quoteAsset,
    quotePrecision,
    quoteAssetPrecision: o.quoteAssetPrecision ?? quotePrecision,
    baseCommissionPrecision: o.baseCommissionPrecision ?? baseAssetPrecision,
    quoteCommissionPrecision: o.quoteCommissionPrecision ?? quotePrecision,
    orderTypes,
    icebergAllowed: o.icebergAllowed ?? true,
    ocoAllowed: o.ocoAllowed ?? true,
    otoAllowed: o.otoAllowed ?? true,
    opoAllowed: o.opoAllowed ?? true,
    quoteOrderQtyMarketAllowed: o.quoteOrderQtyMarketAllowed ?? true,
    allowTrailingStop: o.allowTrailingStop ?? true,
    cancelReplaceAllowed: o.cancelReplaceAllowed ?? true,
    amendAllowed: o.amendAllowed ?? true,
    pegInstructionsAllowed: o.pegInstructionsAllowed ?? true,
    isSpotTradingAllowed: o.isSpotTradingAllowed ?? true,
    isMarginTradingAllowed: o.isMarginTradingAllowed ?? false,
    filters: o.filters.map(shownFilter),
    permissions: [],
    permissionSets: o.permissionSets ?? [['SPOT']],
    defaultSelfTradePreventionMode: o.defaultSelfTradePreventionMode ?? 'NONE',
    allowedSelfTradePreventionModes: stpModes,
  }
  const liquidityQty = o.liquidityQty ? units(o.liquidityQty, qtyScale, 'liquidityQty') : lot.min * 1000
  const referencePrice = units(o.referencePrice, priceScale, 'referencePrice')
  return { info, spec, referencePrice, liquidityQty, options: o }
}

/** The unit a tick or step gives: its decimals, and what they come from. */
function unitOf(name: string, text: string): { text: string; scale: number; why: string } {
  const scale = significantDecimals(text)
  return { text, scale, why: `${name} ${text} (${scale} decimals)` }
}

/** A filter as exchangeInfo shows it: prices, quantities and notionals with 8 decimals, as Binance shows them. */
function shownFilter(f: SymbolFilter): SymbolFilter {
  const shown: Record<string, unknown> = { ...f }
  for (const [field, kind] of Object.entries(filterFields(f.filterType) ?? {})) {
    const text = shown[field]
    if (kind === 'money' && typeof text === 'string' && DECIMAL_PATTERN.test(text)) {
      shown[field] = formatUnits(toUnits(text, MONEY_SCALE), MONEY_SCALE)
    }
  }
  return shown as SymbolFilter
}

function isZero(text: string): boolean {
  return /^0*(\.0*)?$/.test(text)
}
