// account.rateLimits.orders: the account's unfilled order count in every ORDERS interval.
import { accountOf, type Handler } from './context.js'

export const accountRateLimitsOrders: Handler<'account.rateLimits.orders'> = (ctx) =>
  ctx.exchange.orderCounts.entries(accountOf(ctx).id, ctx.now)
