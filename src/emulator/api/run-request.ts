// One request of either front (WebSocket API or REST), past its parsing, in the order of
// docs/emulator-fidelity.md A23: faults (a WAF block answers before anything else), REQUEST_WEIGHT charged, the
// weight gate (418 banned, 429 over), params, auth, symbol, handler, the weight given back for a success that costs
// none (`successWeight`);
// then the answer, then any events it caused (also after an error: what a partly failed request did still
// happened). One state, one validation, one set of handlers for both fronts.
import type { ApiErrorBody } from '../../protocol/envelope.js'
import { API_ERRORS, apiError } from '../../protocol/errors.js'
import type { Method, MethodSpec, ParamsOf } from '../../protocol/methods.js'
import { requestWeight } from '../../protocol/weight.js'
import { UnitsOverflow } from '../engine/decimal.js'
import type { Account } from '../exchange/account.js'
import { ApiFailure, fail } from '../exchange/api-failure.js'
import type { Exchange } from '../exchange/exchange.js'
import { authenticate, type RestCredentials } from './auth.js'
import type { Connection } from './connection.js'
import { type Faults, WAF_BLOCK } from './control/faults.js'
import type { RequestLog } from './control/request-log.js'
import type { Handler, HandlerContext } from './handlers/context.js'
import { HANDLERS, PRECHECKS } from './handlers/index.js'
import type { InternalErrors } from './internal-errors.js'
import type { BanList } from './limits/bans.js'
import { checkRequestWeight } from './limits/request-weight-gate.js'
import type { WeightCounter } from './limits/weight-counter.js'
import type { UserStreams } from './user-streams.js'
import { validateParams } from './wire/params.js'
import { checkAllRead } from './wire/unread-params.js'

/** What requests work with, shared by every connection of both fronts. */
export interface DispatchEnv {
  readonly exchange: Exchange
  readonly weights: WeightCounter
  readonly streams: UserStreams
  readonly clock: () => number
  /**
   * A replay's wall clock: a signed request's timestamp may be within recvWindow of it or of the data clock
   * (docs/emulator-fidelity.md, replay timestamps); none outside a replay.
   */
  readonly wallClock?: (() => number) | undefined
  /** IP bans for repeated REQUEST_WEIGHT violations; none without. */
  readonly bans?: BanList
  /** REST's RAW_REQUESTS per IP (every HTTP request adds 1, rest-api.ts), checked with the weight; none without. */
  readonly rawRequests?: WeightCounter
  /** Faults injected by the control API. */
  readonly faults?: Faults
  /** Serve the listenKey methods Binance retired (`inSpec: false` rows); else they answer as unknown methods. */
  readonly legacyListenKey?: boolean
  /** Told of every answer (the control API's request log); none without. */
  readonly requestLog?: RequestLog | undefined
  /** Told of the errors answered -1000 (logged and counted); none without. */
  readonly internalErrors?: InternalErrors | undefined
}

/** One request: its method's row and its params as sent (numbers as their literal text). */
export interface ApiRequest {
  readonly spec: MethodSpec
  readonly params: Record<string, unknown>
  /** A REST request's key header and signed text; undefined over the WebSocket API. */
  readonly rest?: RestCredentials | undefined
}

export type Outcome =
  | { readonly status: 200; readonly result: unknown }
  | {
      readonly status: number
      readonly error: ApiErrorBody
      /** Blocked by the WAF in front of the API: REST answers CloudFront's page instead of `error`. */
      readonly waf?: true
    }

/**
 * Writes the outcome; `account` is the one the request acted for once known, else, for a method that places orders,
 * the one its key names (its ORDERS counts, unchanged by a refused request; docs/emulator-fidelity.md A4).
 */
export type Answer = (outcome: Outcome, account: Account | undefined, now: number) => void

/** Runs `request` and answers it, at once or, for a stalled one, when the control API releases it. */
export function runRequest(
  env: DispatchEnv,
  connection: Connection,
  request: ApiRequest,
  now: number,
  answer: Answer,
  released = false,
): void {
  const { spec, params } = request
  const started = env.requestLog ? performance.now() : 0
  const fault = released ? undefined : env.faults?.take(spec.wire)
  if (fault?.kind === 'stall') {
    fault.hold(() => runRequest(env, connection, request, env.clock(), answer, true))
    return
  }
  const named = () => (spec.unfilledOrders > 0 ? namedAccount(env, connection, request) : undefined)
  if (fault?.kind === 'waf') {
    const account = named()
    answer({ status: WAF_BLOCK.status, error: WAF_BLOCK.body, waf: true }, account, now)
    env.requestLog?.answered(connection.ip, request, account, WAF_BLOCK.status, now, started)
    return
  }
  const weight = requestWeight(spec, params, (s) => env.exchange.symbols.has(s))
  env.weights.add(connection.ip, weight, now)
  const tasks: (() => void)[] = []
  const reply: { account: Account | undefined } = { account: undefined }
  let outcome: Outcome
  try {
    if (fault && !fault.executed) throw fault.failure
    const later = (task: () => void) => tasks.push(task)
    const outer = env.streams.hold(later)
    try {
      outcome = { status: 200, result: handle(env, connection, request, reply, later, now) }
    } finally {
      env.streams.release(outer)
    }
  } catch (e) {
    outcome = failure(e)
    if (!expected(e)) env.internalErrors?.met(spec.wire, e)
  }
  if (fault) outcome = failure(fault.failure)
  // Charged before it ran (the gate weighs it), given back once it succeeded: its answer counts it at 0.
  if (outcome.status === 200 && spec.successWeight === 0) env.weights.refund(connection.ip, weight, now)
  const account = reply.account ?? named()
  answer(outcome, account, now)
  env.requestLog?.answered(connection.ip, request, account, outcome.status, now, started)
  for (const task of tasks) task()
}

/** Limits, validation, authentication, then the handler; sets `reply.account` once known. */
function handle(
  env: DispatchEnv,
  connection: Connection,
  { spec, params: raw, rest }: ApiRequest,
  reply: { account: Account | undefined },
  later: (task: () => void) => void,
  now: number,
): unknown {
  // Every request the IP sends is refused while it is banned or over its limits, a malformed one too: it was charged.
  const rawRequests = rest ? env.rawRequests : undefined
  checkRequestWeight(env.weights, env.bans, connection.ip, now, rawRequests)
  // Each row's handler takes that row's params, which validateParams produces from the same row.
  const handler = HANDLERS[spec.wire] as Handler<Method>
  const params = validateParams(spec, raw)
  const precheck = PRECHECKS[spec.wire] as ((p: Record<string, unknown>) => void) | undefined
  precheck?.(params)
  checkAllRead(spec, raw, rest ? 'rest' : 'ws')
  const account = authenticate(spec, raw, connection, env.exchange, env, now, rest)
  reply.account = account
  const symbol = params['symbol']
  if (typeof symbol === 'string' && hasSymbolParam(spec) && !env.exchange.symbols.has(symbol)) {
    fail('BAD_SYMBOL')
  }
  const ctx: HandlerContext = {
    exchange: env.exchange,
    connection,
    streams: env.streams,
    method: spec,
    account,
    now,
    later,
    rawRequests: rawRequests?.rule,
  }
  return handler(ctx, params as ParamsOf<Method>)
}

/**
 * Charges `weight` for a request refused before it could run (a frame or form that does not parse, an unknown
 * method) and answers it with `refusal`, unless the IP is banned or over its limits: then 418 or 429, as any request.
 */
export function refuseUnrun(
  env: DispatchEnv,
  ip: string,
  weight: number,
  now: number,
  refusal: unknown,
  rest: boolean,
): Outcome {
  env.weights.add(ip, weight, now)
  try {
    checkRequestWeight(env.weights, env.bans, ip, now, rest ? env.rawRequests : undefined)
  } catch (e) {
    return failure(e)
  }
  return failure(refusal)
}

/** The account a request's key names (the `apiKey` param or header, else the session's), verified or not. */
function namedAccount(env: DispatchEnv, connection: Connection, request: ApiRequest): Account | undefined {
  const key = request.rest ? request.rest.apiKey : request.params['apiKey']
  if (typeof key === 'string' && key !== '') return env.exchange.account(key)
  const session = request.rest ? undefined : connection.session?.account
  return session && env.exchange.account(session.apiKey) === session ? session : undefined
}

/** Whether `e` is a refusal the API answers (not an internal error). */
export function expected(e: unknown): boolean {
  return e instanceof ApiFailure || e instanceof UnitsOverflow
}

/** An API failure as its response; anything else is an internal error (500 -1000). */
export function failure(e: unknown): Outcome {
  if (e instanceof ApiFailure) return { status: e.status, error: e.body }
  if (e instanceof UnitsOverflow)
    return { status: API_ERRORS.PARAM_OVERFLOW.status, error: apiError('PARAM_OVERFLOW', e.param) }
  return { status: API_ERRORS.UNKNOWN.status, error: apiError('UNKNOWN') }
}

function hasSymbolParam(spec: MethodSpec): boolean {
  return spec.required['symbol'] === 'STRING' || spec.optional['symbol'] === 'STRING'
}
