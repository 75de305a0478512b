// Order entry after authentication: symbol status and features, permissions, self-trade prevention,
// filters; then the engine command in the symbol's units.
import type { OrderType } from '../../../protocol/enums.js'
import { ME_MESSAGES } from '../../../protocol/errors.js'
import { MONEY_SCALE } from '../../engine/decimal.js'
import type { PlaceCommand } from '../../engine/engine.js'
import type { Account } from '../../exchange/account.js'
import { fail } from '../../exchange/api-failure.js'
import { checkOpenOrderLimits, checkOrderFilters } from '../../exchange/filters/check-order.js'
import { additionOf } from '../../exchange/filters/open-counts.js'
import type { FilterSubject } from '../../exchange/filters.js'
import type { ListedSymbol } from '../../exchange/symbols.js'
import { safeUnitsOf as toSafeUnits, unitsOf as toUnits } from '../format/units.js'
import { accountOf, type HandlerContext } from './context.js'
import { featureFields } from './order-features.js'
import type { OrderParams } from './order-params.js'
import { listed } from './symbol-selection.js'

const TYPE_NOT_SUPPORTED: Partial<Record<OrderType, string>> = {
  MARKET: ME_MESSAGES.MARKET_NOT_SUPPORTED,
  STOP_LOSS: ME_MESSAGES.STOP_LOSS_NOT_SUPPORTED,
  STOP_LOSS_LIMIT: ME_MESSAGES.STOP_LOSS_LIMIT_NOT_SUPPORTED,
  TAKE_PROFIT: ME_MESSAGES.TAKE_PROFIT_NOT_SUPPORTED,
  TAKE_PROFIT_LIMIT: ME_MESSAGES.TAKE_PROFIT_LIMIT_NOT_SUPPORTED,
}

const money = (v: string | undefined) => (v === undefined ? undefined : toUnits(v, MONEY_SCALE))

/** Runs every check up to (not including) the matching engine; returns the symbol. */
export function checkOrder(ctx: HandlerContext, p: OrderParams): ListedSymbol {
  const s = listed(ctx, p.symbol)
  const { info } = s
  if (info.status !== 'TRADING') fail('NEW_ORDER_REJECTED', ME_MESSAGES.MARKET_CLOSED)
  if (!info.orderTypes.includes(p.type)) {
    fail('NEW_ORDER_REJECTED', TYPE_NOT_SUPPORTED[p.type] ?? ME_MESSAGES.UNSUPPORTED_COMBINATION)
  }
  if (p.quoteOrderQty !== undefined && !info.quoteOrderQtyMarketAllowed) {
    fail('NEW_ORDER_REJECTED', ME_MESSAGES.QUOTE_QTY_NOT_SUPPORTED)
  }
  if (p.icebergQty !== undefined && !info.icebergAllowed)
    fail('NEW_ORDER_REJECTED', ME_MESSAGES.ICEBERG_NOT_SUPPORTED)
  if (p.trailingDelta !== undefined && !info.allowTrailingStop) {
    fail('NEW_ORDER_REJECTED', ME_MESSAGES.TRAILING_NOT_SUPPORTED)
  }
  const pegged =
    p.pegPriceType !== undefined || p.pegOffsetType !== undefined || p.pegOffsetValue !== undefined
  if (pegged && !info.pegInstructionsAllowed) fail('NEW_ORDER_REJECTED', ME_MESSAGES.PEG_NOT_SUPPORTED)
  const account = accountOf(ctx)
  // Every set needs one of its permissions: OR inside a set, AND across sets (DIGEST 3.1.4).
  const held = account.tradingPermissions
  if (!info.permissionSets.every((set) => set.some((x) => held.includes(x)))) {
    fail('NEW_ORDER_REJECTED', ME_MESSAGES.SYMBOL_NOT_PERMITTED)
  }
  if (account.options.restrictedSymbols?.includes(info.symbol)) {
    fail('NEW_ORDER_REJECTED', ME_MESSAGES.SYMBOL_RESTRICTED)
  }
  const stp = p.selfTradePreventionMode ?? info.defaultSelfTradePreventionMode
  if (!info.allowedSelfTradePreventionModes.includes(stp)) fail('STP_MODE_NOT_ALLOWED')
  return s
}

/** The order as the filters see it. */
export function filterSubject(p: OrderParams): FilterSubject {
  const marketLike = p.type === 'MARKET' || p.type === 'STOP_LOSS' || p.type === 'TAKE_PROFIT'
  return {
    side: p.side,
    type: p.type,
    price: marketLike ? undefined : money(p.price),
    quantity: money(p.quantity),
    quoteOrderQty: money(p.quoteOrderQty),
    icebergQty: money(p.icebergQty),
    stopPrice: money(p.stopPrice),
    trailingDelta: p.trailingDelta,
  }
}

/** Fails with -1013 if a filter rejects the order (its own filters, then the open-order counts). */
export function checkFilters(ctx: HandlerContext, account: Account, s: ListedSymbol, p: OrderParams): void {
  const subject = filterSubject(p)
  checkOrderFilters(ctx.exchange, account, s, subject, ctx.now)
  checkOpenOrderLimits(
    ctx.exchange,
    account,
    s,
    additionOf([{ type: p.type, icebergQty: subject.icebergQty }]),
  )
  const zero = (v: string | undefined) => v !== undefined && toUnits(v, MONEY_SCALE) === 0n
  if (zero(p.quantity) || zero(p.quoteOrderQty) || (p.type !== 'MARKET' && zero(p.price))) {
    fail('NEW_ORDER_REJECTED', ME_MESSAGES.PRICE_QTY_ZERO)
  }
}

/** The engine command for a checked order; `pegged` is the price a LIMIT/LIMIT_MAKER peg selected. */
export function placeCommand(
  account: Account,
  s: ListedSymbol,
  p: OrderParams,
  pegged?: number,
): PlaceCommand {
  const { priceScale, qtyScale } = s.spec
  const { type } = p
  return {
    accountId: account.id,
    symbol: s.info.symbol,
    side: p.side,
    type,
    timeInForce: p.timeInForce ?? 'GTC',
    price: p.type === 'MARKET' || p.price === undefined ? 0 : toSafeUnits(p.price, priceScale, 'price'),
    quantity: p.quantity === undefined ? 0 : toSafeUnits(p.quantity, qtyScale, 'quantity'),
    quoteOrderQty: money(p.quoteOrderQty) ?? 0n,
    clientOrderId: p.newClientOrderId,
    selfTradePreventionMode: p.selfTradePreventionMode ?? s.info.defaultSelfTradePreventionMode,
    strategyId: p.strategyId,
    strategyType: p.strategyType,
    ...featureFields(s, p, pegged),
  }
}
