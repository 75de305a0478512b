// openOrders.cancelAll: every open order of the account on the symbol; a list is reported once, as a list.
import { accountOf, type Handler } from './context.js'
import { cancelView } from './orders.js'

export const openOrdersCancelAll: Handler<'openOrders.cancelAll'> = (ctx, p) => {
  const command = { kind: 'cancelOpenOrders', accountId: accountOf(ctx).id, symbol: p.symbol } as const
  return ctx.exchange.execute(command, ctx.now).map((c) => cancelView(c, ctx.now))
}
