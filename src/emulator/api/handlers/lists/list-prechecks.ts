// The order-list methods' param checks that need no account or market data; dispatch runs them
// before authentication (docs/emulator-fidelity.md A23), like order.place's.
import type { Method, ParamsOf } from '../../../../protocol/methods.js'
import { fail } from '../../../exchange/api-failure.js'
import type { ListRequest } from '../../../exchange/commands.js'
import { checkClientOrderId } from '../order-params.js'
import { deprecatedOcoRequest, ocoRequest, otoRequest } from './list-request.js'

/** Client id syntax and strategyType of every leg. */
function checkListIds(req: ListRequest): ListRequest {
  checkClientOrderId('listClientOrderId', req.listClientOrderId)
  for (const leg of req.legs) {
    checkClientOrderId(`${leg.prefix}ClientOrderId`, leg.params.newClientOrderId)
    const type = leg.params.strategyType
    if (type !== undefined && type < 1_000_000) fail('BAD_STRATEGY_TYPE')
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
