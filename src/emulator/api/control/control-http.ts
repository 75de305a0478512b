// `/control/`: the control API as JSON over HTTP (docs/emulator-control.md "Over HTTP"). Routes come from
// CONTROL_ROUTES; the peer must be loopback (or allowed), the bearer token must match when one is set, and a
// browser page of another origin is refused. Answers `{"result": …}` or `{"error": {"code", "msg"}}`.
import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { isIP } from 'node:net'
import { ApiFailure } from '../../exchange/api-failure.js'
import type { HttpRoute } from '../http-routes.js'
import type { InternalErrors } from '../internal-errors.js'
import { PROMETHEUS_CONTENT_TYPE } from '../metrics/prometheus-text.js'
import type { OutboundGate } from '../persistence/outbound-gate.js'
import type { ControlEvents } from './control-events.js'
import { ControlParamError } from './control-param-error.js'
import { CONTROL_ROUTES, type ControlRoute, readArgs, Stalls } from './control-routes.js'
import type { EmulatorControl } from './emulator-control.js'

export interface ControlHttpOptions {
  /** The changes (POST routes) are on; off, only reads and events are served (for the dashboard). */
  readonly changes: boolean
  /** Bearer token every request must carry; none: no token asked. */
  readonly token: string | undefined
  /** With `token`: a token that may only read (the read routes and the event stream). */
  readonly readToken?: string | undefined
  /** Peer addresses allowed besides loopback (`'*'`: any), and host names the API may be reached as. */
  readonly allow: readonly string[]
  /** With a data dir: an answer waits until the commands before it are on disk. */
  readonly gate?: OutboundGate | undefined
  /** Told of each change once answered (the audit trail). */
  readonly onChange?: ((change: ControlChange) => void) | undefined
  /** Told of an error no call should meet (answered 500 INTERNAL): logged and counted, as over REST. */
  readonly internalErrors?: Pick<InternalErrors, 'met'> | undefined
}

/** A change made over `/control/` (`onControlChange`): what, from where, when. */
export interface ControlChange {
  /** Wall-clock time of the answer (ms). */
  readonly time: number
  /** The route, as `/control/<route>` names it (`removeKey`, `clock/advance`). */
  readonly route: string
  /** The peer's address. */
  readonly peer: string
  /** The params as sent, with `hmacSecret` replaced by `"<secret>"` and a `publicKey` by `"<public key>"`. */
  readonly params: Readonly<Record<string, unknown>>
}

/** What a change's params show in the audit trail instead of key material. */
const HIDDEN: Readonly<Record<string, string>> = { hmacSecret: '<secret>', publicKey: '<public key>' }

/** Largest JSON body read (bytes). */
const MAX_BODY_BYTES = 64 * 1024
const PREFIX = '/control/'

type ErrorCode =
  | 'FORBIDDEN'
  | 'UNAUTHORIZED'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'CONTROL_DISABLED'
  | 'READ_ONLY'
  | 'INVALID_JSON'
  | 'INVALID_PARAM'
  | 'TOO_LARGE'
  | 'REJECTED'
  | 'INTERNAL'

/** The `/control/` route of the HTTP server; `afterChange` runs after each change (publishes market data, timers). */
export function controlHttp(
  control: EmulatorControl,
  events: ControlEvents,
  afterChange: () => void,
  options: ControlHttpOptions,
): HttpRoute {
  const stalls = new Stalls()
  const tokenDigest = options.token === undefined ? undefined : digest(options.token)
  const readDigest = options.readToken === undefined ? undefined : digest(options.readToken)
  const allowed = (ip: string) => isLoopback(ip) || options.allow.includes('*') || options.allow.includes(ip)
  return {
    // Without its slash, to take `/control` too (redirected to the listing).
    prefix: PREFIX.slice(0, -1),
    handle(req, res, path, query) {
      const ip = req.socket.remoteAddress ?? ''
      if (!allowed(ip)) return answerError(res, 403, 'FORBIDDEN', `peer ${ip} may not use the control API`)
      const origin = originProblem(req, options.allow)
      if (origin) return answerError(res, 403, 'FORBIDDEN', origin)
      // The read token opens the reads only; without tokens, everything is open to the allowed peers.
      const readOnly = tokenDigest !== undefined && !tokenMatches(req, tokenDigest)
      if (readOnly && !(readDigest && tokenMatches(req, readDigest))) {
        res.setHeader('www-authenticate', 'Bearer')
        return answerError(
          res,
          401,
          'UNAUTHORIZED',
          'a valid "Authorization: Bearer <token>" header is required',
        )
      }
      if (path === PREFIX.slice(0, -1)) {
        res.writeHead(308, { location: `${PREFIX}${query === '' ? '' : `?${query}`}` }).end()
        return
      }
      // Route names are written with '/' (`clock/advance`); a '.' in the path names no route.
      const rest = path.startsWith(PREFIX) ? path.slice(PREFIX.length) : '.'
      const name = rest.includes('.') ? '' : rest.replaceAll('/', '.')
      if (rest === '' && req.method === 'GET') return answer(res, 200, { result: listing() })
      if (rest === 'events') {
        if (req.method === 'GET') return events.serve(req, res, !readOnly)
        res.setHeader('allow', 'GET')
        return answerError(res, 405, 'METHOD_NOT_ALLOWED', `${path} takes GET`)
      }
      const route =
        name !== '' && Object.hasOwn(CONTROL_ROUTES, name)
          ? CONTROL_ROUTES[name as keyof typeof CONTROL_ROUTES]
          : undefined
      if (!route)
        return answerError(res, 404, 'NOT_FOUND', `no control route ${path} (GET ${PREFIX} lists them)`)
      if (req.method !== 'POST' && !(route.reads && req.method === 'GET')) {
        res.setHeader('allow', route.reads ? 'GET, POST' : 'POST')
        return answerError(
          res,
          405,
          'METHOD_NOT_ALLOWED',
          `${path} takes ${route.reads ? 'GET or POST' : 'POST'}`,
        )
      }
      if (!route.reads && !options.changes) {
        const msg = 'control changes are off: start the emulator with --control (option control: true)'
        return answerError(res, 403, 'CONTROL_DISABLED', msg)
      }
      if (!route.reads && readOnly) return answerError(res, 403, 'READ_ONLY', 'this token may only read')
      if (req.method === 'GET') return run(res, path, route, queryParams(query), true)
      // A POST's params are its JSON body only: a query string beside it would be ignored, or clash with it.
      if (query !== '') {
        const msg = 'query string: a POST takes its params in the JSON body, not in the URL'
        return answerError(res, 400, 'INVALID_PARAM', msg)
      }
      const audit = options.onChange && !route.reads ? auditOf(options.onChange, path, ip) : undefined
      readBody(req, res, (raw) => {
        if (!run(res, path, route, raw, false, audit) || route.reads) return
        afterChange()
        events.changed()
      })
    },
  }

  function run(
    res: ServerResponse,
    path: string,
    route: ControlRoute,
    raw: Record<string, unknown> | string,
    texts: boolean,
    audit?: (params: Record<string, unknown>) => void,
  ) {
    if (typeof raw === 'string') {
      answerError(res, 400, 'INVALID_PARAM', raw)
      return false
    }
    const succeed = (result: unknown) => {
      if (route.text) {
        res
          .writeHead(200, { 'content-type': PROMETHEUS_CONTENT_TYPE, 'cache-control': 'no-store' })
          .end(result)
        return
      }
      const body = { result: result ?? null }
      if (options.gate) options.gate.send(() => answer(res, 200, body))
      else answer(res, 200, body)
      audit?.(raw as Record<string, unknown>)
    }
    try {
      const result = route.run(control, readArgs(route, raw, texts), stalls)
      // A call that takes time (a snapshot, a reset) answers when it is done.
      if (result instanceof Promise) result.then(succeed, (e: unknown) => refuse(res, e, path))
      else succeed(result)
      return true
    } catch (e) {
      refuse(res, e, path)
      return false
    }
  }

  /** Answers the error a control call to `path` threw. */
  function refuse(res: ServerResponse, e: unknown, path: string): void {
    if (e instanceof ControlParamError) answerError(res, 400, 'INVALID_PARAM', e.message)
    else if (e instanceof ApiFailure) answerError(res, 400, 'REJECTED', e.body.msg, e.body.code)
    else if (e instanceof RangeError) answerError(res, 400, 'REJECTED', e.message)
    else {
      options.internalErrors?.met(path, e, '500 INTERNAL')
      answerError(res, 500, 'INTERNAL', 'internal error')
    }
  }
}

/** Tells `onChange` of a change to `path` by `peer` once answered, with its key material hidden. */
function auditOf(onChange: (change: ControlChange) => void, path: string, peer: string) {
  return (params: Record<string, unknown>) => {
    const shown = { ...params }
    for (const [field, text] of Object.entries(HIDDEN)) if (field in shown) shown[field] = text
    onChange({ time: Date.now(), route: path.slice(PREFIX.length), peer, params: shown })
  }
}

/** Every route: its path, verbs and params. */
function listing() {
  return Object.entries(CONTROL_ROUTES).map(([name, route]) => ({
    path: `${PREFIX}${name.replaceAll('.', '/')}`,
    verbs: route.reads ? ['GET', 'POST'] : ['POST'],
    params: Object.fromEntries(
      Object.entries(route.params).map(([field, f]) => {
        const type = typeof f.type === 'string' ? f.type : f.type.join('|')
        return [field, `${type}${f.optional ? '?' : ''}`]
      }),
    ),
  }))
}

function isLoopback(ip: string): boolean {
  return ip === '::1' || ip.startsWith('127.') || ip.startsWith('::ffff:127.')
}

/**
 * Why a request must be refused although its peer may use the API: it names the emulator by a host name that is
 * not localhost, an address or an allowed name (a page that rebound its DNS name to this address), or it comes from
 * a page of another origin. Non-browser clients send the Host they connected to and no Origin.
 */
function originProblem(req: IncomingMessage, allow: readonly string[]): string | undefined {
  const host = req.headers.host ?? ''
  // Host names are case-insensitive (RFC 3986 §3.2.2): LOCALHOST is localhost.
  const hostname = (
    host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d+$/, '')
  ).toLowerCase()
  const allowed = (name: string) => allow.some((a) => a.toLowerCase() === name)
  if (hostname !== 'localhost' && isIP(hostname) === 0 && !allowed(hostname)) {
    return `the control API is not served as ${hostname} (controlAllow lists the names it is served as)`
  }
  const origin = req.headers.origin
  if (origin !== undefined && origin !== `http://${host}`)
    return `a page of ${origin} may not use the control API`
  return undefined
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest()
}

function tokenMatches(req: IncomingMessage, expected: Buffer): boolean {
  // The scheme is case-insensitive (RFC 7235 §2.1): `bearer` is Bearer.
  const match = /^bearer (.*)$/is.exec(req.headers.authorization ?? '')
  if (!match) return false
  return timingSafeEqual(digest(match[1] ?? ''), expected)
}

/** The query string's params; a text naming the problem when one repeats. */
function queryParams(query: string): Record<string, unknown> | string {
  const out: Record<string, unknown> = {}
  for (const [name, value] of new URLSearchParams(query)) {
    if (Object.hasOwn(out, name)) return `${name}: given more than once`
    out[name] = value
  }
  return out
}

/** Reads the JSON object body (empty: no params), or answers the error itself. */
function readBody(
  req: IncomingMessage,
  res: ServerResponse,
  then: (raw: Record<string, unknown>) => void,
): void {
  const chunks: Buffer[] = []
  let size = 0
  req.on('data', (chunk: Buffer) => {
    size += chunk.length
    if (size <= MAX_BODY_BYTES) chunks.push(chunk)
  })
  req.on('end', () => {
    if (size > MAX_BODY_BYTES)
      return answerError(res, 413, 'TOO_LARGE', `the body is over ${MAX_BODY_BYTES} bytes`)
    const text = Buffer.concat(chunks).toString('utf8').trim()
    if (text === '') return then({})
    let raw: unknown
    try {
      raw = JSON.parse(text)
    } catch {
      return answerError(res, 400, 'INVALID_JSON', 'the body is not JSON')
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      return answerError(res, 400, 'INVALID_JSON', 'the body must be a JSON object of the params')
    }
    then(raw as Record<string, unknown>)
  })
}

function answerError(
  res: ServerResponse,
  status: number,
  code: ErrorCode,
  msg: string,
  apiCode?: number,
): void {
  answer(res, status, { error: apiCode === undefined ? { code, msg } : { code, msg, apiCode } })
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(text)
}
