// order.cancelReplace (DIGEST §3.8): cancel one order, then place a new one; not transactional.

import type { RejectReason } from '../../../protocol/enums.js'
import type { ApiErrorBody } from '../../../protocol/envelope.js'
import { apiError, ME_MESSAGES } from '../../../protocol/errors.js'
import type { ParamsOf } from '../../../protocol/methods.js'
import type { CancelReplaceErrorData } from '../../../protocol/results.js'
import { rejectionEffects } from '../../engine/rejection.js'
import { ApiFailure, fail, failWithData } from '../../exchange/api-failure.js'
import { accountOf, type Handler, type HandlerContext } from './context.js'
import { checkFilters, checkOrder, placeCommand } from './order-entry.js'
import { atPeggedPrice, pegNow } from './order-features.js'
import { checkOrderParams, type OrderParams } from './order-params.js'
import { orderCancel } from './orders.js'
import { placeOrder } from './place-single.js'

type Params = ParamsOf<'order.cancelReplace'>

/** The new order's params in order.place form (cancel-replace sends `trailingDelta` as a DECIMAL). */
export function newOrderParams(p: Params): OrderParams {
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

/** Runs `step` with its events held back; they follow the response, whatever it is. */
function attempt<T>(
  ctx: HandlerContext,
  tasks: (() => void)[],
  step: (c: HandlerContext) => T,
): T | ApiErrorBody {
  try {
    return step({ ...ctx, later: (task) => tasks.push(task) })
  } catch (e) {
    if (e instanceof ApiFailure) return e.body
    throw e
  }
}

/** The cancel half in order.cancel form. */
function cancelParams(p: Params): ParamsOf<'order.cancel'> {
  const out: ParamsOf<'order.cancel'> = { symbol: p.symbol }
  if (p.cancelOrderId !== undefined) out.orderId = p.cancelOrderId
  if (p.cancelOrigClientOrderId !== undefined) out.origClientOrderId = p.cancelOrigClientOrderId
  if (p.cancelNewClientOrderId !== undefined) out.newClientOrderId = p.cancelNewClientOrderId
  if (p.cancelRestrictions !== undefined) out.cancelRestrictions = p.cancelRestrictions
  return out
}

const isError = (v: object | null): v is ApiErrorBody => v !== null && 'code' in v && 'msg' in v

/** -2010: the matching engine refused the new order. */
const ENGINE_REJECTION = -2010

const REJECT_REASONS: ReadonlyMap<string, RejectReason> = new Map([
  [ME_MESSAGES.INSUFFICIENT_BALANCE, 'INSUFFICIENT_BALANCES'],
  [ME_MESSAGES.WOULD_TRIGGER_IMMEDIATELY, 'STOP_PRICE_WOULD_TRIGGER_IMMEDIATELY'],
  [ME_MESSAGES.WOULD_MATCH_IMMEDIATELY, 'WOULD_MATCH_IMMEDIATELY'],
])

/** The executionReport `r` of an engine rejection with this message. */
const rejectReasonOf = (msg: string): RejectReason => REJECT_REASONS.get(msg) ?? 'NONE'

export const orderCancelReplace: Handler<'order.cancelReplace'> = (ctx, p) => {
  const account = accountOf(ctx)
  const np = newOrderParams(p)
  checkOrderParams(np)
  const s = checkOrder(ctx, np)
  if (!s.info.cancelReplaceAllowed) fail('NEW_ORDER_REJECTED', ME_MESSAGES.CANCEL_REPLACE_NOT_SUPPORTED)
  const over = ctx.exchange.orderCounter.exceeded(account.id, ctx.method.unfilledOrders, ctx.now)
  const cancelOnly = p.orderRateLimitExceededMode === 'CANCEL_ONLY'
  if (over && !cancelOnly) {
    const data = { serverTime: ctx.now, retryAfter: over.resetsAt(ctx.now) }
    failWithData('TOO_MANY_ORDERS', data, over.rule.limit, over.label)
  }
  const pegged = pegNow(ctx, s, np)
  checkFilters(ctx, account, s, pegged === undefined ? np : atPeggedPrice(s, np, pegged))
  ctx.exchange.orderCounter.add(account.id, ctx.method.unfilledOrders, ctx.now)
  const tasks: (() => void)[] = []
  const cancelResponse = attempt(ctx, tasks, (c) => orderCancel(c, cancelParams(p)))
  const cancelFailed = isError(cancelResponse)
  let newOrderResponse: CancelReplaceErrorData['newOrderResponse'] = null
  if (over) {
    newOrderResponse = apiError('TOO_MANY_ORDERS', over.rule.limit, over.label)
  } else if (!cancelFailed || p.cancelReplaceMode === 'ALLOW_FAILURE') {
    newOrderResponse = attempt(ctx, tasks, (c) => placeOrder(c, account, s, np, false))
  }
  const placeFailed = newOrderResponse === null || isError(newOrderResponse)
  if (!cancelFailed && isError(newOrderResponse) && newOrderResponse.code === ENGINE_REJECTION) {
    const cmd = placeCommand(account, s, np, pegged)
    const reason = rejectReasonOf(newOrderResponse.msg)
    const rejected = rejectionEffects(ctx.exchange.engine, cmd, reason, ctx.now)
    tasks.push(() => ctx.streams.publish(rejected, ctx.now))
  }
  for (const task of tasks) ctx.later(task)
  if (!isError(cancelResponse) && newOrderResponse !== null && !isError(newOrderResponse)) {
    // A list leg's cancel answers with the list (DIGEST 3.8.1); the protocol type names the single-order form.
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
