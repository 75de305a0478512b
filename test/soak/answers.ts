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
import type { Belief, Change, Outcome } from './records.js'

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

/** The belief a call's outcome gives: a success did it; a definite error or a refusal did not. */
export function beliefOf(outcome: Outcome): Belief {
  if (outcome === 'ok') return 'yes'
  if (outcome === 'rejected' || outcome === 'unknownAsError' || outcome === 'unsent') return 'no'
  return 'maybe'
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

/**
 * Applies what `resolveOrderOutcome` answered to `change`. `found: true` with the order (list) → the change's
 * belief follows from it; `found: false` → a placement was not placed, and any other change claims its target
 * does not exist; anything else (e.g. `found: 'unknown'`) → cannot tell. Returns the found report, if any.
 */
export function applyResolution(change: Change, result: { found: unknown }): Report | undefined {
  if (result.found === false) {
    change.resolution = 'notFound'
    if (change.kind === 'place' || change.kind === 'placeList' || change.kind === 'replacePlace')
      change.belief = 'no'
    else change.claim = { targetAbsent: true }
    return undefined
  }
  if (result.found !== true) {
    change.resolution = 'cannotTell'
    return undefined
  }
  change.resolution = 'found'
  const r = result as { order?: Report; orderList?: Report }
  const report = r.order ?? r.orderList
  if (!report) return undefined
  const status = report.status ?? report.listOrderStatus
  change.claim = {
    ...(report.orderId === undefined ? {} : { orderId: report.orderId }),
    ...(report.orderListId === undefined ? {} : { orderListId: report.orderListId }),
    ...(status === undefined ? {} : { status }),
  }
  const clientId = report.clientOrderId ?? report.listClientOrderId
  switch (change.kind) {
    case 'place':
    case 'placeList':
    case 'replacePlace':
      change.belief = 'yes'
      break
    case 'amend':
      // The order had no other change in flight: it has the amend's client id iff the amend executed.
      change.belief = clientId === change.marker ? 'yes' : 'no'
      break
    default:
      // A cancel: the soak's orders rest far from the market, so only this cancel can have closed it.
      change.belief = isOpen(status) ? 'no' : 'yes'
      if (change.belief === 'yes') change.marker ??= clientId
  }
  return report
}
