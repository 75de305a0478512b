// Reconciles a request whose outcome is unknown: query by client order id once the request can no longer land.
import type { OrderListStatus, OrderStatusReport } from '../protocol/results.js'
import { BinanceError, type OutcomeUnknownError } from './errors.js'
import { sleep } from './sleep.js'
import type { Timers } from './timers.js'
import type { ApiResponse, CallOptions } from './types.js'

/** What identifies the order: a client order id (with its symbol) or a list client order id. */
export type OutcomeRef = (
  | { symbol: string; clientOrderId: string; listClientOrderId?: undefined }
  | { listClientOrderId: string; symbol?: string; clientOrderId?: undefined }
) & {
  /** Server time the request was stamped with, and its recvWindow: before their sum the request may still land. */
  sentAt?: number
  recvWindow?: number
}

export type OrderOutcome =
  | { found: true; kind: 'order'; order: OrderStatusReport }
  | { found: true; kind: 'orderList'; orderList: OrderListStatus }
  | { found: false; kind: 'order' | 'orderList'; detail: string }

/** The two queries reconciliation needs. */
interface Queries {
  orderStatus(
    p: { symbol: string; origClientOrderId: string },
    o?: CallOptions,
  ): Promise<ApiResponse<OrderStatusReport>>
  orderListStatus(p: { origClientOrderId: string }, o?: CallOptions): Promise<ApiResponse<OrderListStatus>>
}

const NOT_FOUND = new Set([-2013, -2011])

function refOf(ref: OutcomeRef | OutcomeUnknownError): OutcomeRef {
  if (!('method' in ref)) return ref
  const timing = { ...(ref.sentAt === undefined ? {} : { sentAt: ref.sentAt }), recvWindow: ref.recvWindow }
  if (ref.listClientOrderId) return { listClientOrderId: ref.listClientOrderId, ...timing }
  if (ref.clientOrderId && ref.symbol)
    return { symbol: ref.symbol, clientOrderId: ref.clientOrderId, ...timing }
  throw new TypeError(`${ref.method}: the error carries no client order id to reconcile by`)
}

/** Waits until the request can no longer reach the engine, then asks for the order (or list) by client id. */
export async function resolveOutcome(
  api: Queries,
  input: OutcomeRef | OutcomeUnknownError,
  timers: Timers,
  serverTime: () => number,
  options?: CallOptions,
): Promise<OrderOutcome> {
  const ref = refOf(input)
  if (ref.sentAt !== undefined) {
    const wait = ref.sentAt + (ref.recvWindow ?? 5000) - serverTime()
    if (wait > 0) await sleep(timers, wait, options?.signal, 'resolveOrderOutcome')
  }
  try {
    if (ref.listClientOrderId !== undefined) {
      const r = await api.orderListStatus({ origClientOrderId: ref.listClientOrderId }, options)
      return { found: true, kind: 'orderList', orderList: r.data }
    }
    const r = await api.orderStatus({ symbol: ref.symbol, origClientOrderId: ref.clientOrderId }, options)
    return { found: true, kind: 'order', order: r.data }
  } catch (err) {
    if (err instanceof BinanceError && NOT_FOUND.has(err.code)) {
      return {
        found: false,
        kind: ref.listClientOrderId !== undefined ? 'orderList' : 'order',
        detail: `${err.msg} (queried after the request's recvWindow had passed: it was not placed)`,
      }
    }
    throw err
  }
}
