// Did an order request take effect? Placements, cancels, amends and cancel-all, by the decision table of the
// README's fault table ("Order outcome unknown"). Every definite answer rests on an order the exchange showed.
import type { OrderStatusReport } from '../protocol/results.js'
import { compareDecimals } from './decimal-text.js'
import { epochMs } from './epoch-ms.js'
import type { OrderLookup } from './order-lookup.js'
import { int, type Retarget, str } from './order-requests.js'
import type { OrderResult, OutcomeRequest } from './outcome.js'

const took = (r: OutcomeRequest, order: OrderStatusReport, detail: string): OrderResult => ({
  found: true,
  kind: 'order',
  method: r.method,
  detail,
  order,
})

const didNot = (r: OutcomeRequest, detail: string, order?: OrderStatusReport): OrderResult =>
  order
    ? { found: false, kind: 'order', method: r.method, detail, order }
    : { found: false, kind: 'order', method: r.method, detail }

const unknown = (r: OutcomeRequest, detail: string, candidates?: number[]): OrderResult =>
  candidates
    ? { found: 'unknown', kind: 'order', method: r.method, detail, candidates }
    : { found: 'unknown', kind: 'order', method: r.method, detail }

/** Could `o` be the order these params placed, judged by what a cancel or amend leaves unchanged? */
function sameShape(o: OrderStatusReport, p: Readonly<Record<string, unknown>>): boolean {
  if (o.orderListId !== -1) return false
  if (p['side'] !== undefined && o.side !== p['side']) return false
  if (p['type'] !== undefined && o.type !== p['type']) return false
  if (p['timeInForce'] !== undefined && o.timeInForce !== p['timeInForce']) return false
  const equal = (field: string, theirs: string) =>
    p[field] === undefined || compareDecimals(theirs, p[field]) === 0
  if (!equal('price', o.price) || !equal('stopPrice', o.stopPrice)) return false
  if (!equal('quoteOrderQty', o.origQuoteOrderQty)) return false
  // An amend only lowers the quantity.
  return p['quantity'] === undefined || (compareDecimals(o.origQty, p['quantity']) ?? 1) <= 0
}

/** Whether order `o` (carrying another id now) was placed with `clientId`: true, false, or undefined (can't tell). */
async function placedWith(look: OrderLookup, o: OrderStatusReport, clientId: string | undefined) {
  const origin = look.trail.placedAs(o.symbol, o.orderId)
  if (origin !== undefined) return origin === clientId
  // Only amends and cancels replace an id; the first amendment names the id the order was placed with.
  const amendments = await look.amendments(o.symbol, o.orderId)
  if (!amendments) return undefined
  const first = amendments[0]
  if (first) return first.origClientOrderId === clientId
  if (o.status !== 'CANCELED') return false
  const before = look.trail.renamedFrom(o.symbol, o.clientOrderId)
  return typeof before === 'string' ? before === clientId : undefined
}

/** order.place, sor.order.place, and the new order of a cancel-replace: was it placed? */
export async function placement(look: OrderLookup, r: OutcomeRequest, clientId: string | undefined) {
  const symbol = r.symbol
  if (!symbol) return unknown(r, 'the request names no symbol')
  // An order placed while the request could land is its order, unless another request was answered with it.
  const its = (o: OrderStatusReport | undefined): o is OrderStatusReport =>
    o !== undefined && look.inWindow(o.time) && !(r.lost && look.trail.acknowledged(symbol, o.orderId))
  if (clientId) {
    const byId = await look.order(symbol, clientId)
    if (its(byId)) return took(r, byId, `order.status by client order id ${clientId}`)
    const orderId = look.trail.orderIdOf(symbol, clientId)
    const seen = orderId === undefined ? undefined : await look.order(symbol, orderId)
    if (its(seen)) return took(r, seen, `the user data stream showed ${clientId} as order ${orderId}`)
    const renamed = await look.renamed(symbol, clientId)
    if (its(renamed)) return took(r, renamed, `placed; a cancel or amend for ${clientId} renamed it`)
  }
  const w = look.window
  if (!w)
    return unknown(
      r,
      'no order carries its client order id, and without sentAt its history cannot be searched',
    )
  const history = await look.orders(symbol, w.from)
  if (!history) return unknown(r, `too many orders on ${symbol} since the request to search them`)
  const candidates: number[] = []
  for (const o of history) {
    if (!its(o) || !sameShape(o, r.p)) continue
    if (o.clientOrderId === clientId) return took(r, o, `allOrders shows ${clientId} as order ${o.orderId}`)
    const mine = await placedWith(look, o, clientId)
    if (mine === true) return took(r, o, `order ${o.orderId} was placed with ${clientId}, then renamed`)
    if (mine === undefined) candidates.push(o.orderId)
  }
  if (candidates.length === 0) {
    return didNot(
      r,
      `not placed: no order carries ${clientId ?? 'its client order id'}, and no order of its shape placed ` +
        `in ${w.from}–${w.to} can have been this one`,
    )
  }
  return unknown(
    r,
    `no order carries ${clientId ?? 'its client order id'}, but ${candidates.length} order(s) of its shape ` +
      'placed while it could land were renamed by a cancel or amend: any may be this one',
    candidates,
  )
}

/** What a cancel targets and the id it gives the order when it lands. */
interface CancelTarget {
  orderId: number | undefined
  clientId: string | undefined
  newId: string | undefined
}

/**
 * The targeted order as it is now: by order id; by client id, or the request's new id (it landed and nothing renamed
 * the order since); else by the order id a placement answer or the stream showed for that client id, if that order
 * was still open when the request could land (a client id may be used again once its order has ended).
 */
async function target(look: OrderLookup, symbol: string, t: CancelTarget) {
  if (t.orderId !== undefined) return look.order(symbol, t.orderId)
  if (!t.clientId) return undefined
  const now =
    (await look.order(symbol, t.clientId)) ?? (t.newId ? await look.order(symbol, t.newId) : undefined)
  if (now) return now
  const orderId = look.trail.orderIdOf(symbol, t.clientId)
  const seen = orderId === undefined ? undefined : await look.order(symbol, orderId)
  const ended = seen && look.window && epochMs(seen.updateTime) < look.window.from && !OPEN.has(seen.status)
  return ended ? undefined : seen
}

const OPEN = new Set(['NEW', 'PARTIALLY_FILLED', 'PENDING_NEW'])

/** order.cancel (and the cancel of a cancel-replace): did this cancel land? */
export async function cancellation(look: OrderLookup, r: OutcomeRequest, t: CancelTarget) {
  const symbol = r.symbol
  if (!symbol) return unknown(r, 'the request names no symbol')
  /** Canceled while this request could land (an order canceled before then carries another request's id). */
  const canceledBy = (o: OrderStatusReport | undefined): o is OrderStatusReport =>
    o?.status === 'CANCELED' && look.inWindow(o.updateTime)
  if (t.newId) {
    const renamed = await look.order(symbol, t.newId)
    if (canceledBy(renamed) && (t.orderId === undefined || renamed.orderId === t.orderId))
      return took(r, renamed, `the canceled order carries the cancel's new id ${t.newId}`)
  }
  const order = await target(look, symbol, t)
  if (order && order.status !== 'CANCELED')
    return didNot(r, `the order is ${order.status}: the cancel did not land`, order)
  if (order && t.newId) {
    const listId = order.orderListId
    const renamedIt =
      order.clientOrderId === t.newId ||
      (listId >= 0 && (await look.list(listId))?.listClientOrderId === t.newId)
    if (renamedIt && canceledBy(order))
      return took(r, order, `the order (or its list) carries the cancel's new id ${t.newId}`)
    return didNot(
      r,
      `another request canceled the order: it carries ${order.clientOrderId}, not ${t.newId}`,
      order,
    )
  }
  if (order) {
    return look.window && epochMs(order.updateTime) < look.window.from
      ? didNot(r, 'the order was canceled before this request could land', order)
      : unknown(
          r,
          'the order is canceled, but without a new client order id nothing ties the cancel to this request',
        )
  }
  if (!t.newId)
    return unknown(r, 'the order was not found and the cancel had no new client order id to look for')
  const list = await look.list(t.newId)
  if (list) {
    const leg = list.orders.find((o) => t.orderId === undefined || o.orderId === t.orderId)
    const legOrder = leg && (await look.order(symbol, leg.orderId))
    if (canceledBy(legOrder))
      return took(r, legOrder, `its order list carries the cancel's new id ${t.newId}`)
  }
  return didNot(r, `no order carries the cancel's new id ${t.newId}, and the targeted order was not found`)
}

/** order.amend.keepPriority: did this amend land? The order's amendments say, by the amend's new client id. */
export async function amendment(look: OrderLookup, r: OutcomeRequest, t: CancelTarget) {
  const symbol = r.symbol
  if (!symbol) return unknown(r, 'the request names no symbol')
  const order = await target(look, symbol, t)
  if (!order) return unknown(r, 'the amended order was not found (it may have been renamed since)')
  const amendments = await look.amendments(symbol, order.orderId)
  if (!amendments) return unknown(r, `too many amendments of order ${order.orderId} to check`)
  const newQty = r.p['newQty']
  const hit = amendments.find(
    (a) =>
      look.inWindow(a.time) &&
      compareDecimals(a.newQty, newQty) === 0 &&
      (t.newId === undefined || a.newClientOrderId === t.newId),
  )
  if (hit && t.newId) return took(r, order, `amendment ${hit.executionId} gave the order ${t.newId}`)
  if (hit) return unknown(r, `order ${order.orderId} was amended to ${hit.newQty}, maybe by another request`)
  return didNot(r, `no amendment of order ${order.orderId} matches this request`, order)
}

/** openOrders.cancelAll: an order placed before it that is still open proves it did not land. */
export async function cancelAll(look: OrderLookup, r: OutcomeRequest) {
  const symbol = r.symbol
  if (!symbol || !look.window) return unknown(r, 'the request names no symbol or has no sentAt')
  const from = look.window.from
  const older = (await look.openOrders(symbol)).find((o) => epochMs(o.time) < from)
  if (older) return didNot(r, `order ${older.orderId}, placed before the request, is still open`, older)
  return unknown(r, 'no order placed before the request is open: it landed, or found nothing to cancel')
}

/** The target of a cancel or amend, and its new id, from the params named by `names`. */
export function cancelTarget(p: Readonly<Record<string, unknown>>, names: Retarget): CancelTarget {
  return { orderId: int(p[names.orderId]), clientId: str(p[names.clientId]), newId: str(p[names.newId]) }
}
