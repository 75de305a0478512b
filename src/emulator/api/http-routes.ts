// The plain HTTP requests of the emulator's port, by path prefix: `/api/` is the REST API; other fronts (a
// control API, a dashboard) add their prefix to the list. What no prefix takes is answered here.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import { WS_API_PATH } from '../../protocol/envelope.js'
import { apiError } from '../../protocol/errors.js'

/** One front served over plain HTTP: every request whose path starts with `prefix`. */
export interface HttpRoute {
  readonly prefix: string
  /** `path` and `query` are the request target split at its first `?`, both as sent (still percent-encoded). */
  handle(req: IncomingMessage, res: ServerResponse, path: string, query: string): void
}

/** The body of a path no front serves (docs/emulator-fidelity.md R10). */
const NOT_FOUND = JSON.stringify(apiError('UNSUPPORTED_OPERATION'))

/** The control API's error body for its prefix when it is off (no `control`, no `ui`): how to turn it on. */
const CONTROL_OFF = JSON.stringify({
  error: {
    code: 'CONTROL_DISABLED',
    msg:
      'the control API is off: start the emulator with --control (option control: true); ' +
      'the dashboard (on unless --no-ui; option ui: true) serves its reads',
  },
})

/** `/control/` when no control API is served: a 404 in the control API's form, saying how to turn it on. */
export const controlOff: HttpRoute = {
  prefix: '/control/',
  handle(_req, res) {
    res.writeHead(404, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(CONTROL_OFF)
  },
}

/**
 * The server's `request` listener: the first route whose prefix the path starts with answers (a route with the
 * prefix `/`, last, takes the rest). An absolute-form target (`GET http://host/api/v3/ping`, which RFC 9112 §3.2.2
 * requires a server to accept) is routed by its path.
 */
export function routeHttp(routes: readonly HttpRoute[]): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const target = originForm(req.url ?? '/')
    const mark = target.indexOf('?')
    const path = mark < 0 ? target : target.slice(0, mark)
    const query = mark < 0 ? '' : target.slice(mark + 1)
    if (path === WS_API_PATH) {
      res
        .writeHead(426, { 'content-type': 'text/plain' })
        .end(`WebSocket only: connect to ws://<host>:<port>${WS_API_PATH}\n`)
      return
    }
    for (const route of routes) {
      if (path.startsWith(route.prefix)) {
        route.handle(req, res, path, query)
        return
      }
    }
    res.writeHead(404, { 'content-type': 'application/json;charset=UTF-8' }).end(NOT_FOUND)
  }
}

/** `scheme://authority` at the start of an absolute-form target. */
const ABSOLUTE_FORM = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i

/** The target in origin form: an absolute-form one without its scheme and authority (at least `/`). */
function originForm(target: string): string {
  if (target.startsWith('/')) return target
  const authority = ABSOLUTE_FORM.exec(target)
  if (!authority) return target
  const rest = target.slice(authority[0].length)
  return rest.startsWith('/') ? rest : `/${rest}`
}

/** The page nginx in front of Binance answers with (410 for the retired listenKey endpoints, 413, 414, 400). */
export function nginxPage(status: number, reason: string): string {
  const title = `${status} ${reason}`
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`
}

/** Node's parser codes and the status each gets; any other broken request is 400. */
const CLIENT_ERRORS: Readonly<Record<string, readonly [number, string]>> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Time-out'],
}

/**
 * The server's `clientError` listener: a request node could not parse, or whose headers came too slowly, gets its
 * status and a page, and its connection is closed (docs/emulator-fidelity.md R10).
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy()
    return
  }
  const [status, reason] = CLIENT_ERRORS[error.code ?? ''] ?? [400, 'Bad Request']
  const page = nginxPage(status, reason)
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/html\r\nContent-Length: ${Buffer.byteLength(page)}\r\nConnection: close\r\n\r\n${page}`,
  )
}
