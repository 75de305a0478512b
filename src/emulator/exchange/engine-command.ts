// A checked new order in the engine's integer units, and the same order as the filters see it.
import type { OrderType } from '../../protocol/enums.js'
import type { PlaceCommand } from '../engine/commands.js'
import { MONEY_SCALE } from '../engine/decimal.js'
import type { Account } from './account.js'
import type { NewOrder } from './commands.js'
import type { FilterSubject } from './filters.js'
import type { ListedSymbol } from './symbols.js'
import { priceText, safeUnitsOf, unitsOf } from './units.js'

/** Order types that execute at the market price: no limit price of their own. */
export const MARKET_LIKE: ReadonlySet<OrderType> = new Set(['MARKET', 'STOP_LOSS', 'TAKE_PROFIT'])

/** Decimal text as money units (10^-8); undefined stays undefined. */
export const money = (v: string | undefined): bigint | undefined =>
  v === undefined ? undefined : unitsOf(v, MONEY_SCALE)

/** Decimal text as units of 10^-scale, a safe integer (0 when absent). */
const units = (v: string | undefined, scale: number, param: string): number =>
  v === undefined ? 0 : safeUnitsOf(v, scale, param)

/** The order as the filters see it. */
export function filterSubject(p: NewOrder): FilterSubject {
  return {
    side: p.side,
    type: p.type,
    price: MARKET_LIKE.has(p.type) ? undefined : money(p.price),
    quantity: money(p.quantity),
    quoteOrderQty: money(p.quoteOrderQty),
    icebergQty: money(p.icebergQty),
    stopPrice: money(p.stopPrice),
    trailingDelta: p.trailingDelta,
  }
}

/** The order the filters see for a pegged order: its pegged price in place of `price`. */
export function atPeggedPrice(s: ListedSymbol, p: NewOrder, pegged: number): NewOrder {
  return { ...p, price: priceText(s.spec, pegged) }
}

/**
 * The engine command of a checked order (or list leg). A pegged order carries its peg; its price is `pegged`,
 * the price it pegged to now, else 0 until it pegs (a pending leg when it starts, a stop-limit when it triggers).
 */
export function placeCommand(account: Account, s: ListedSymbol, p: NewOrder, pegged?: number): PlaceCommand {
  const { priceScale, qtyScale } = s.spec
  const cmd: PlaceCommand = {
    accountId: account.id,
    symbol: s.info.symbol,
    side: p.side,
    type: p.type,
    timeInForce: p.timeInForce ?? 'GTC',
    price: MARKET_LIKE.has(p.type) ? 0 : units(p.price, priceScale, 'price'),
    quantity: units(p.quantity, qtyScale, 'quantity'),
    quoteOrderQty: money(p.quoteOrderQty) ?? 0n,
    clientOrderId: p.newClientOrderId,
    selfTradePreventionMode: p.selfTradePreventionMode ?? s.info.defaultSelfTradePreventionMode,
    strategyId: p.strategyId,
    strategyType: p.strategyType,
    stopPrice: units(p.stopPrice, priceScale, 'stopPrice'),
    trailingDelta: p.trailingDelta,
    icebergQty: units(p.icebergQty, qtyScale, 'icebergQty'),
  }
  if (p.pegPriceType === undefined) return cmd
  const peg = {
    priceType: p.pegPriceType,
    offsetType: p.pegOffsetType,
    offsetValue: p.pegOffsetValue,
    sentPrice: cmd.price,
  }
  return { ...cmd, peg, price: pegged ?? 0 }
}
