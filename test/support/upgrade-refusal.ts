// What a server answers when it refuses a WebSocket upgrade: the HTTP status, the body and Retry-After.
import { type ClientOptions, WebSocket } from 'ws'

export interface Refusal {
  readonly status: number
  /** The body, parsed when it is JSON ('' when empty). */
  readonly body: unknown
  readonly retryAfter?: string
}

/** Opens `url` (with `options`, e.g. a `localAddress`) and resolves with the refusal; rejects if the upgrade is accepted. */
export function upgradeRefusal(url: string, options?: ClientOptions): Promise<Refusal> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options)
    ws.on('open', () => {
      ws.close()
      reject(new Error('the upgrade was accepted'))
    })
    ws.on('error', () => {})
    ws.on('unexpected-response', (_req, res) => {
      let text = ''
      res.on('data', (chunk: Buffer) => {
        text += chunk.toString()
      })
      res.on('end', () => {
        const retryAfter = res.headers['retry-after']
        resolve({
          status: res.statusCode ?? 0,
          body: text === '' ? '' : JSON.parse(text),
          ...(retryAfter === undefined ? {} : { retryAfter }),
        })
      })
    })
  })
}
