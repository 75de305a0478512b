// Order-changing requests as reconciliation sees them: the client ids the client fills in, the order a cancel or
// amend targets and the id it gives it, what a lost request's OutcomeUnknownError carries, what a success teaches.
import type { MethodSpec } from '../protocol/methods.js'
import { copyParams } from './auth.js'
import { epochMs } from './epoch-ms.js'
import { OutcomeUnknownError } from './errors.js'
import { LISTS, type OrderTrail } from './order-trail.js'

/** Id params the client fills (`autoClientOrderId`) so that every order, cancel and amend can be found again. */
export const CLIENT_ID_PARAMS: Readonly<Record<string, readonly string[]>> = {
  'order.place': ['newClientOrderId'],
  'sor.order.place': ['newClientOrderId'],
  'order.cancel': ['newClientOrderId'],
  'order.amend.keepPriority': ['newClientOrderId'],
  'order.cancelReplace': ['newClientOrderId', 'cancelNewClientOrderId'],
  'orderList.place': ['listClientOrderId'],
  'orderList.place.oco': ['listClientOrderId'],
  'orderList.place.oto': ['listClientOrderId'],
  'orderList.place.otoco': ['listClientOrderId'],
  'orderList.place.opo': ['listClientOrderId'],
  'orderList.place.opoco': ['listClientOrderId'],
  'orderList.cancel': ['newClientOrderId'],
}

/** The caller's params plus the client order ids the client generated for them (for a re-send). */
export function withIds(
  method: string,
  params: Record<string, unknown> | undefined,
  wire: Record<string, unknown>,
): Record<string, unknown> | undefined {
  let out = params
  for (const id of CLIENT_ID_PARAMS[method] ?? []) {
    if (params?.[id] !== undefined || wire[id] === undefined) continue
    if (out === params) out = copyParams(params)
    ;(out as Record<string, unknown>)[id] = wire[id]
  }
  return out
}

/** How a request names the order it changes, and the id it gives it once it lands. */
export interface Retarget {
  space: 'order' | 'list'
  orderId: string
  clientId: string
  newId: string
}

/** Requests that rename an existing order (or list): a cancel's or amend's new id replaces its client order id. */
export const RETARGETS = {
  'order.cancel': {
    space: 'order',
    orderId: 'orderId',
    clientId: 'origClientOrderId',
    newId: 'newClientOrderId',
  },
  'order.amend.keepPriority': {
    space: 'order',
    orderId: 'orderId',
    clientId: 'origClientOrderId',
    newId: 'newClientOrderId',
  },
  'order.cancelReplace': {
    space: 'order',
    orderId: 'cancelOrderId',
    clientId: 'cancelOrigClientOrderId',
    newId: 'cancelNewClientOrderId',
  },
  'orderList.cancel': {
    space: 'list',
    orderId: 'orderListId',
    clientId: 'listClientOrderId',
    newId: 'newClientOrderId',
  },
} as const satisfies Record<string, Retarget>

/** How `method` names the order it renames, if it renames one. */
export const retargetOf = (method: string): Retarget | undefined =>
  Object.hasOwn(RETARGETS, method) ? RETARGETS[method as keyof typeof RETARGETS] : undefined

/** Methods whose `newClientOrderId` is the id of an order they place. */
const PLACES_ORDER = new Set(['order.place', 'sor.order.place', 'order.cancelReplace'])

/** True for requests that may change state in the matching engine (their loss leaves the outcome unknown). */
export const reachesEngine = (spec: MethodSpec) => spec.security === 'TRADE' && !spec.wire.endsWith('.test')

/** Answers Binance defines as "execution status unknown": -1006, -1007 and any 5xx (`spec/errors.md`). */
export const isExecutionUnknown = (code: number, status: number) =>
  code === -1006 || code === -1007 || status >= 500

/** A param's value when it is non-empty text. */
export const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined)
/** A param's value when it is an integer. */
export const int = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) ? v : undefined)
/** A recvWindow as sent: a number, or decimal text (the catalogue types it DECIMAL). */
const ms = (v: unknown) => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined
}

/** Notes, before sending, the ids a cancel or amend would give its target. */
export function noteRenames(trail: OrderTrail, method: string, p: Record<string, unknown> | undefined): void {
  const r = retargetOf(method)
  const newId = str(p?.[r?.newId ?? ''])
  const symbol = r?.space === 'list' ? LISTS : str(p?.['symbol'])
  if (!r || !newId || !symbol) return
  const orderId = int(p?.[r.orderId])
  const clientId = str(p?.[r.clientId])
  if (orderId !== undefined) trail.renaming(symbol, orderId, newId)
  if (clientId !== undefined) trail.renaming(symbol, clientId, newId)
}

interface Placed {
  symbol?: unknown
  orderId?: unknown
  clientOrderId?: unknown
  orderListId?: unknown
  listClientOrderId?: unknown
  orders?: unknown
  newOrderResponse?: unknown
}

/** Notes the ids a successful placement got (order, cancel-replace's new order, list and its legs). */
export function notePlaced(trail: OrderTrail, method: string, result: unknown): void {
  if (!PLACES_ORDER.has(method) && !method.startsWith('orderList.place')) return
  const r = (method === 'order.cancelReplace' ? (result as Placed)?.newOrderResponse : result) as
    | Placed
    | undefined
  if (!r || typeof r !== 'object') return
  const symbol = str(r.symbol)
  const orderId = int(r.orderId)
  const clientId = str(r.clientOrderId)
  if (symbol && orderId !== undefined && clientId) trail.placed(symbol, orderId, clientId)
  const listId = int(r.orderListId)
  const listClientId = str(r.listClientOrderId)
  if (listId === undefined || listId < 0 || !listClientId || !Array.isArray(r.orders)) return
  trail.placed(LISTS, listId, listClientId)
  for (const leg of r.orders as Placed[]) notePlaced(trail, 'order.place', leg)
}

interface Carried {
  symbol?: unknown
  orderId?: unknown
  clientOrderId?: unknown
  origClientOrderId?: unknown
}

/** Notes the old and new client ids a successful cancel or amend showed on its order (amends can be chained). */
export function noteCarried(trail: OrderTrail, method: string, result: unknown): void {
  const o = (
    method === 'order.amend.keepPriority' ? (result as { amendedOrder?: unknown })?.amendedOrder : result
  ) as Carried | undefined
  if ((method !== 'order.cancel' && method !== 'order.amend.keepPriority') || !o || typeof o !== 'object')
    return
  const symbol = str(o.symbol)
  const orderId = int(o.orderId)
  if (symbol && orderId !== undefined)
    trail.carried(symbol, orderId, [str(o.clientOrderId), str(o.origClientOrderId)])
}

/** The error of an order-changing request whose outcome is unknown, with what it sent (no key, no signature). */
export function outcomeUnknown(
  method: string,
  wire: Record<string, unknown> | undefined,
  detail: string,
  cause: unknown,
): OutcomeUnknownError {
  const params = { ...wire }
  delete params['signature']
  delete params['apiKey']
  const isList = method.startsWith('orderList.')
  const retarget = retargetOf(method)
  // The client stamps ms; a caller's own `timestamp` may be µs.
  const sentAt = int(wire?.['timestamp'])
  return new OutcomeUnknownError({
    method,
    detail,
    cause,
    params,
    symbol: str(params['symbol']),
    clientOrderId: str(
      PLACES_ORDER.has(method) ? params['newClientOrderId'] : params[retarget?.clientId ?? ''],
    ),
    orderId: isList ? undefined : int(params[retarget?.orderId ?? '']),
    listClientOrderId: isList ? str(params['listClientOrderId']) : undefined,
    orderListId: isList ? int(params['orderListId']) : undefined,
    sentAt: sentAt === undefined ? undefined : epochMs(sentAt),
    recvWindow: ms(wire?.['recvWindow']),
  })
}
