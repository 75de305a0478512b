// Errors the client rejects with. All extend Error and keep `cause`; none ever carries a secret.
import type { RateLimit, RequestId } from '../protocol/envelope.js'

/** Base class: every error the client produces. */
export class BinanceWsError extends Error {
  override name = 'BinanceWsError'
}

/** The server answered with an error (`status` ≠ 200). */
export class BinanceError extends BinanceWsError {
  override name = 'BinanceError'
  constructor(
    readonly code: number,
    readonly msg: string,
    readonly status: number,
    readonly requestId: RequestId,
    readonly method: string,
    readonly rateLimits: RateLimit[] | undefined,
    readonly data?: Record<string, unknown>,
  ) {
    super(`${method}: ${msg} (code ${code}, status ${status})`)
  }
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

/**
 * A request that may have reached the matching engine got no answer (socket lost or deadline passed).
 * Nothing was re-sent; query by `clientOrderId` (see `resolveOrderOutcome`) to learn what happened.
 */
export class OutcomeUnknownError extends BinanceWsError {
  override name = 'OutcomeUnknownError'
  constructor(
    readonly method: string,
    readonly symbol: string | undefined,
    readonly clientOrderId: string | undefined,
    readonly listClientOrderId: string | undefined,
    detail: string,
    options?: ErrorOptions,
    /** Server time the request was stamped with (signed requests). */
    readonly sentAt?: number,
    readonly recvWindow = 5000,
  ) {
    const ids = [
      clientOrderId && `clientOrderId ${clientOrderId}`,
      listClientOrderId && `listClientOrderId ${listClientOrderId}`,
    ]
      .filter(Boolean)
      .join(', ')
    super(`${method}: outcome unknown (${detail})${ids ? `; reconcile by ${ids}` : ''}`, options)
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

/** Not sent: a rate limit forbids sending until `retryAfter` (epoch ms). */
export class RateLimitedError extends BinanceWsError {
  override name = 'RateLimitedError'
  constructor(
    readonly method: string,
    readonly retryAfter: number,
    readonly limit: string,
    options?: ErrorOptions,
  ) {
    super(
      `${method}: rate limit ${limit} reached; retry after ${new Date(retryAfter).toISOString()}`,
      options,
    )
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
