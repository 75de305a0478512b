// A refusal in the spec's words (HTTP status and error body), raised by the exchange or the request pipeline;
// the dispatcher turns it into the response.
import type { ApiErrorBody } from '../../protocol/envelope.js'
import { API_ERRORS, type ApiErrorKey, apiError } from '../../protocol/errors.js'

/** Without a stack: it is an answer, not a fault, and capturing one cost more than the rest of a refusal. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    const limit = Error.stackTraceLimit
    Error.stackTraceLimit = 0
    super(body.msg)
    Error.stackTraceLimit = limit
    this.name = 'ApiFailure'
  }
}

/** Throws the error `key` with its spec status and `%s` filled from `args`. */
export function fail(key: ApiErrorKey, ...args: (string | number)[]): never {
  throw new ApiFailure(API_ERRORS[key].status, apiError(key, ...args))
}

/** Throws `key` with extra `error.data`. */
export function failWithData(
  key: ApiErrorKey,
  data: Record<string, unknown>,
  ...args: (string | number)[]
): never {
  throw new ApiFailure(API_ERRORS[key].status, { ...apiError(key, ...args), data })
}
