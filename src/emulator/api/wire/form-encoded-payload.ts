// The WebSocket API's signature payload with each value form-encoded, as binance-connector-python (`urlencode`) and
// go-binance (`url.Values.Encode`) sign it. The spec's payload has the raw values; the two are the same text unless a
// value holds a character these encoders escape (`:`, `/`, `,`, a space, non-ASCII…).
import { signaturePayload } from '../../../protocol/signature-payload.js'

/** `application/x-www-form-urlencoded` of one value: unreserved characters kept, a space as `+`, the rest `%XX`. */
function formEncode(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+')
}

/** The form-encoded variant of `params`' payload, or undefined when it is the same text as `raw`, the spec's. */
export function formEncodedPayload(
  params: Readonly<Record<string, unknown>>,
  raw: string,
): string | undefined {
  const encoded = signaturePayload(params, formEncode)
  return encoded === raw ? undefined : encoded
}
