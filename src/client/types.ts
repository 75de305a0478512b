// Public types of the client: responses, per-call options, the derived method table, connection events.
import type { ApiErrorBody, RateLimit, RequestId } from '../protocol/envelope.js'
import type { ServerShutdown } from '../protocol/events.js'
import type { EntryOf, Method, MethodEntry, ParamsOf, ResultOf } from '../protocol/methods.js'

/** A successful answer. */
export interface ApiResponse<T> {
  data: T
  /** Usage after this request; absent when the request or connection asked for `returnRateLimits=false`. */
  rateLimits: RateLimit[] | undefined
  id: RequestId
  status: number
}

export interface CallOptions {
  /** Aborts waiting for the answer (the request may still have been processed). */
  signal?: AbortSignal
  /** Deadline for this call in ms; default the config's `timeout`. */
  timeout?: number
}

type MethodFn<M extends Method> = [keyof EntryOf<M>['required']] extends [never]
  ? (params?: ParamsOf<M>, options?: CallOptions) => Promise<ApiResponse<ResultOf<M>>>
  : (params: ParamsOf<M>, options?: CallOptions) => Promise<ApiResponse<ResultOf<M>>>

/** Every catalogue method, by client name, with its derived params and result types. */
export type ApiMethods = Omit<
  { [E in MethodEntry as E['name']]: MethodFn<E['wire']> },
  'userDataStreamSubscribe' | 'userDataStreamSubscribeSignature' | 'userDataStreamUnsubscribe'
>

/** A status change of one socket position. */
export type StatusChange =
  | { state: 'connecting'; attempt: number }
  | { state: 'open' }
  | { state: 'reconnecting'; attempt: number; delay: number; code: number; reason: string }
  | { state: 'renewing'; reason: string; retryIn?: number }
  | { state: 'closed'; reason: string }

/** Connection status changes; `slot` is the pool position (0 in single mode). */
export type ConnectionStatus = { slot: number } & StatusChange

/** Events may have been missed between `from` and `to` (epoch ms): re-query orders and balances. */
export interface GapEvent {
  from: number
  to: number
  /** Subscriptions that were re-established. */
  streams: number
}

export interface ConnectionEvents {
  status: [ConnectionStatus]
  gap: [GapEvent]
  serverShutdown: [ServerShutdown]
  sessionRevoked: [ApiErrorBody]
}
