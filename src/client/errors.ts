// Errors the client rejects with. All extend Error and keep `cause`; none ever carries a secret.
import type { RateLimit, RequestId } from '../protocol/envelope.js'

/** ErrorOptions carrying `init.cause`, when there is one. */
const causeOf = (init: { cause?: unknown }): ErrorOptions | undefined =>
  init.cause === undefined ? undefined : { cause: init.cause }

/** Base class: every error the client produces. */
export class BinanceWsError extends Error {
  override name = 'BinanceWsError'
}

/** What the server's error answer said. */
export interface BinanceErrorInit {
  code: number
  msg: string
  status: number
  requestId: RequestId
  method: string
  rateLimits: RateLimit[] | undefined
  data?: Record<string, unknown> | undefined
}

/**
 * The server answered with an error: an `error` body with a status ≠ 200, or a 200 answer whose `result` is only
 * `{code, msg}` (`status` 200; the spec documents it for `referencePrice` of a symbol never given one, -2043).
 */
export class BinanceError extends BinanceWsError {
  override name = 'BinanceError'
  readonly code: number
  readonly msg: string
  readonly status: number
  readonly requestId: RequestId
  readonly method: string
  readonly rateLimits: RateLimit[] | undefined
  readonly data: Record<string, unknown> | undefined

  constructor(init: BinanceErrorInit) {
    super(`${init.method}: ${init.msg} (code ${init.code}, status ${init.status})`)
    this.code = init.code
    this.msg = init.msg
    this.status = init.status
    this.requestId = init.requestId
    this.method = init.method
    this.rateLimits = init.rateLimits
    this.data = init.data
  }
}

/**
 * The server refused the request's key or session (-2015 "Invalid API-key, IP, or permissions for action.", or
 * -1002): no retry helps. A -1002 with status 403 is the firewall (WAF), which passes: not a refusal of the key.
 */
export function isKeyRefused(err: unknown): err is BinanceError {
  return err instanceof BinanceError && (err.code === -2015 || err.code === -1002) && err.status !== 403
}

/**
 * The socket closed before the answer came. The request may or may not have been processed, unless `sent` is false:
 * then it never left the client (no socket was open) and may be sent again.
 */
export class ConnectionClosedError extends BinanceWsError {
  override name = 'ConnectionClosedError'
  readonly sent: boolean
  constructor(
    readonly method: string,
    readonly closeCode: number,
    readonly reason: string,
    options?: ErrorOptions & { sent?: boolean },
  ) {
    super(
      `${method}: connection closed before the response (code ${closeCode}${reason ? `, ${reason}` : ''})`,
      options,
    )
    this.sent = options?.sent ?? true
  }
}

/** What identifies a request whose outcome is unknown; `params` has everything it sent (no signature, no key). */
export interface OutcomeUnknownInit {
  method: string
  /** Why the outcome is unknown, e.g. `no response within 10000 ms`. */
  detail: string
  symbol?: string | undefined
  /** The client order id of the order the request places, or of the order it cancels or amends. */
  clientOrderId?: string | undefined
  /** The list client order id of the list the request places or cancels. */
  listClientOrderId?: string | undefined
  /** The id of the order the request cancels or amends (`orderId`, `cancelOrderId`). */
  orderId?: number | undefined
  /** The id of the order list the request cancels. */
  orderListId?: number | undefined
  /** Server time the request was stamped with (signed requests), epoch ms. */
  sentAt?: number | undefined
  recvWindow?: number | undefined
  params?: Readonly<Record<string, unknown>> | undefined
  cause?: unknown
}

/**
 * A request that may have reached the matching engine got no definite answer: the socket was lost, the deadline
 * passed, or the server said "execution status unknown" (-1006, -1007, 5xx). Nothing was re-sent; pass the error to
 * `resolveOrderOutcome` to learn what happened.
 */
export class OutcomeUnknownError extends BinanceWsError {
  override name = 'OutcomeUnknownError'
  readonly method: string
  readonly symbol: string | undefined
  readonly clientOrderId: string | undefined
  readonly listClientOrderId: string | undefined
  readonly orderId: number | undefined
  readonly orderListId: number | undefined
  readonly sentAt: number | undefined
  readonly recvWindow: number
  readonly params: Readonly<Record<string, unknown>>

  constructor(init: OutcomeUnknownInit) {
    const ids = [
      init.clientOrderId && `clientOrderId ${init.clientOrderId}`,
      init.orderId !== undefined && `orderId ${init.orderId}`,
      init.listClientOrderId && `listClientOrderId ${init.listClientOrderId}`,
      init.orderListId !== undefined && `orderListId ${init.orderListId}`,
    ]
      .filter(Boolean)
      .join(', ')
    super(
      `${init.method}: outcome unknown (${init.detail})${ids ? `; reconcile by ${ids}` : ''}`,
      causeOf(init),
    )
    this.method = init.method
    this.symbol = init.symbol
    this.clientOrderId = init.clientOrderId
    this.listClientOrderId = init.listClientOrderId
    this.orderId = init.orderId
    this.orderListId = init.orderListId
    this.sentAt = init.sentAt
    this.recvWindow = init.recvWindow ?? 5000
    this.params = init.params ?? {}
  }
}

/** No answer within the deadline. */
export class RequestTimeoutError extends BinanceWsError {
  override name = 'RequestTimeoutError'
  constructor(
    readonly method: string,
    readonly timeoutMs: number,
  ) {
    super(`${method}: no response within ${timeoutMs} ms`)
  }
}

/** The caller's AbortSignal fired before the answer came. For a sent order, `cause` is its OutcomeUnknownError. */
export class RequestAbortedError extends BinanceWsError {
  override name = 'RequestAbortedError'
  constructor(
    readonly method: string,
    options?: ErrorOptions,
  ) {
    super(`${method}: aborted`, options)
  }
}

/** Why sending is refused; `code`/`status` (and `cause`) only when the server answered 429 or 418. */
export interface RateLimitedInit {
  method: string
  /** Epoch ms (server clock) from which sending is allowed again. */
  retryAfter: number
  /** Which limit, e.g. `REQUEST_WEIGHT 6000/1MINUTE`, `server 429`, `IP ban (418)`. */
  limit: string
  /** The server's error code (-1003 …); absent for a local refusal. */
  code?: number | undefined
  /** 429 or 418; absent for a local refusal. */
  status?: number | undefined
  cause?: unknown
}

/**
 * Not sent, or refused by the server: a rate limit forbids sending until `retryAfter` (epoch ms). A server 429/418
 * carries its `code` and `status` like a BinanceError (its `cause`); a local refusal has neither and sent nothing.
 */
export class RateLimitedError extends BinanceWsError {
  override name = 'RateLimitedError'
  readonly method: string
  readonly retryAfter: number
  readonly limit: string
  readonly code: number | undefined
  readonly status: number | undefined

  constructor(init: RateLimitedInit) {
    super(
      `${init.method}: rate limit ${init.limit} reached; retry after ${new Date(init.retryAfter).toISOString()}`,
      causeOf(init),
    )
    this.method = init.method
    this.retryAfter = init.retryAfter
    this.limit = init.limit
    this.code = init.code
    this.status = init.status
  }
}

/** Could not connect: unreachable endpoint, refused upgrade, or failed logon. */
export class ConnectError extends BinanceWsError {
  override name = 'ConnectError'
}

/** A call or config option is invalid; `parameter` names it. Nothing was sent. */
export class InvalidParameterError extends BinanceWsError {
  override name = 'InvalidParameterError'
  constructor(
    readonly parameter: string,
    detail: string,
  ) {
    super(`${parameter}: ${detail}`)
  }
}

/** The client is not connected (never connected, or disconnected by the user). */
export class NotConnectedError extends BinanceWsError {
  override name = 'NotConnectedError'
}
