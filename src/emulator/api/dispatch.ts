// The WebSocket API front: one request frame in, one response frame out, then any events it caused
// (run-request.ts runs the request the same way for both fronts).
import type { RequestId } from '../../protocol/envelope.js'
import { API_ERRORS, apiError } from '../../protocol/errors.js'
import { METHOD_BY_WIRE, type MethodSpec } from '../../protocol/methods.js'
import type { Account } from '../exchange/account.js'
import { ApiFailure } from '../exchange/api-failure.js'
import { keyUsable } from './auth.js'
import type { Connection } from './connection.js'
import { plainFullJson } from './format/order-json.js'
import { type DispatchEnv, type Outcome, refuseUnrun, runRequest } from './run-request.js'
import { parseFrame } from './wire/frame.js'

export type { DispatchEnv } from './run-request.js'

const VERSION_PREFIX = 'v3/'

/** Who a response goes to and what its `rateLimits` show. */
interface Reply {
  readonly id: RequestId
  readonly show: boolean
  readonly spec?: MethodSpec
  readonly account?: Account | undefined
}

export function dispatch(env: DispatchEnv, connection: Connection, text: string): void {
  answer(env, connection, text)
  const { session } = connection
  if (session && !keyUsable(env.exchange, session.account, connection.ip)) revoke(connection)
}

/**
 * Ends a session whose key was deleted or may no longer be used from here, as Binance does after the next request:
 * a pushed 401 -2015 (the session's user data subscription ended when the key changed).
 */
function revoke(connection: Connection): void {
  connection.session = undefined
  const error = apiError('REJECTED_MBX_KEY')
  connection.send(JSON.stringify({ id: null, status: API_ERRORS.REJECTED_MBX_KEY.status, error }))
}

function answer(env: DispatchEnv, connection: Connection, text: string): void {
  const now = env.clock()
  const frame = parseFrame(text)
  if (!frame.ok) {
    const reply = { id: frame.id, show: connection.returnRateLimits }
    const refusal = new ApiFailure(400, frame.error)
    respond(env, connection, reply, now, refuseUnrun(env, connection.ip, 1, now, refusal, false))
    return
  }
  const method = frame.method.startsWith(VERSION_PREFIX)
    ? frame.method.slice(VERSION_PREFIX.length)
    : frame.method
  const known = METHOD_BY_WIRE.get(method)
  // A retired method answers as Binance answers it now: as an unknown one (docs/emulator-fidelity.md A15).
  const spec = known?.inSpec === false && !env.legacyListenKey ? undefined : known
  const show = showRateLimits(frame.params['returnRateLimits'], connection.returnRateLimits)
  if (!spec) {
    const unsupported = new ApiFailure(400, apiError('UNSUPPORTED_OPERATION'))
    respond(
      env,
      connection,
      { id: frame.id, show },
      now,
      refuseUnrun(env, connection.ip, 1, now, unsupported, false),
    )
    return
  }
  const id = frame.id
  runRequest(env, connection, { spec, params: frame.params }, now, (outcome, account, at) =>
    respond(env, connection, { id, show, spec, account }, at, outcome),
  )
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
    if (reply.spec && reply.spec.unfilledOrders > 0) {
      limits = env.exchange.orderCounts.entriesJson(reply.account?.id, now)
    }
    const weight = env.weights.entryJson(connection.ip, now)
    limits = limits === '' ? weight : `${limits},${weight}`
    text = `${text}${text === '{' ? '' : ','}"rateLimits":[${limits}]`
  }
  connection.send(`${text}}`)
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
