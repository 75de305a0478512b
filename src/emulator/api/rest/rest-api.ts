// The REST front (spec/rest-api.md) on the emulator's port: `/api/v3/<path>` with the verb of a catalogue row's
// `rest` field runs that row's request through run-request.ts like a WebSocket API frame — the same state,
// validation, handlers, weights and limits — and answers it as Binance's REST API does. HEAD is GET without the
// body. Every request counts 1 toward RAW_REQUESTS.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { apiError } from '../../../protocol/errors.js'
import type { MethodSpec } from '../../../protocol/methods.js'
import type { Account } from '../../exchange/account.js'
import { fail } from '../../exchange/api-failure.js'
import type { Connection } from '../connection.js'
import { plainFullJson } from '../format/order-json.js'
import { type HttpRoute, nginxPage } from '../http-routes.js'
import type { OutboundGate } from '../persistence/outbound-gate.js'
import { type DispatchEnv, expected, failure, type Outcome, refuseUnrun, runRequest } from '../run-request.js'
import { parseTimeUnit, resultInMicroseconds } from '../server-life/time-unit.js'
import { type FormParams, readForm } from './form-params.js'
import { restConnections } from './rest-connections.js'
import { errorBody, orderCountHeaders, weightHeaders, writeAnswer } from './rest-response.js'
import { REST_ROUTES } from './rest-routes.js'
import { wafBlockPage, wafRequestId } from './waf-page.js'

export interface RestEnv extends DispatchEnv {
  /** Runs after each request (publishes the market data it changed, fires due timers). */
  readonly afterRequest?: () => void
  /** With a data dir: holds each answer until the journal records before it are durable. */
  readonly gate?: OutboundGate
}

/** Largest body read (bytes); a larger one is answered 413. Requests are a few hundred bytes. */
export const MAX_BODY_BYTES = 64 * 1024
/** Longest request target (bytes); a longer one is answered 414, as nginx's default 8 KB buffers do. */
export const MAX_URL_BYTES = 8 * 1024

const HTML_TYPE = 'text/html'

/** The `/api/` route of the HTTP server, and the answer to paths no route takes (`notFound`, prefix `/`). */
export function restApi(env: RestEnv): { api: HttpRoute; notFound: HttpRoute } {
  const connectionOf = restConnections(() => env.clock())
  const blocks = { count: 0 }
  const counted = (req: IncomingMessage) => {
    const connection = connectionOf(req)
    env.rawRequests?.add(connection.ip, 1, env.clock())
    return connection
  }
  /** 404, or 405 with `Allow` for a known path: -1020 with the weight headers (docs/emulator-fidelity.md R10). */
  const refuse = (res: ServerResponse, connection: Connection, verbs?: ReadonlyMap<string, MethodSpec>) => {
    const headers = weightHeaders(env.weights.entry(connection.ip, env.clock()))
    if (verbs) headers.push('Allow', allowed(verbs.keys()))
    writeAnswer(res, verbs ? 405 : 404, JSON.stringify(apiError('UNSUPPORTED_OPERATION')), headers)
  }
  const notFound: HttpRoute = { prefix: '/', handle: (req, res) => refuse(res, counted(req)) }
  const api: HttpRoute = {
    prefix: '/api/',
    handle(req, res, path, query) {
      const connection = counted(req)
      const verbs = REST_ROUTES.get(path)
      const spec = verbs?.get(req.method === 'HEAD' ? 'GET' : (req.method ?? ''))
      if (!verbs || !spec) {
        refuse(res, connection, verbs)
        return
      }
      // The retired listenKey rows (`inSpec: false`) answer as Binance does now (docs/emulator-fidelity.md R8).
      if (!spec.inSpec && !env.legacyListenKey) {
        const headers = weightHeaders(env.weights.entry(connection.ip, env.clock()))
        writeAnswer(res, 410, nginxPage(410, 'Gone'), headers, HTML_TYPE)
        return
      }
      if ((req.url?.length ?? 0) > MAX_URL_BYTES) {
        const headers = weightHeaders(env.weights.entry(connection.ip, env.clock()))
        writeAnswer(res, 414, nginxPage(414, 'Request-URI Too Large'), headers, HTML_TYPE, true)
        return
      }
      if (req.method === 'GET' || req.method === 'HEAD' || !hasBody(req)) {
        answerRequest(env, req, res, connection, spec, query, '', blocks)
        return
      }
      readBody(req, (body) => {
        if (body === undefined) {
          const headers = weightHeaders(env.weights.entry(connection.ip, env.clock()))
          writeAnswer(res, 413, nginxPage(413, 'Request Entity Too Large'), headers, HTML_TYPE, true)
          return
        }
        answerRequest(env, req, res, connection, spec, query, isJson(body) ? '' : body, blocks)
      })
    },
  }
  return { api, notFound }
}

/** The `Allow` header of a path: its verbs, and HEAD with GET. */
export function allowed(verbs: Iterable<string>): string {
  return [...verbs].flatMap((v) => (v === 'GET' ? ['GET', 'HEAD'] : [v])).join(', ')
}

function hasBody(req: IncomingMessage): boolean {
  return req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined
}

/**
 * A JSON body is never a form: it is not read, so its params are missing. Any other body is read as a form,
 * whatever its Content-Type says (docs/emulator-fidelity.md R7).
 */
function isJson(body: string): boolean {
  const first = body.trimStart()[0]
  return first === '{' || first === '['
}

/** The body as text, or undefined once it is larger than MAX_BODY_BYTES (the rest is not read). */
function readBody(req: IncomingMessage, done: (body: string | undefined) => void): void {
  if (Number(req.headers['content-length']) > MAX_BODY_BYTES) {
    done(undefined)
    return
  }
  const chunks: Buffer[] = []
  let size = 0
  const onData = (chunk: Buffer) => {
    size += chunk.length
    if (size <= MAX_BODY_BYTES) {
      chunks.push(chunk)
      return
    }
    req.off('data', onData)
    req.pause()
    done(undefined)
  }
  req.on('data', onData)
  req.on('end', () => {
    if (size <= MAX_BODY_BYTES)
      done(chunks.length === 1 ? String(chunks[0]) : Buffer.concat(chunks).toString())
  })
}

function answerRequest(
  env: RestEnv,
  req: IncomingMessage,
  res: ServerResponse,
  connection: Connection,
  spec: MethodSpec,
  query: string,
  body: string,
  blocks: { count: number },
): void {
  const now = env.clock()
  const micro = timeUnitOf(req)
  const { gate } = env
  const write = (outcome: Outcome, account: Account | undefined, at: number) => {
    const answer = () =>
      'waf' in outcome
        ? writeAnswer(res, outcome.status, wafBlockPage(wafRequestId(++blocks.count)), [], HTML_TYPE)
        : writeOutcome(env, res, connection, spec, outcome, account, at, micro === 'MICROSECOND')
    if (gate) gate.send(answer)
    else answer()
  }
  let form: FormParams
  try {
    if (micro === undefined) fail('INVALID_TIME_UNIT')
    form = readForm(query, body)
  } catch (e) {
    if (!expected(e)) env.internalErrors?.met(spec.wire, e)
    write(refuseUnrun(env, connection.ip, 1, now, e, true), undefined, now)
    return
  }
  const header = req.headers['x-mbx-apikey']
  const apiKey = Array.isArray(header) ? header[0] : header
  try {
    runRequest(
      env,
      connection,
      { spec, params: form.params, rest: { apiKey, payload: form.payload } },
      now,
      write,
    )
  } catch (e) {
    env.internalErrors?.met(spec.wire, e)
    write(failure(undefined), undefined, now)
  }
  env.afterRequest?.()
}

/** The `X-MBX-TIME-UNIT` header's unit (MILLISECOND without one); undefined for a refused value. */
function timeUnitOf(req: IncomingMessage): ReturnType<typeof parseTimeUnit> {
  const header = req.headers['x-mbx-time-unit']
  return parseTimeUnit(typeof header === 'string' ? header : null)
}

function writeOutcome(
  env: RestEnv,
  res: ServerResponse,
  connection: Connection,
  spec: MethodSpec,
  outcome: Outcome,
  account: Account | undefined,
  now: number,
  micro: boolean,
): void {
  const headers = weightHeaders(env.weights.entry(connection.ip, now))
  if (spec.unfilledOrders > 0 && account)
    orderCountHeaders(env.exchange.orderCounts.entries(account.id, now), headers)
  let body: string
  if ('result' in outcome) {
    const result = spec.rest?.single && Array.isArray(outcome.result) ? outcome.result[0] : outcome.result
    body = plainFullJson(result) ?? JSON.stringify(result)
    if (micro) body = JSON.stringify(resultInMicroseconds(JSON.parse(body)))
  } else {
    body = errorBody(outcome.error, now, headers)
  }
  writeAnswer(res, outcome.status, body, headers)
}
