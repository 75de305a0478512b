// Reconciles a request whose outcome is unknown: once it can no longer land, asks the exchange what became of it,
// by the decision table of the README's fault table ("Order outcome unknown"). Sends nothing but queries.
import type { OrderListStatus, OrderStatusReport } from '../protocol/results.js'
import { checkCallOptions } from './call-options.js'
import { InvalidParameterError, OutcomeUnknownError, type OutcomeUnknownInit } from './errors.js'
import { OrderLookup, type OutcomeQueries } from './order-lookup.js'
import { RETARGETS, retargetOf, str } from './order-requests.js'
import type { OrderTrail } from './order-trail.js'
import { listCancellation, listPlacement } from './outcome-lists.js'
import { amendment, cancelAll, cancellation, cancelTarget, placement } from './outcome-orders.js'
import { sleep } from './sleep.js'
import { holdOn, type Timers } from './timers.js'
import type { CallOptions } from './types.js'

/**
 * A request to reconcile: an OutcomeUnknownError, or the same fields written by hand. `method` defaults to
 * `order.place` (`orderList.place` when only `listClientOrderId` is given).
 */
export type OutcomeRef = Partial<Omit<OutcomeUnknownInit, 'detail' | 'cause'>>

interface Answer<K extends string> {
  kind: K
  /** The request's wire method. */
  method: string
  /** What the answer rests on, or why the client cannot tell. */
  detail: string
}

/**
 * What became of a request about one order. `found`: true — it took effect (the order was placed; the cancel or
 * amend landed), `order` is the order now; false — it did not (`order`: the targeted order, when there is one);
 * 'unknown' — the exchange's answers cannot tell (`candidates`: orders that may be it).
 */
export type OrderResult =
  | (Answer<'order'> & { found: true; order: OrderStatusReport })
  | (Answer<'order'> & { found: false; order?: OrderStatusReport })
  | (Answer<'order'> & { found: 'unknown'; candidates?: number[] })

/** The same for a request about an order list (also an `order.cancel` that canceled a list). */
export type ListResult =
  | (Answer<'orderList'> & { found: true; orderList: OrderListStatus })
  | (Answer<'orderList'> & { found: false; orderList?: OrderListStatus })
  | (Answer<'orderList'> & { found: 'unknown'; candidates?: number[] })

/** A cancel-replace: each half on its own; `found` is 'unknown' if either half is, else whether either landed. */
export type CancelReplaceResult = Answer<'cancelReplace'> & {
  found: boolean | 'unknown'
  cancel: OrderResult | ListResult
  newOrder: OrderResult
}

export type OrderOutcome = OrderResult | ListResult | CancelReplaceResult

/** A request to reconcile, normalized: its method, symbol and params (named fields folded in). */
export interface OutcomeRequest {
  method: string
  symbol: string | undefined
  p: Readonly<Record<string, unknown>>
  /** A request of this client that got no answer: an order or list answered to this connection is not its. */
  lost: boolean
}

/** What reconciliation uses of the connection. */
export interface OutcomeContext {
  queries: OutcomeQueries
  trail: OrderTrail
  timers: Timers
  serverTime(): number
  /** How far `serverTime()` may be off, in ms. */
  clockUncertainty(): number
}

const RECONCILED = new Set([
  'order.place',
  'sor.order.place',
  'order.cancel',
  'order.amend.keepPriority',
  'order.cancelReplace',
  'openOrders.cancelAll',
  'orderList.cancel',
])

/** Binance rejects a timestamp more than 1 s ahead of its clock (`spec/web-socket-api.md`, Timing security). */
const AHEAD_MS = 1000

function requestOf(ref: OutcomeRef): OutcomeRequest {
  if (typeof ref !== 'object' || ref === null)
    throw new InvalidParameterError(
      'ref',
      'give the OutcomeUnknownError, or { method, symbol, clientOrderId … }',
    )
  const method =
    ref.method ?? (ref.listClientOrderId && !ref.clientOrderId ? 'orderList.place' : 'order.place')
  if (!RECONCILED.has(method) && !method.startsWith('orderList.place'))
    throw new InvalidParameterError(
      'method',
      `${method} does not change orders: there is no outcome to reconcile`,
    )
  const p: Record<string, unknown> = { ...ref.params }
  const fill = (name: string, value: unknown) => {
    if (p[name] === undefined && value !== undefined) p[name] = value
  }
  const retarget = retargetOf(method)
  fill('symbol', ref.symbol)
  if (method.startsWith('orderList.')) {
    fill(retarget?.orderId ?? 'orderListId', ref.orderListId)
    fill('listClientOrderId', ref.listClientOrderId)
  } else {
    fill(
      retarget && method !== 'order.cancelReplace' ? retarget.clientId : 'newClientOrderId',
      ref.clientOrderId,
    )
    if (retarget) fill(retarget.orderId, ref.orderId)
  }
  return { method, symbol: str(p['symbol']), p, lost: ref instanceof OutcomeUnknownError }
}

function decide(look: OrderLookup, r: OutcomeRequest): Promise<OrderOutcome> {
  switch (r.method) {
    case 'order.place':
    case 'sor.order.place':
      return placement(look, r, str(r.p['newClientOrderId']))
    case 'order.cancel':
      return cancellation(look, r, cancelTarget(r.p, RETARGETS['order.cancel']))
    case 'order.amend.keepPriority':
      return amendment(look, r, cancelTarget(r.p, RETARGETS[r.method]))
    case 'order.cancelReplace':
      return cancelReplace(look, r)
    case 'openOrders.cancelAll':
      return cancelAll(look, r)
    case 'orderList.cancel':
      return listCancellation(look, r, cancelTarget(r.p, RETARGETS[r.method]))
    default:
      return listPlacement(look, r, str(r.p['listClientOrderId']))
  }
}

async function cancelReplace(look: OrderLookup, r: OutcomeRequest): Promise<CancelReplaceResult> {
  const cancel = await cancellation(look, r, cancelTarget(r.p, RETARGETS['order.cancelReplace']))
  const stopOnFailure = r.p['cancelReplaceMode'] !== 'ALLOW_FAILURE'
  const newOrder =
    cancel.found === false && stopOnFailure
      ? ({
          found: false,
          kind: 'order',
          method: r.method,
          detail: 'not attempted: the cancel failed',
        } as const)
      : await placement(look, r, str(r.p['newClientOrderId']))
  const found =
    cancel.found === 'unknown' || newOrder.found === 'unknown' ? 'unknown' : cancel.found || newOrder.found
  const detail = `cancel: ${cancel.detail}; new order: ${newOrder.detail}`
  return { found, kind: 'cancelReplace', method: r.method, detail, cancel, newOrder }
}

/**
 * Waits until the request can no longer reach the engine (`sentAt + recvWindow`, plus the clock's uncertainty),
 * then decides from the exchange's answers. The process stays alive meanwhile. Rejects only when a query fails.
 */
export async function resolveOutcome(
  ctx: OutcomeContext,
  ref: OutcomeRef | OutcomeUnknownError,
  options?: CallOptions,
): Promise<OrderOutcome> {
  checkCallOptions(options)
  const r = requestOf(ref)
  const release = holdOn(ctx.timers)
  try {
    const u = ctx.clockUncertainty()
    const sentAt = ref.sentAt
    const window =
      sentAt === undefined
        ? undefined
        : { from: sentAt - AHEAD_MS - u, to: sentAt + (ref.recvWindow ?? 5000) + u }
    const wait = window ? window.to - ctx.serverTime() : 0
    if (wait > 0) await sleep(ctx.timers, wait, options?.signal, 'resolveOrderOutcome')
    return await decide(new OrderLookup(ctx.trail, window, ctx.queries, () => ctx.serverTime(), options), r)
  } finally {
    release()
  }
}
