// What a new symbol's fields must satisfy together (a config file's `symbols` entry, the control API's addSymbol),
// and the rule of a price the synthetic market is centred on (its reference price, setReferencePrice). Journaled
// commands do not pass here: a replay lists what was listed before these rules, as it was.
import { ShapeError } from '../../protocol/json-check.js'
import { DECIMAL_PATTERN, formatUnits, MONEY_SCALE, significantDecimals, toUnits } from '../engine/decimal.js'
import type { SymbolOptions } from './options.js'
import { findFilter, type ListedSymbol, listSymbol } from './symbols.js'

/**
 * Throws a ShapeError at `path`'s field (`path` is where the options are: '' at the top). `alias`: the name may differ
 * from baseAsset + quoteAsset (startEmulator's symbols: a copy of a pair under another name, trading its assets).
 */
export function checkSymbolRules(o: SymbolOptions, path: string, alias = false): void {
  const at = (field: string) => (path ? `${path}.${field}` : field)
  if (o.quoteAsset === o.baseAsset) {
    throw new ShapeError(at('quoteAsset'), `must differ from baseAsset, got ${o.quoteAsset}`)
  }
  const name = o.baseAsset + o.quoteAsset
  if (!alias && o.symbol !== name)
    throw new ShapeError(at('symbol'), `must be baseAsset + quoteAsset (${name}), got ${o.symbol}`)
  let listed: ListedSymbol
  try {
    listed = listSymbol(o)
  } catch (err) {
    if (err instanceof ShapeError) throw new ShapeError(at(err.path), err.problem)
    throw err
  }
  const problem = priceProblem(o.referencePrice, listed)
  if (problem) throw new ShapeError(at('referencePrice'), problem)
  checkQuantityBounds(o, listed.spec.qtyScale, at)
}

/**
 * LOT_SIZE's and MARKET_LOT_SIZE's minQty and maxQty are in the engine's quantity unit: a quantity the filter would
 * accept (minQty + a multiple of stepSize) must be one the engine can hold, or it would be truncated.
 */
function checkQuantityBounds(o: SymbolOptions, qtyScale: number, at: (field: string) => string): void {
  for (const [i, f] of o.filters.entries()) {
    if (f.filterType !== 'LOT_SIZE' && f.filterType !== 'MARKET_LOT_SIZE') continue
    for (const field of ['minQty', 'maxQty'] as const) {
      if (significantDecimals(f[field]) <= qtyScale) continue
      const unit = formatUnits(1n, qtyScale, qtyScale)
      throw new ShapeError(
        at(`filters[${i}].${field}`),
        `must be a multiple of ${unit}, the quantity unit (quantities count in the finest stepSize's decimals), got ${f[field]}`,
      )
    }
  }
}

/**
 * Why `price` cannot be `listed`'s reference price (a decimal > 0, on the tick — or, with tickSize 0, in the price
 * unit —, within PRICE_FILTER's non-zero bounds, in the engine's units); undefined when it can.
 */
export function priceProblem(price: string, listed: ListedSymbol): string | undefined {
  if (!DECIMAL_PATTERN.test(price)) return `must be a decimal such as "100.5", got ${JSON.stringify(price)}`
  const filter = findFilter(listed.options.filters, 'PRICE_FILTER')
  const { priceScale } = listed.spec
  const money = (text: string) => toUnits(text, MONEY_SCALE)
  if (money(price) === 0n && significantDecimals(price) <= MONEY_SCALE) return `must be > 0, got ${price}`
  const tick = filter ? money(filter.tickSize) : 0n
  if (significantDecimals(price) > priceScale || (tick > 0n && money(price) % tick !== 0n)) {
    return tick > 0n
      ? `must be a multiple of PRICE_FILTER tickSize ${filter?.tickSize}, got ${price}`
      : `must have at most ${priceScale} decimals (PRICE_FILTER tickSize 0: prices take quotePrecision's), got ${price}`
  }
  const min = filter ? money(filter.minPrice) : 0n
  const max = filter ? money(filter.maxPrice) : 0n
  if (min > 0n && money(price) < min)
    return `must be at least PRICE_FILTER minPrice ${filter?.minPrice}, got ${price}`
  if (max > 0n && money(price) > max)
    return `must be at most PRICE_FILTER maxPrice ${filter?.maxPrice}, got ${price}`
  if (!Number.isSafeInteger(Number(toUnits(price, priceScale)))) {
    return `is too large for the engine's integer units, got ${price}`
  }
  return undefined
}
