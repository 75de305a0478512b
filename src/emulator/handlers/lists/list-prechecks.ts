// The order-list methods' param checks that need no account or market data; dispatch runs them
// before authentication (DIGEST A23), like order.place's.
import { ME_MESSAGES } from '../../../protocol/errors.js'
import type { Method, ParamsOf } from '../../../protocol/methods.js'
import { fail } from '../../wire/api-failure.js'
import { checkClientOrderId } from '../order-params.js'
import { deprecatedOcoRequest, type ListRequest, ocoRequest, otoRequest } from './list-request.js'

/** Client id syntax, strategyType and no peg on any leg. */
export function checkListIds(req: ListRequest): ListRequest {
  checkClientOrderId('listClientOrderId', req.listClientOrderId)
  for (const leg of req.legs) {
    checkClientOrderId(`${leg.prefix}ClientOrderId`, leg.params.newClientOrderId)
    const type = leg.params.strategyType
    if (type !== undefined && type < 1_000_000) fail('BAD_STRATEGY_TYPE')
    const pegged = leg.params.pegPriceType ?? leg.params.pegOffsetType ?? leg.params.pegOffsetValue
    if (pegged !== undefined) fail('NEW_ORDER_REJECTED', ME_MESSAGES.UNSUPPORTED_COMBINATION)
  }
  return req
}

type ListPrechecks = { readonly [M in Method]?: (params: ParamsOf<M>) => void }

export const LIST_PRECHECKS: ListPrechecks = {
  'orderList.place': (p) => checkListIds(deprecatedOcoRequest(p)),
  'orderList.place.oco': (p) => checkListIds(ocoRequest(p)),
  'orderList.place.oto': (p) => checkListIds(otoRequest('OTO', p)),
  'orderList.place.otoco': (p) => checkListIds(otoRequest('OTOCO', p)),
  'orderList.place.opo': (p) => checkListIds(otoRequest('OPO', p)),
  'orderList.place.opoco': (p) => checkListIds(otoRequest('OPOCO', p)),
  'orderList.cancel': (p) => checkClientOrderId('newClientOrderId', p.newClientOrderId),
}
