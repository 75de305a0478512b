// Symbol filters checked before an order reaches the matching engine, with exact decimals (10^-8 units).
import type { OrderType, Side } from '../protocol/enums.js'
import type { SymbolFilter } from '../protocol/results.js'
import { MONEY_SCALE, pow10, toUnits } from './engine/decimal.js'

/** The order as the filters see it; amounts in 10^-8 units, undefined when not part of the order. */
export interface FilterSubject {
  readonly side: Side
  readonly type: OrderType
  readonly price: bigint | undefined
  readonly quantity: bigint | undefined
  readonly quoteOrderQty: bigint | undefined
  readonly icebergQty: bigint | undefined
}

/** Account and market state some filters need. */
export interface FilterEnv {
  /** The average price over `mins` minutes (10^-8 units): MARKET notional and PERCENT_PRICE use it. */
  avgPrice(mins: number): bigint
  /** Open orders of the account on the symbol. */
  readonly openOrders: number
  /** free + locked base, plus the quantity of the account's open BUY orders (10^-8 units). */
  position(): bigint
}

const ONE = pow10(MONEY_SCALE)
const d = (text: string) => toUnits(text, MONEY_SCALE)

/** The `filterType` of the first filter the order fails, in the symbol's filter order. */
export function failedFilter(
  filters: readonly SymbolFilter[],
  o: FilterSubject,
  env: FilterEnv,
): SymbolFilter['filterType'] | undefined {
  for (const f of filters) if (!passes(f, o, env)) return f.filterType
  return undefined
}

function passes(f: SymbolFilter, o: FilterSubject, env: FilterEnv): boolean {
  const isMarket = o.type === 'MARKET'
  switch (f.filterType) {
    case 'PRICE_FILTER':
      return o.price === undefined || inRange(o.price, d(f.minPrice), d(f.maxPrice), d(f.tickSize), 0n)
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
    case 'LOT_SIZE':
      return [o.quantity, o.icebergQty].every(
        (q) => q === undefined || inRange(q, d(f.minQty), d(f.maxQty), d(f.stepSize), d(f.minQty)),
      )
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
    case 'MAX_NUM_ORDERS':
      return env.openOrders < f.maxNumOrders
    case 'MAX_POSITION':
      return o.side !== 'BUY' || env.position() + (o.quantity ?? 0n) <= d(f.maxPosition)
    case 'MAX_NUM_ALGO_ORDERS':
    case 'MAX_NUM_ICEBERG_ORDERS':
    case 'TRAILING_DELTA':
    case 'MAX_NUM_ORDER_AMENDS':
    case 'MAX_NUM_ORDER_LISTS':
      return true
    default:
      return unknownFilter(f)
  }
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

/** price × quantity at 10^-16 units: the quote amount for MARKET by quoteOrderQty, the average price for MARKET. */
function notional(o: FilterSubject, env: FilterEnv, mins: number): bigint | undefined {
  if (o.quoteOrderQty !== undefined) return o.quoteOrderQty * ONE
  if (o.quantity === undefined) return undefined
  const price = o.type === 'MARKET' ? env.avgPrice(mins) : o.price
  return price === undefined ? undefined : price * o.quantity
}

function unknownFilter(f: never): boolean {
  throw new TypeError(`unknown filter ${JSON.stringify(f)}`)
}
