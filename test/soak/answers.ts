// What the client's answers mean for a change: its outcome (from a rejection) and what a reconciliation claims.
import {
  BinanceError,
  ConnectError,
  ConnectionClosedError,
  NotConnectedError,
  OutcomeUnknownError,
  RateLimitedError,
  RequestAbortedError,
  RequestTimeoutError,
} from '../../src/client/index.js'
import type { Change, Outcome } from './records.js'

/** The outcome a rejected call reports; `detail` is its code or message. */
export function outcomeOf(err: unknown): { outcome: Outcome; detail: string } {
  if (err instanceof OutcomeUnknownError) return { outcome: 'unknown', detail: err.message }
  if (err instanceof BinanceError) {
    // errors.md: -1006 and -1007 say "execution status unknown"; Binance says the same of any 5xx.
    const unknown = err.code === -1006 || err.code === -1007 || err.status >= 500
    return { outcome: unknown ? 'unknownAsError' : 'rejected', detail: `${err.code} ${err.msg}` }
  }
  if (err instanceof RateLimitedError)
    return { outcome: err.cause instanceof BinanceError ? 'rejected' : 'unsent', detail: err.message }
  if (err instanceof NotConnectedError) return { outcome: 'unsent', detail: err.message }
  if (err instanceof ConnectionClosedError && /nothing was sent|socket not open/.test(err.message))
    return { outcome: 'unsent', detail: err.message }
  const e = err as Error
  return { outcome: 'unexpected', detail: `${e?.name}: ${e?.message}` }
}

/** Errors a reconciliation may meet on the way (then it is tried again), as opposed to a refusal to reconcile. */
export function isTransient(err: unknown): boolean {
  return (
    err instanceof ConnectionClosedError ||
    err instanceof RequestTimeoutError ||
    err instanceof NotConnectedError ||
    err instanceof RateLimitedError ||
    err instanceof ConnectError ||
    err instanceof RequestAbortedError ||
    (err instanceof BinanceError && err.status >= 500)
  )
}

/** The order or list a found outcome carries, whatever the exact result shape. */
interface Report {
  orderId?: number
  orderListId?: number
  clientOrderId?: string
  listClientOrderId?: string
  status?: string
  listOrderStatus?: string
}

const OPEN = new Set(['NEW', 'PARTIALLY_FILLED', 'PENDING_NEW', 'EXECUTING', 'EXEC_STARTED'])

/** Whether an order or list status is still open (it may be the target of later changes). */
export const isOpen = (status: string | undefined): boolean => status === undefined || OPEN.has(status)

/** What `resolveOrderOutcome` answers, read loosely (a cancel-replace answers for each half). */
export interface Resolved {
  found: unknown
  kind?: string
  /** What the answer rests on (the fixed client says). */
  detail?: string
  order?: Report
  orderList?: Report
  cancel?: Resolved
  newOrder?: Resolved
}

/**
 * Applies what `resolveOrderOutcome` answered to `change`: `found: true` — the request took effect (the order was
 * placed; the cancel or amend landed), `false` — it did not, anything else (`'unknown'`) — cannot tell. The order
 * (list) it carries is checked too: its final status must be the emulator's. Returns it, if any.
 */
export function applyResolution(change: Change, result: Resolved): Report | undefined {
  change.resolution = result.found === true ? 'found' : result.found === false ? 'notFound' : 'cannotTell'
  if (typeof result.detail === 'string') change.detail += `; resolveOrderOutcome: ${result.detail}`
  if (change.resolution === 'cannotTell') return undefined
  change.belief = result.found === true ? 'yes' : 'no'
  const report = result.order ?? result.orderList
  if (!report) return undefined
  const status = report.status ?? report.listOrderStatus
  change.claim = {
    ...(report.orderId === undefined ? {} : { orderId: report.orderId }),
    ...(report.orderListId === undefined ? {} : { orderListId: report.orderListId }),
    ...(status === undefined ? {} : { status }),
  }
  // A landed cancel without a client id of its own: the server's id is now the order's.
  if (change.belief === 'yes') change.marker ??= report.clientOrderId ?? report.listClientOrderId
  return report
}
