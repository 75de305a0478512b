// Did an order-list request take effect? List placements and list cancels (README fault table, "Order outcome
// unknown"). A list cancel gives the list the cancel's new id, as `order.cancel` does an order.
import type { OrderListStatus } from '../protocol/results.js'
import { epochMs } from './epoch-ms.js'
import type { OrderLookup } from './order-lookup.js'
import { LISTS } from './order-trail.js'
import type { ListResult, OutcomeRequest } from './outcome.js'

const took = (r: OutcomeRequest, orderList: OrderListStatus, detail: string): ListResult => ({
  found: true,
  kind: 'orderList',
  method: r.method,
  detail,
  orderList,
})

const didNot = (r: OutcomeRequest, detail: string, orderList?: OrderListStatus): ListResult =>
  orderList
    ? { found: false, kind: 'orderList', method: r.method, detail, orderList }
    : { found: false, kind: 'orderList', method: r.method, detail }

const unknown = (r: OutcomeRequest, detail: string, candidates?: number[]): ListResult =>
  candidates
    ? { found: 'unknown', kind: 'orderList', method: r.method, detail, candidates }
    : { found: 'unknown', kind: 'orderList', method: r.method, detail }

/** orderList.place*: was the list placed? */
export async function listPlacement(look: OrderLookup, r: OutcomeRequest, listClientId: string | undefined) {
  // A list found is its list, unless another request of this connection was answered with it.
  const its = (l: OrderListStatus | undefined): l is OrderListStatus =>
    l !== undefined && !(r.lost && look.trail.acknowledged(LISTS, l.orderListId))
  if (listClientId) {
    const byId = await look.list(listClientId)
    if (its(byId)) return took(r, byId, `orderList.status by list client order id ${listClientId}`)
    const listId = look.trail.orderIdOf(LISTS, listClientId)
    const seen = listId === undefined ? undefined : await look.list(listId)
    if (its(seen)) return took(r, seen, `the user data stream showed ${listClientId} as list ${listId}`)
    const renamed = await look.renamedList(listClientId)
    if (its(renamed)) return took(r, renamed, `placed; a cancel sent for ${listClientId} renamed it`)
  }
  const w = look.window
  if (!w) return unknown(r, 'no list carries its id, and without sentAt its history cannot be searched')
  const history = await look.lists(w.from)
  if (!history) return unknown(r, 'too many order lists since the request to search them')
  // A list keeps its id unless a cancel renamed it (once: it has ended); a renamed list may have been this one.
  const candidates: number[] = []
  for (const l of history) {
    if (l.symbol !== r.symbol || l.listStatusType !== 'ALL_DONE' || !its(l)) continue
    const before = look.trail.renamedFrom(LISTS, l.listClientOrderId)
    const origin =
      look.trail.placedAs(LISTS, l.orderListId) ?? (typeof before === 'string' ? before : undefined)
    if (listClientId !== undefined && (origin === listClientId || l.listClientOrderId === listClientId))
      return took(r, l, `list ${l.orderListId} was placed as ${listClientId}`)
    if (origin === undefined) candidates.push(l.orderListId)
  }
  if (candidates.length === 0) {
    return didNot(
      r,
      `not placed: no list carries ${listClientId ?? 'its id'}, and none updated since can have been it`,
    )
  }
  return unknown(
    r,
    `no list carries ${listClientId ?? 'its id'}, but ${candidates.length} ended list(s) on ${r.symbol} ` +
      'may have been renamed by a cancel: any may be this one',
    candidates,
  )
}

/** orderList.cancel: did this cancel land? */
export async function listCancellation(
  look: OrderLookup,
  r: OutcomeRequest,
  t: { orderId: number | undefined; clientId: string | undefined; newId: string | undefined },
) {
  if (t.newId) {
    const renamed = await look.list(t.newId)
    const ended = renamed?.listStatusType === 'ALL_DONE'
    if (renamed && ended && (t.orderId === undefined || renamed.orderListId === t.orderId))
      return took(r, renamed, `the list carries the cancel's new id ${t.newId}`)
  }
  const by = t.orderId ?? t.clientId
  const list = by === undefined ? undefined : await look.list(by)
  if (!list) {
    return t.newId
      ? didNot(r, `no list carries the cancel's new id ${t.newId}, and the targeted list was not found`)
      : unknown(r, 'the list was not found and the cancel had no new id to look for')
  }
  if (list.listStatusType !== 'ALL_DONE')
    return didNot(r, 'the list is still running: the cancel did not land', list)
  if (t.newId && list.orders.some((o) => o.clientOrderId === t.newId))
    return took(r, list, `its orders carry the cancel's new id ${t.newId}`)
  if (look.window && epochMs(list.transactionTime) < look.window.from)
    return didNot(r, 'the list had ended before this request could land', list)
  const renamedBy = look.trail.renamedFrom(LISTS, list.listClientOrderId)
  if (t.newId && renamedBy !== undefined)
    return didNot(r, `another cancel renamed the list ${list.listClientOrderId}, not ${t.newId}`, list)
  return unknown(r, 'the list has ended, but nothing ties its end to this request', [list.orderListId])
}
