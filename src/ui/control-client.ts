// Calls of the control API from the page: `{"result": …}` or an Error carrying the answer's message.
import { authHeaders } from './events.js'

export class ControlClient {
  constructor(readonly token: string | undefined) {}

  /** POSTs `params` to `/control/<route>`; resolves to the result. */
  async call<T = unknown>(route: string, params: Record<string, unknown> = {}): Promise<T> {
    const res = await fetch(`/control/${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders(this.token) },
      body: JSON.stringify(params),
    })
    const body = (await res.json()) as { result?: T; error?: { code: string; msg: string } }
    if (body.error) throw new Error(`${body.error.code}: ${body.error.msg}`)
    return body.result as T
  }

  /** A read-only WebSocket API method through `/control/query` (no weight charged to the page). */
  query<T = unknown>(method: string, params: Record<string, unknown>, apiKey?: string): Promise<T> {
    return this.call<T>('query', apiKey === undefined ? { method, params } : { method, params, apiKey })
  }
}
