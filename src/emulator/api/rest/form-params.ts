// A REST request's params from its query string and its body (a form, whatever its Content-Type), and the
// text its signature covers: both as sent (still percent-encoded), concatenated without a separator, with the
// `signature` pair left out (spec/rest-api.md, "SIGNED Endpoint Examples").
import { fail } from '../../exchange/api-failure.js'

export interface FormParams {
  /** Every param by name, decoded; a name in both parts has the query's value. */
  readonly params: Record<string, string>
  /** The query and the body as sent, concatenated, without the `signature=…` pair. */
  readonly payload: string
}

/** Reads both parts; -1101 for a name twice in one part, -1100 for a broken percent-encoding. */
export function readForm(query: string, body: string): FormParams {
  // No prototype: a param named `__proto__` is a param like any other.
  const params = Object.create(null) as Record<string, string>
  const signedQuery = readPart(query, params, undefined)
  const signedBody = body === '' ? '' : readPart(body, params, new Set(Object.keys(params)))
  return { params, payload: signedQuery + signedBody }
}

/**
 * Adds the pairs of `text` to `params` (names in `earlier` are the query's: they keep their value) and returns
 * `text` without its signature pair.
 */
function readPart(
  text: string,
  params: Record<string, string>,
  earlier: ReadonlySet<string> | undefined,
): string {
  if (text === '') return ''
  const seen = earlier ? new Set<string>() : undefined
  let signature = -1
  let start = 0
  for (let i = 0; start <= text.length; i++) {
    let end = text.indexOf('&', start)
    if (end < 0) end = text.length
    if (end > start) {
      const eq = text.indexOf('=', start)
      const split = eq < 0 || eq > end ? end : eq
      const name = decode(text.slice(start, split))
      const value = split === end ? '' : decode(text.slice(split + 1, end))
      if (name === 'signature' && signature < 0) signature = i
      if (earlier?.has(name)) {
        if (seen?.has(name)) fail('DUPLICATE_PARAM_VALUES')
        seen?.add(name)
      } else {
        if (Object.hasOwn(params, name)) fail('DUPLICATE_PARAM_VALUES')
        params[name] = value
      }
    }
    start = end + 1
  }
  if (signature < 0) return text
  const pairs = text.split('&')
  pairs.splice(signature, 1)
  return pairs.join('&')
}

/** Form decoding: `+` is a space, `%XX` a UTF-8 byte. */
function decode(text: string): string {
  if (!text.includes('%') && !text.includes('+')) return text
  try {
    return decodeURIComponent(text.replaceAll('+', ' '))
  } catch {
    return fail('ILLEGAL_CHARS')
  }
}
