// REST requests written by hand over node's fetch (keep-alive), signed as Binance's docs show: the signature
// over the query string and the form body as sent, appended percent-encoded.
import type { Key } from './keys.js'

export interface RestAnswer {
  readonly status: number
  readonly headers: Headers
  readonly text: string
  /** The body parsed, or undefined when it is not JSON. */
  readonly json: unknown
}

export interface RestRequest {
  readonly method?: string
  /** Params for the query string, in order (values as sent, before encoding). */
  readonly query?: Readonly<Record<string, string>>
  /** Params for the form body, in order. */
  readonly body?: Readonly<Record<string, string>>
  /** Signs with this key (X-MBX-APIKEY and signature); `timestamp` is added to the query unless given. */
  readonly key?: Key
  /** Where the signature goes: the query (default) or the body. */
  readonly signatureIn?: 'query' | 'body'
  readonly timestamp?: number
  readonly headers?: Readonly<Record<string, string>>
}

/** `k=v&…` with names and values percent-encoded as a form. */
export function formText(params: Readonly<Record<string, string>>): string {
  return new URLSearchParams(params as Record<string, string>).toString()
}

/** Sends one request to `base` (`http://127.0.0.1:<port>`) + `path`. */
export async function restCall(base: string, path: string, request: RestRequest = {}): Promise<RestAnswer> {
  const { method = 'GET', key, signatureIn = 'query' } = request
  const queryParams: Record<string, string> = { ...request.query }
  if (key && request.timestamp !== undefined && !('timestamp' in queryParams) && !request.body?.['timestamp'])
    queryParams['timestamp'] = String(request.timestamp)
  let query = formText(queryParams)
  let body = request.body ? formText(request.body) : ''
  const headers: Record<string, string> = { ...request.headers }
  if (key) {
    headers['X-MBX-APIKEY'] = key.apiKey
    const signature = `signature=${encodeURIComponent(key.signer.sign(query + body))}`
    if (signatureIn === 'body') body = body ? `${body}&${signature}` : signature
    else query = query ? `${query}&${signature}` : signature
  }
  if (body && !headers['Content-Type']) headers['Content-Type'] = 'application/x-www-form-urlencoded'
  const res = await fetch(`${base}${path}${query ? `?${query}` : ''}`, {
    method,
    headers,
    ...(body ? { body } : {}),
  })
  const text = await res.text()
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  return { status: res.status, headers: res.headers, text, json }
}

/** The base URL of an emulator's REST API. */
export function restBase(ex: { readonly host: string; readonly port: number }): string {
  return `http://${ex.host}:${ex.port}`
}
