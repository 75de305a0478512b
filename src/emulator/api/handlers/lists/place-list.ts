// Order list placement: leg params, symbol flags, unfilled order count, filters per leg and the
// list counts, the OCO price relation against the last price, then the engine (all legs or none).
import type { OrderType } from '../../../../protocol/enums.js'
import { ME_MESSAGES } from '../../../../protocol/errors.js'
import type { OrderListResponse } from '../../../../protocol/results.js'
import type { PlaceCommand } from '../../../engine/commands.js'
import { MONEY_SCALE, toSafeUnits, toUnits } from '../../../engine/decimal.js'
import type { Order } from '../../../engine/order.js'
import type { Account } from '../../../exchange/account.js'
import { fail, failWithData } from '../../../exchange/api-failure.js'
import { checkOpenOrderLimits, checkOrderFilters } from '../../../exchange/filters/check-order.js'
import { additionOf } from '../../../exchange/filters/open-counts.js'
import type { ListedSymbol } from '../../../exchange/symbols.js'
import { orderListResponse } from '../../format/lists.js'
import { checkTradingAllowed } from '../account-blocks.js'
import { accountOf, type Handler, type HandlerContext } from '../context.js'
import { checkOrder, filterSubject } from '../order-entry.js'
import { atPeggedPrice, checkPegRules, featureFields, pegNow } from '../order-features.js'
import type { OrderParams } from '../order-params.js'
import {
  deprecatedOcoRequest,
  type LegSpec,
  type ListRequest,
  ocoRequest,
  otoRequest,
} from './list-request.js'

const MARKET_LIKE: ReadonlySet<OrderType> = new Set(['MARKET', 'STOP_LOSS', 'TAKE_PROFIT'])
const STOP_LOSS_TYPES: ReadonlySet<OrderType> = new Set(['STOP_LOSS', 'STOP_LOSS_LIMIT'])

export const orderListPlace: Handler<'orderList.place'> = (ctx, p) => placeList(ctx, deprecatedOcoRequest(p))
export const orderListPlaceOco: Handler<'orderList.place.oco'> = (ctx, p) => placeList(ctx, ocoRequest(p))
export const orderListPlaceOto: Handler<'orderList.place.oto'> = (ctx, p) =>
  placeList(ctx, otoRequest('OTO', p))
export const orderListPlaceOtoco: Handler<'orderList.place.otoco'> = (ctx, p) =>
  placeList(ctx, otoRequest('OTOCO', p))
export const orderListPlaceOpo: Handler<'orderList.place.opo'> = (ctx, p) =>
  placeList(ctx, otoRequest('OPO', p))
export const orderListPlaceOpoco: Handler<'orderList.place.opoco'> = (ctx, p) =>
  placeList(ctx, otoRequest('OPOCO', p))

function placeList(ctx: HandlerContext, req: ListRequest): OrderListResponse {
  const account = accountOf(ctx)
  let s: ListedSymbol | undefined
  for (const leg of req.legs) s = checkOrder(ctx, leg.params)
  if (!s) return fail('MANDATORY_PARAM', 'symbol')
  checkListFlags(s, req)
  reserveOrders(ctx, account)
  const sym = s
  // Pegged legs (DIGEST 3.3.9): a LIMIT/LIMIT_MAKER leg that goes on the book now (an OCO leg, the working
  // order) pegs now; pending legs peg when they start, stop-limit legs when they trigger. Filters run at the
  // pegged price, and at `price` too when sent.
  const pegs = req.legs.map((l, i) =>
    req.kind === 'OCO' || i === 0 ? pegNow(ctx, sym, l.params) : undefined,
  )
  const priced = req.legs.map((l, i) => {
    const pegged = pegs[i]
    return pegged === undefined ? l : { ...l, params: atPeggedPrice(sym, l.params, pegged) }
  })
  for (const [i, leg] of priced.entries()) {
    checkLegFilters(ctx, account, s, leg.params)
    const sent = req.legs[i]?.params
    if (pegs[i] !== undefined && sent?.price !== undefined) checkLegFilters(ctx, account, s, sent)
  }
  for (const leg of req.legs) checkPegRules(leg.params)
  checkOpenOrderLimits(
    ctx.exchange,
    account,
    s,
    additionOf(
      req.legs.map((l) => ({ type: l.params.type, icebergQty: filterSubject(l.params).icebergQty })),
      true,
    ),
  )
  if (req.kind === 'OCO') checkOcoPrices(ctx, s, priced)
  checkTradingAllowed(ctx, account, 'PLACE')
  ctx.exchange.orderCounter.add(account.id, ctx.method.unfilledOrders, ctx.now)
  const placed = ctx.exchange.lists.place(
    {
      accountId: account.id,
      symbol: s.info.symbol,
      kind: req.kind,
      listClientOrderId: req.listClientOrderId,
      legs: req.legs.map((l, i) => legCommand(account, sym, l.params, pegs[i])),
    },
    ctx.now,
  )
  if (!placed.ok) return fail('NEW_ORDER_REJECTED', placed.msg)
  const working = placed.list.working
  const tradesOf = (o: Order) => (o === working ? placed.trades : [])
  const response = orderListResponse(placed.list, req.respType, ctx.now, tradesOf)
  ctx.exchange.commit(placed.effects, ctx.now)
  ctx.later(() => ctx.streams.publish(placed.effects, ctx.now))
  return response
}

/** ocoAllowed / otoAllowed / opoAllowed, as each list kind needs them (DIGEST §3.1.5). */
function checkListFlags(s: ListedSymbol, req: ListRequest): void {
  const { ocoAllowed, otoAllowed, opoAllowed } = s.info
  switch (req.kind) {
    case 'OCO':
      if (!ocoAllowed) fail('NEW_ORDER_REJECTED', ME_MESSAGES.OCO_NOT_SUPPORTED)
      break
    case 'OTO':
    case 'OTOCO':
      if (!otoAllowed) fail('NEW_ORDER_REJECTED', ME_MESSAGES.UNSUPPORTED_COMBINATION)
      if (req.kind === 'OTOCO' && !ocoAllowed) fail('NEW_ORDER_REJECTED', ME_MESSAGES.OCO_NOT_SUPPORTED)
      break
    case 'OPO':
    case 'OPOCO':
      if (!otoAllowed || !opoAllowed || (req.kind === 'OPOCO' && !ocoAllowed)) {
        fail('NEW_ORDER_REJECTED', ME_MESSAGES.OPO_NOT_SUPPORTED)
      }
      break
  }
}

/** A leg's own filters; a zero price or quantity is "Price * QTY is zero or less.". */
function checkLegFilters(ctx: HandlerContext, account: Account, s: ListedSymbol, p: OrderParams): void {
  checkOrderFilters(ctx.exchange, account, s, filterSubject(p), ctx.now)
  const zero = (v: string | undefined) => v !== undefined && toUnits(v, MONEY_SCALE) === 0n
  if (zero(p.quantity) || (!MARKET_LIKE.has(p.type) && zero(p.price))) {
    fail('NEW_ORDER_REJECTED', ME_MESSAGES.PRICE_QTY_ZERO)
  }
}

/** Fails with 429 -1015 when the unfilled order count has no room for this list. */
function reserveOrders(ctx: HandlerContext, account: Account): void {
  const over = ctx.exchange.orderCounter.exceeded(account.id, ctx.method.unfilledOrders, ctx.now)
  if (over) {
    const data = { serverTime: ctx.now, retryAfter: over.resetsAt(ctx.now) }
    failWithData('TOO_MANY_ORDERS', data, over.rule.limit, over.label)
  }
}

/**
 * SELL: limit-side price > last price > stop-loss stopPrice; BUY: the reverse (DIGEST §3.6.5–3.6.6,
 * A28). The limit side is a LIMIT_MAKER or TAKE_PROFIT_LIMIT price, or a TAKE_PROFIT stopPrice.
 * Legs with only a trailingDelta have no price to compare.
 */
function checkOcoPrices(ctx: HandlerContext, s: ListedSymbol, legs: readonly LegSpec[]): void {
  const stop = legs.find((l) => STOP_LOSS_TYPES.has(l.params.type))?.params
  const other = legs.find((l) => !STOP_LOSS_TYPES.has(l.params.type))?.params
  if (!stop || !other) return
  const units = (v: string | undefined) => (v === undefined ? undefined : toSafeUnits(v, s.spec.priceScale))
  const stopPrice = units(stop.stopPrice)
  const limit = units(other.type === 'TAKE_PROFIT' ? other.stopPrice : other.price)
  if (stopPrice === undefined || limit === undefined) return
  const book = ctx.exchange.book(s.info.symbol)
  const last = book.lastPrice > 0 ? book.lastPrice : ctx.exchange.tape(s.info.symbol).lastPrice
  const ok = stop.side === 'SELL' ? limit > last && last > stopPrice : limit < last && last < stopPrice
  if (!ok) fail('NEW_ORDER_REJECTED', ME_MESSAGES.OCO_BAD_PRICES)
}

/**
 * A checked leg as an engine command, in the symbol's units. A pegged leg carries its peg; its price is `pegged`
 * (the price it pegged to now), else 0 until it pegs.
 */
function legCommand(
  account: Account,
  s: ListedSymbol,
  p: OrderParams,
  pegged: number | undefined,
): PlaceCommand {
  const { priceScale, qtyScale } = s.spec
  const units = (v: string | undefined, scale: number) => (v === undefined ? 0 : toSafeUnits(v, scale))
  const cmd: PlaceCommand = {
    accountId: account.id,
    symbol: s.info.symbol,
    side: p.side,
    type: p.type,
    timeInForce: p.timeInForce ?? 'GTC',
    price: MARKET_LIKE.has(p.type) ? 0 : units(p.price, priceScale),
    quantity: units(p.quantity, qtyScale),
    quoteOrderQty: 0n,
    clientOrderId: p.newClientOrderId,
    selfTradePreventionMode: p.selfTradePreventionMode ?? s.info.defaultSelfTradePreventionMode,
    strategyId: p.strategyId,
    strategyType: p.strategyType,
    stopPrice: units(p.stopPrice, priceScale),
    trailingDelta: p.trailingDelta,
    icebergQty: units(p.icebergQty, qtyScale),
  }
  if (p.pegPriceType === undefined) return cmd
  const { peg, price } = featureFields(s, p, pegged)
  return { ...cmd, peg, price: price ?? 0 }
}
