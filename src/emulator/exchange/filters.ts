// Symbol filters of one order, checked before it reaches the matching engine, with exact decimals
// (10^-8 units). Count filters (MAX_NUM_*) and exchange/asset filters live in filters/.
import type { OrderType, Side } from '../../protocol/enums.js'
import type { SymbolFilter } from '../../protocol/results.js'
import { MONEY_SCALE, pow10 } from '../engine/decimal.js'
import { unitsOf } from './units.js'

/** The order as the filters see it; amounts in 10^-8 units, undefined when not part of the order. */
export interface FilterSubject {
  readonly side: Side
  readonly type: OrderType
  readonly price: bigint | undefined
  readonly quantity: bigint | undefined
  readonly quoteOrderQty: bigint | undefined
  readonly icebergQty: bigint | undefined
  readonly stopPrice?: bigint | undefined
  /** In basis points. */
  readonly trailingDelta?: number | undefined
}

/** Account and market state some filters need. */
export interface FilterEnv {
  /**
   * The filters' reference price for an averaging window of `mins` minutes (10^-8 units): the
   * symbol's reference price when it has one, else the average price (docs/emulator-fidelity.md 3.12.2).
   */
  avgPrice(mins: number): bigint
  /** free + locked base, plus the quantity of the account's open BUY orders (10^-8 units). */
  position(): bigint
}

const ONE = pow10(MONEY_SCALE)
/** Filter values (few distinct texts, checked on every order) as money units. */
const filterUnits = new Map<string, bigint>()
function d(text: string): bigint {
  let n = filterUnits.get(text)
  if (n === undefined) {
    if (filterUnits.size >= 4096) filterUnits.clear()
    n = unitsOf(text, MONEY_SCALE)
    filterUnits.set(text, n)
  }
  return n
}

/** Order types that execute at the market price: no limit price of their own. */
const MARKET_LIKE: ReadonlySet<OrderType> = new Set(['MARKET', 'STOP_LOSS', 'TAKE_PROFIT'])

/** Stop types whose trailing delta uses the Above range for this side (docs/emulator-fidelity.md 3.12.12). */
const TRAILS_ABOVE: Readonly<Record<Side, ReadonlySet<OrderType>>> = {
  BUY: new Set(['STOP_LOSS', 'STOP_LOSS_LIMIT']),
  SELL: new Set(['TAKE_PROFIT', 'TAKE_PROFIT_LIMIT']),
}

/**
 * The `filterType` of the first order-level filter the order fails, in the symbol's filter order; only the types of
 * `only` when given.
 */
export function failedFilter(
  filters: readonly SymbolFilter[],
  o: FilterSubject,
  env: FilterEnv,
  only?: ReadonlySet<SymbolFilter['filterType']>,
): SymbolFilter['filterType'] | undefined {
  for (const f of filters)
    if ((only === undefined || only.has(f.filterType)) && !passes(f, o, env)) return f.filterType
  return undefined
}

function passes(f: SymbolFilter, o: FilterSubject, env: FilterEnv): boolean {
  const isMarket = MARKET_LIKE.has(o.type)
  switch (f.filterType) {
    case 'PRICE_FILTER':
      return eachInRange(o.price, o.stopPrice, d(f.minPrice), d(f.maxPrice), d(f.tickSize), 0n)
    case 'PERCENT_PRICE':
      return (
        o.price === undefined ||
        withinMultipliers(o.price, env.avgPrice(f.avgPriceMins), f.multiplierUp, f.multiplierDown)
      )
    case 'PERCENT_PRICE_BY_SIDE': {
      if (o.price === undefined) return true
      const [up, down] =
        o.side === 'BUY' ? [f.bidMultiplierUp, f.bidMultiplierDown] : [f.askMultiplierUp, f.askMultiplierDown]
      return withinMultipliers(o.price, env.avgPrice(f.avgPriceMins), up, down)
    }
    case 'LOT_SIZE': {
      const min = d(f.minQty)
      return eachInRange(o.quantity, o.icebergQty, min, d(f.maxQty), d(f.stepSize), min)
    }
    case 'MARKET_LOT_SIZE':
      return (
        !isMarket ||
        o.quantity === undefined ||
        inRange(o.quantity, d(f.minQty), d(f.maxQty), d(f.stepSize), d(f.minQty))
      )
    case 'MIN_NOTIONAL': {
      if (isMarket && !f.applyToMarket) return true
      const n = notional(o, env, f.avgPriceMins)
      return n === undefined || n >= d(f.minNotional) * ONE
    }
    case 'NOTIONAL': {
      const n = notional(o, env, f.avgPriceMins)
      if (n === undefined) return true
      const max = d(f.maxNotional) * ONE
      if ((!isMarket || f.applyMinToMarket) && n < d(f.minNotional) * ONE) return false
      return (isMarket && !f.applyMaxToMarket) || max === 0n || n <= max
    }
    case 'ICEBERG_PARTS': {
      if (o.icebergQty === undefined || o.quantity === undefined || o.icebergQty === 0n) return true
      return (o.quantity + o.icebergQty - 1n) / o.icebergQty <= BigInt(f.limit)
    }
    case 'MAX_POSITION': {
      if (o.side !== 'BUY') return true
      const position = env.position()
      const max = d(f.maxPosition)
      return position <= max && position + (o.quantity ?? 0n) <= max
    }
    case 'TRAILING_DELTA': {
      if (o.trailingDelta === undefined) return true
      const above = TRAILS_ABOVE[o.side].has(o.type)
      const [min, max] = above
        ? [f.minTrailingAboveDelta, f.maxTrailingAboveDelta]
        : [f.minTrailingBelowDelta, f.maxTrailingBelowDelta]
      return o.trailingDelta >= min && o.trailingDelta <= max
    }
    case 'MAX_NUM_ORDERS':
    case 'MAX_NUM_ALGO_ORDERS':
    case 'MAX_NUM_ICEBERG_ORDERS':
    case 'MAX_NUM_ORDER_AMENDS':
    case 'MAX_NUM_ORDER_LISTS':
      return true
    default:
      return unknownFilter(f)
  }
}

/** inRange of `a` and of `b`, each when present. */
function eachInRange(
  a: bigint | undefined,
  b: bigint | undefined,
  min: bigint,
  max: bigint,
  step: bigint,
  base: bigint,
): boolean {
  return (
    (a === undefined || inRange(a, min, max, step, base)) &&
    (b === undefined || inRange(b, min, max, step, base))
  )
}

/** min ≤ v ≤ max and (v − base) a multiple of step; a zero bound or step is not checked. */
function inRange(v: bigint, min: bigint, max: bigint, step: bigint, base: bigint): boolean {
  if (min > 0n && v < min) return false
  if (max > 0n && v > max) return false
  return step === 0n || (v - base) % step === 0n
}

function withinMultipliers(price: bigint, ref: bigint, up: string, down: string): boolean {
  const scaled = price * ONE
  return scaled <= ref * d(up) && scaled >= ref * d(down)
}

/**
 * price × quantity at 10^-16 units: quoteOrderQty for an order by quote quantity; the reference
 * price for market-like orders.
 */
export function notional(o: FilterSubject, env: FilterEnv, mins: number): bigint | undefined {
  if (o.quoteOrderQty !== undefined) return o.quoteOrderQty * ONE
  if (o.quantity === undefined) return undefined
  const price = MARKET_LIKE.has(o.type) ? env.avgPrice(mins) : o.price
  return price === undefined ? undefined : price * o.quantity
}

function unknownFilter(f: never): boolean {
  throw new TypeError(`unknown filter ${JSON.stringify(f)}`)
}
