// `/ui/`: the dashboard's built files (index.html, app.js, style.css) and, under `/ui/example/`, the browser example
// page's (examples/browser/, built into the folder's example/), read once from their folder; nothing else.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { HttpRoute } from './http-routes.js'

const PREFIX = '/ui/'
const TYPES: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
}
const FILES: Readonly<Record<string, string>> = {
  ...TYPES,
  ...Object.fromEntries(Object.entries(TYPES).map(([name, type]) => [`example/${name}`, type])),
}
/** The example page's folder without its slash: redirected, so that the page's relative links resolve. */
const EXAMPLE = `${PREFIX}example`

/** Serves the dashboard from `folder` (the output of `npm run build`); 503 naming the folder when it is not built. */
export function dashboardFiles(folder: string): HttpRoute {
  const cache = new Map<string, Buffer>()
  const read = (name: string): Buffer | undefined => {
    let body = cache.get(name)
    if (!body) {
      try {
        body = readFileSync(join(folder, name))
      } catch {
        return undefined
      }
      cache.set(name, body)
    }
    return body
  }
  return {
    prefix: PREFIX,
    handle(req, res, path) {
      if (path === EXAMPLE) {
        res.writeHead(301, { location: `${EXAMPLE}/` }).end()
        return
      }
      const rest = path.slice(PREFIX.length)
      const name = rest === '' || rest.endsWith('/') ? `${rest}index.html` : rest
      const type = Object.hasOwn(FILES, name) ? FILES[name] : undefined
      if (!type || (req.method !== 'GET' && req.method !== 'HEAD')) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n')
        return
      }
      const body = read(name)
      if (!body) {
        res
          .writeHead(503, { 'content-type': 'text/plain' })
          .end(`dashboard not built (${folder}): npm run build\n`)
        return
      }
      res.writeHead(200, {
        'content-type': type,
        'cache-control': 'no-cache',
        'content-security-policy':
          "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; style-src 'self' 'unsafe-inline'",
      })
      res.end(req.method === 'HEAD' ? undefined : body)
    },
  }
}
