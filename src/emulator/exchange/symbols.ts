// Turns SymbolOptions into what the emulator serves (exchangeInfo's symbol object) and trades
// (the engine's integer units), rejecting configurations this emulator cannot honour.
import { type OrderType, STP } from '../../protocol/enums.js'
import type { SymbolFilter, SymbolInfo } from '../../protocol/results.js'
import { DECIMAL_PATTERN, significantDecimals, toSafeUnits } from '../engine/decimal.js'
import type { LotRules, MarketSpec } from '../engine/market.js'
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

/** A configured symbol: its exchangeInfo entry, its engine units and its synthetic liquidity. */
export interface ListedSymbol {
  readonly info: SymbolInfo
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
  const fail = (why: string): never => {
    throw new TypeError(`symbol ${o.symbol}: ${why}`)
  }
  const priceFilter = findFilter(o.filters, 'PRICE_FILTER') ?? fail('a PRICE_FILTER filter is required')
  const lotSize = findFilter(o.filters, 'LOT_SIZE') ?? fail('a LOT_SIZE filter is required')
  const marketLotSize = findFilter(o.filters, 'MARKET_LOT_SIZE')
  const orderTypes = o.orderTypes ?? [...SUPPORTED_ORDER_TYPES]
  for (const t of orderTypes) if (!SUPPORTED_ORDER_TYPES.includes(t)) fail(`order type ${t} is not supported`)
  const stpModes = o.allowedSelfTradePreventionModes ?? [...STP]
  for (const text of [o.referencePrice, priceFilter.tickSize, lotSize.stepSize, o.liquidityQty ?? '0']) {
    if (!DECIMAL_PATTERN.test(text)) fail(`'${text}' is not a decimal`)
  }

  const baseAssetPrecision = o.baseAssetPrecision ?? 8
  const quotePrecision = o.quotePrecision ?? 8
  const priceScale = isZero(priceFilter.tickSize) ? quotePrecision : significantDecimals(priceFilter.tickSize)
  const steps = [lotSize.stepSize, marketLotSize?.stepSize ?? '0'].filter((s) => !isZero(s))
  const qtyScale = steps.length ? Math.max(...steps.map(significantDecimals)) : baseAssetPrecision
  const lotRules = (f: { minQty: string; maxQty: string; stepSize: string }): LotRules => ({
    step: toSafeUnits(f.stepSize, qtyScale),
    min: toSafeUnits(f.minQty, qtyScale),
    max: toSafeUnits(f.maxQty, qtyScale),
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
  const info: SymbolInfo = {
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
    filters: o.filters,
    permissions: [],
    permissionSets: o.permissionSets ?? [['SPOT']],
    defaultSelfTradePreventionMode: o.defaultSelfTradePreventionMode ?? 'NONE',
    allowedSelfTradePreventionModes: stpModes,
  }
  const liquidityQty = o.liquidityQty ? toSafeUnits(o.liquidityQty, qtyScale) : lot.min * 1000
  return { info, spec, referencePrice: toSafeUnits(o.referencePrice, priceScale), liquidityQty, options: o }
}

function isZero(text: string): boolean {
  return /^0*(\.0*)?$/.test(text)
}
