// One request frame in, one response frame out (then any events it caused, also after an error
// response: what a partly failed request did still happened), in the order of docs/emulator-fidelity.md A23:
// JSON, method, params, auth, REQUEST_WEIGHT, symbol, handler.
import type { ApiErrorBody, RequestId } from '../../protocol/envelope.js'
import { API_ERRORS, apiError } from '../../protocol/errors.js'
import { METHOD_BY_WIRE, type Method, type MethodSpec, type ParamsOf } from '../../protocol/methods.js'
import { requestWeight } from '../../protocol/weight.js'
import { UnitsOverflow } from '../engine/decimal.js'
import type { Account } from '../exchange/account.js'
import { ApiFailure, fail } from '../exchange/api-failure.js'
import type { Exchange } from '../exchange/exchange.js'
import { authenticate } from './auth.js'
import type { Connection } from './connection.js'
import type { Faults } from './control/faults.js'
import type { RequestLog } from './control/request-log.js'
import { plainFullJson } from './format/order-json.js'
import type { Handler, HandlerContext } from './handlers/context.js'
import { HANDLERS, PRECHECKS } from './handlers/index.js'
import type { BanList } from './limits/bans.js'
import { checkRequestWeight } from './limits/request-weight-gate.js'
import type { WeightCounter } from './limits/weight-counter.js'
import type { UserStreams } from './user-streams.js'
import { parseFrame } from './wire/frame.js'
import { validateParams } from './wire/params.js'

/** What the dispatcher works with, shared by every connection. */
export interface DispatchEnv {
  readonly exchange: Exchange
  readonly weights: WeightCounter
  readonly streams: UserStreams
  readonly clock: () => number
  /** IP bans for repeated REQUEST_WEIGHT violations; none without. */
  readonly bans?: BanList
  /** Faults injected by the control API. */
  readonly faults?: Faults
  /** Told of every answer (the control API's request log); none without. */
  readonly requestLog?: RequestLog | undefined
}

const VERSION_PREFIX = 'v3/'

/** Who a response goes to and what its `rateLimits` show. */
interface Reply {
  readonly id: RequestId
  readonly show: boolean
  readonly spec?: MethodSpec
  account?: Account | undefined
}

type Outcome =
  | { readonly status: 200; readonly result: unknown }
  | { readonly status: number; readonly error: ApiErrorBody }

/** `released`: a stalled request now being answered (no fault applies twice). */
export function dispatch(env: DispatchEnv, connection: Connection, text: string, released = false): void {
  env.requestLog?.begin()
  const now = env.clock()
  const frame = parseFrame(text)
  if (!frame.ok) {
    env.weights.add(connection.ip, 1, now)
    const reply = { id: frame.id, show: connection.returnRateLimits }
    respond(env, connection, reply, now, { status: 400, error: frame.error })
    return
  }
  const method = frame.method.startsWith(VERSION_PREFIX)
    ? frame.method.slice(VERSION_PREFIX.length)
    : frame.method
  const spec = METHOD_BY_WIRE.get(method)
  const show = showRateLimits(frame.params['returnRateLimits'], connection.returnRateLimits)
  if (!spec) {
    env.weights.add(connection.ip, 1, now)
    respond(
      env,
      connection,
      { id: frame.id, show },
      now,
      failure(new ApiFailure(400, apiError('UNSUPPORTED_OPERATION'))),
    )
    return
  }
  const fault = released ? undefined : env.faults?.take(spec.wire)
  if (fault?.kind === 'stall') {
    fault.hold(() => dispatch(env, connection, text, true))
    return
  }
  env.weights.add(
    connection.ip,
    requestWeight(spec, frame.params, (s) => env.exchange.symbols.has(s)),
    now,
  )
  const reply: Reply = { id: frame.id, show, spec }
  const tasks: (() => void)[] = []
  let outcome: Outcome
  try {
    if (fault && !fault.executed) throw fault.failure
    const later = (task: () => void) => tasks.push(task)
    const outer = env.streams.hold(later)
    try {
      outcome = { status: 200, result: handle(env, connection, spec, frame.params, reply, later, now) }
    } finally {
      env.streams.release(outer)
    }
  } catch (e) {
    outcome = failure(e)
  }
  if (fault) outcome = failure(fault.failure)
  respond(env, connection, reply, now, outcome)
  for (const task of tasks) task()
}

/** Validation, authentication, limits, then the handler; sets `reply.account` once known. */
function handle(
  env: DispatchEnv,
  connection: Connection,
  spec: MethodSpec,
  raw: Record<string, unknown>,
  reply: Reply,
  later: (task: () => void) => void,
  now: number,
): unknown {
  // Each row's handler takes that row's params, which validateParams produces from the same row.
  const handler = HANDLERS[spec.wire] as Handler<Method>
  const params = validateParams(spec, raw)
  const precheck = PRECHECKS[spec.wire] as ((p: Record<string, unknown>) => void) | undefined
  precheck?.(params)
  const account = authenticate(spec, raw, connection, env.exchange, env.clock, now)
  reply.account = account
  checkRequestWeight(env.weights, env.bans, connection.ip, now)
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
  }
  return handler(ctx, params as ParamsOf<Method>)
}

/** An API failure as its response; anything else is an internal error (500 -1000). */
function failure(e: unknown): Outcome {
  if (e instanceof ApiFailure) return { status: e.status, error: e.body }
  if (e instanceof UnitsOverflow)
    return { status: API_ERRORS.PARAM_OVERFLOW.status, error: apiError('PARAM_OVERFLOW', e.param) }
  return { status: API_ERRORS.UNKNOWN.status, error: apiError('UNKNOWN') }
}

function hasSymbolParam(spec: MethodSpec): boolean {
  return spec.required['symbol'] === 'STRING' || spec.optional['symbol'] === 'STRING'
}

/** The request's `returnRateLimits` if it sent one, else the connection's default. */
function showRateLimits(value: unknown, fallback: boolean): boolean {
  if (value === false || value === 'false') return false
  if (value === true || value === 'true') return true
  return fallback
}

function respond(
  env: DispatchEnv,
  connection: Connection,
  reply: Reply,
  now: number,
  outcome: Outcome,
): void {
  // The text of `JSON.stringify({ id, status, result | error, rateLimits? })`, put together from its members':
  // the rateLimits entries are texts made once but for their counts.
  let text = '{'
  text = member(text, 'id', reply.id)
  text = member(text, 'status', outcome.status)
  text =
    'result' in outcome
      ? member(text, 'result', outcome.result, plainFullJson(outcome.result))
      : member(text, 'error', outcome.error)
  if (reply.show) {
    let limits = ''
    if (reply.spec && reply.spec.unfilledOrders > 0 && reply.account) {
      limits = env.exchange.orderCounts.entriesJson(reply.account.id, now)
    }
    const weight = env.weights.entryJson(connection.ip, now)
    limits = limits === '' ? weight : `${limits},${weight}`
    text = `${text}${text === '{' ? '' : ','}"rateLimits":[${limits}]`
  }
  connection.send(`${text}}`)
  env.requestLog?.answered(connection.ip, reply.spec, reply.account, outcome.status, now)
}

/**
 * `text` (an object's text so far, from its `{`) with the member `"name":value` as JSON.stringify writes it;
 * `known` is the value's text when the caller has it.
 */
function member(text: string, name: string, value: unknown, known?: string): string {
  const json = known ?? JSON.stringify(value)
  if (json === undefined) return text
  return `${text}${text === '{' ? '' : ','}"${name}":${json}`
}
