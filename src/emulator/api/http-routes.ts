// Plain HTTP requests on the emulator's port go to the route whose path prefix they start with (the REST API,
// the control API, the dashboard); anything else is answered 426 (WebSocket only).
import type { IncomingMessage, ServerResponse } from 'node:http'

/** One front served over plain HTTP under a path prefix. */
export interface HttpRoute {
  /** E.g. `/control/`: a request path starting with it goes to `handle`. */
  readonly prefix: string
  /** `path` is the URL's path, `query` its raw query string without `?` (still percent-encoded). */
  handle(req: IncomingMessage, res: ServerResponse, path: string, query: string): void
}

/** Hands the request to the first route whose prefix its path starts with; false when none takes it. */
export function routeHttp(routes: readonly HttpRoute[], req: IncomingMessage, res: ServerResponse): boolean {
  const target = req.url ?? '/'
  const q = target.indexOf('?')
  const path = q < 0 ? target : target.slice(0, q)
  for (const route of routes) {
    if (path.startsWith(route.prefix) || `${path}/` === route.prefix) {
      route.handle(req, res, path, q < 0 ? '' : target.slice(q + 1))
      return true
    }
  }
  return false
}
