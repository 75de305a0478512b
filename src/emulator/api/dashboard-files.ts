// `/ui/`: the dashboard's built files (index.html, app.js, style.css) and, under `/ui/example/`, the browser example
// page's (examples/browser/, built into the folder's example/), read once from their folder; nothing else. The two
// folders named without their slash (`/ui`, `/ui/example`) are redirected to it, so that relative links resolve.
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
/** The folders, named without their slash. */
const FOLDERS = new Set([PREFIX.slice(0, -1), `${PREFIX}example`])

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
    // Without its slash, to take `/ui` too.
    prefix: PREFIX.slice(0, -1),
    handle(req, res, path, query) {
      if (FOLDERS.has(path)) {
        res.writeHead(301, { location: `${path}/${query === '' ? '' : `?${query}`}` }).end()
        return
      }
      const rest = path.slice(PREFIX.length)
      const name = rest === '' || rest.endsWith('/') ? `${rest}index.html` : rest
      const type = path.startsWith(PREFIX) && Object.hasOwn(FILES, name) ? FILES[name] : undefined
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
