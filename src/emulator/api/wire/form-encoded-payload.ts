// The WebSocket API's signature payload with each value form-encoded, as binance-connector-python (`urlencode`) and
// go-binance (`url.Values.Encode`) sign it. The spec's payload has the raw values; the two are the same text unless a
// value holds a character these encoders escape (`:`, `/`, `,`, a space, non-ASCII…).
import { renderValue } from '../../../protocol/signature-payload.js'

/** `application/x-www-form-urlencoded` of one value: unreserved characters kept, a space as `+`, the rest `%XX`. */
function formEncode(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+')
}

/** `signaturePayload(params)` with every value form-encoded; undefined when that changes nothing. */
export function formEncodedPayload(params: Readonly<Record<string, unknown>>): string | undefined {
  let out = ''
  let changed = false
  for (const name of Object.keys(params).sort()) {
    const value = params[name]
    if (name === 'signature' || value === undefined) continue
    const text = renderValue(value)
    const encoded = formEncode(text)
    if (encoded !== text) changed = true
    out += `${out ? '&' : ''}${name}=${encoded}`
  }
  return changed ? out : undefined
}
