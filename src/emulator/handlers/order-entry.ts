// Order entry after authentication: symbol status and features, permissions, self-trade prevention,
// filters; then the engine command in the symbol's units.
import type { OrderType } from '../../protocol/enums.js'
import { ME_MESSAGES } from '../../protocol/errors.js'
import type { Account } from '../account.js'
import { MONEY_SCALE, toSafeUnits, toUnits } from '../engine/decimal.js'
import type { PlaceCommand } from '../engine/engine.js'
import type { EngineOrderType } from '../engine/order.js'
import { type FilterSubject, failedFilter } from '../filters.js'
import type { ListedSymbol } from '../symbols.js'
import { fail } from '../wire/api-failure.js'
import type { HandlerContext } from './context.js'
import type { OrderParams } from './order-params.js'
import { listed } from './symbol-selection.js'

/** The account's trading permissions (every emulated account is a plain spot account). */
const ACCOUNT_PERMISSIONS: readonly string[] = ['SPOT']

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
  if (!info.permissionSets.every((set) => set.some((x) => ACCOUNT_PERMISSIONS.includes(x)))) {
    fail('NEW_ORDER_REJECTED', ME_MESSAGES.SYMBOL_NOT_PERMITTED)
  }
  const stp = p.selfTradePreventionMode ?? info.defaultSelfTradePreventionMode
  if (!info.allowedSelfTradePreventionModes.includes(stp)) fail('STP_MODE_NOT_ALLOWED')
  return s
}

/** Fails with -1013 if a filter rejects the order. */
export function checkFilters(ctx: HandlerContext, account: Account, s: ListedSymbol, p: OrderParams): void {
  const subject: FilterSubject = {
    side: p.side,
    type: p.type,
    price: p.type === 'MARKET' ? undefined : money(p.price),
    quantity: money(p.quantity),
    quoteOrderQty: money(p.quoteOrderQty),
    icebergQty: money(p.icebergQty),
  }
  const book = ctx.exchange.book(s.info.symbol)
  const failed = failedFilter(s.info.filters, subject, {
    avgPrice: (mins) => ctx.exchange.avgPrice(s.info.symbol, mins, ctx.now),
    openOrders: book.openCount(account.id),
    position: () => {
      const base = ctx.exchange.engine.ledger.holding(account.id, s.spec.baseAsset)
      let buying = 0
      for (const o of book.openOrders(account.id)) if (o.side === 'BUY') buying += o.remaining
      return base.free + base.locked + book.market.baseAmount(buying)
    },
  })
  if (failed) fail('FILTER_FAILURE', failed)
  const zero = (v: string | undefined) => v !== undefined && toUnits(v, MONEY_SCALE) === 0n
  if (zero(p.quantity) || zero(p.quoteOrderQty) || (p.type !== 'MARKET' && zero(p.price))) {
    fail('NEW_ORDER_REJECTED', ME_MESSAGES.PRICE_QTY_ZERO)
  }
}

function isEngineOrderType(t: OrderType): t is EngineOrderType {
  return t === 'LIMIT' || t === 'LIMIT_MAKER' || t === 'MARKET'
}

/** The engine command for a checked order. */
export function placeCommand(account: Account, s: ListedSymbol, p: OrderParams): PlaceCommand {
  const { priceScale, qtyScale } = s.spec
  const { type } = p
  if (!isEngineOrderType(type)) return fail('NEW_ORDER_REJECTED', ME_MESSAGES.UNSUPPORTED_COMBINATION)
  return {
    accountId: account.id,
    symbol: s.info.symbol,
    side: p.side,
    type,
    timeInForce: p.timeInForce ?? 'GTC',
    price: p.type === 'MARKET' || p.price === undefined ? 0 : toSafeUnits(p.price, priceScale),
    quantity: p.quantity === undefined ? 0 : toSafeUnits(p.quantity, qtyScale),
    quoteOrderQty: money(p.quoteOrderQty) ?? 0n,
    clientOrderId: p.newClientOrderId,
    selfTradePreventionMode: p.selfTradePreventionMode ?? s.info.defaultSelfTradePreventionMode,
    strategyId: p.strategyId,
    strategyType: p.strategyType,
  }
}
