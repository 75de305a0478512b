// Order list placement: the request as a list command, the placement answered as placed.
import type { OrderListResponse } from '../../../../protocol/results.js'
import type { ListRequest } from '../../../exchange/commands.js'
import { orderListResponse } from '../../format/lists.js'
import { accountOf, type Handler, type HandlerContext } from '../context.js'
import { deprecatedOcoRequest, ocoRequest, otoRequest } from './list-request.js'

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

function placeList(ctx: HandlerContext, list: ListRequest): OrderListResponse {
  const cost = ctx.method.unfilledOrders
  const command = { kind: 'placeOrderList', accountId: accountOf(ctx).id, list, cost } as const
  const placed = ctx.exchange.execute(command, ctx.now)
  const working = placed.list.working
  return orderListResponse(placed.list, list.respType, ctx.now, (o) => (o === working ? placed.trades : []))
}
