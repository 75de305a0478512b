// order.cancelReplace (docs/emulator-fidelity.md 3.8): cancel one order, then place a new one; both halves are
// answered.
import type { ApiErrorBody } from '../../../protocol/envelope.js'
import type { ParamsOf } from '../../../protocol/methods.js'
import type { CancelReplaceErrorData } from '../../../protocol/results.js'
import { fail, failWithData } from '../../exchange/api-failure.js'
import type { CancelSpec, NewOrder } from '../../exchange/commands.js'
import { orderResponse } from '../format/orders.js'
import { accountOf, type Handler } from './context.js'
import { cancelView, responseTypeOf } from './orders.js'

type Params = ParamsOf<'order.cancelReplace'>

/** The new order's params in order.place form (cancel-replace sends `trailingDelta` as a DECIMAL). */
export function newOrderParams(p: Params): NewOrder {
  const {
    cancelReplaceMode: _mode,
    cancelOrderId: _id,
    cancelOrigClientOrderId: _cid,
    cancelNewClientOrderId: _ncid,
    cancelRestrictions: _restr,
    orderRateLimitExceededMode: _orl,
    trailingDelta,
    ...rest
  } = p
  if (trailingDelta === undefined) return rest
  if (!/^[0-9]+$/.test(trailingDelta)) fail('INVALID_PARAMETER', 'trailingDelta')
  return { ...rest, trailingDelta: Number(trailingDelta) }
}

const isError = (v: object | null): v is ApiErrorBody => v !== null && 'code' in v && 'msg' in v

/** The cancel half of the request. */
function cancelSpec(p: Params): CancelSpec {
  return {
    ref: { orderId: p.cancelOrderId, clientOrderId: p.cancelOrigClientOrderId },
    newClientOrderId: p.cancelNewClientOrderId,
    restriction: p.cancelRestrictions,
  }
}

export const orderCancelReplace: Handler<'order.cancelReplace'> = (ctx, p) => {
  const order = newOrderParams(p)
  const { canceled, placed } = ctx.exchange.execute(
    {
      kind: 'cancelReplace',
      accountId: accountOf(ctx).id,
      cancel: cancelSpec(p),
      order,
      mode: p.cancelReplaceMode,
      onOrderLimit: p.orderRateLimitExceededMode,
      cost: ctx.method.unfilledOrders,
    },
    ctx.now,
  )
  const cancelResponse = isError(canceled) ? canceled : cancelView(canceled, ctx.now)
  const newOrderResponse =
    placed === null || isError(placed)
      ? placed
      : orderResponse(placed.order, responseTypeOf(order), ctx.now, placed.trades, placed.prevented)
  const cancelFailed = isError(cancelResponse)
  const placeFailed = newOrderResponse === null || isError(newOrderResponse)
  if (!cancelFailed && !placeFailed) {
    // A list leg's cancel answers with the list (3.8.1); the protocol type names the single-order form.
    return { cancelResult: 'SUCCESS', newOrderResult: 'SUCCESS', cancelResponse, newOrderResponse }
  }
  const data: CancelReplaceErrorData = {
    cancelResult: cancelFailed ? 'FAILURE' : 'SUCCESS',
    newOrderResult: newOrderResponse === null ? 'NOT_ATTEMPTED' : placeFailed ? 'FAILURE' : 'SUCCESS',
    cancelResponse,
    newOrderResponse,
  }
  const record = data as unknown as Record<string, unknown>
  return cancelFailed && placeFailed
    ? failWithData('CANCEL_REPLACE_FAILED', record)
    : failWithData('CANCEL_REPLACE_PARTIALLY_FAILED', record)
}
