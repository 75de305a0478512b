// Parses one request frame. Numeric params keep the exact text the client sent (`0.10` stays
// `"0.10"`): signatures are over that text, and decimals must never pass through a float.

import { type ApiErrorBody, isObject, type RequestId } from '../../../protocol/envelope.js'
import { apiError } from '../../../protocol/errors.js'

export type ParsedFrame =
  | {
      readonly ok: true
      readonly id: RequestId
      readonly method: string
      readonly params: Record<string, unknown>
    }
  | { readonly ok: false; readonly id: RequestId; readonly error: ApiErrorBody }

export function parseFrame(text: string): ParsedFrame {
  return parseFlatFrame(text) ?? parseAnyFrame(text)
}

/** Any frame: JSON.parse, then the literal text of the numeric params. */
export function parseAnyFrame(text: string): ParsedFrame {
  let frame: unknown
  try {
    frame = JSON.parse(text)
  } catch {
    return { ok: false, id: null, error: apiError('INVALID_JSON') }
  }
  if (!isObject(frame)) return { ok: false, id: null, error: apiError('INVALID_JSON') }
  const rawId = frame['id']
  if (rawId !== undefined && rawId !== null && typeof rawId !== 'string' && typeof rawId !== 'number') {
    return { ok: false, id: null, error: apiError('MANDATORY_PARAM', 'id') }
  }
  const id: RequestId = rawId ?? null
  const method = frame['method']
  if (typeof method !== 'string' || method === '') {
    return { ok: false, id, error: apiError('MANDATORY_PARAM', 'method') }
  }
  const given = frame['params'] ?? {}
  if (!isObject(given)) return { ok: false, id, error: apiError('INVALID_JSON') }
  const params: Record<string, unknown> = { ...given }
  if (Object.values(params).some((v) => typeof v === 'number')) {
    for (const [name, raw] of numberTexts(text)) if (typeof params[name] === 'number') params[name] = raw
  }
  return { ok: true, id, method, params }
}

/**
 * The literal text of each number-valued member of the top-level `params` object of valid JSON (`of: 'frame'`: of
 * the top-level object itself, e.g. an `id`).
 */
export function numberTexts(text: string, of: 'params' | 'frame' = 'params'): Map<string, string> {
  const out = new Map<string, string>()
  let i = 0
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++
  }
  const readString = (): string => {
    const start = i++
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1
    i++
    return JSON.parse(text.slice(start, i)) as string
  }
  const skipValue = (): string => {
    const start = i
    const c = text[i]
    if (c === '"') readString()
    else if (c === '{' || c === '[') {
      let depth = 0
      do {
        const d = text[i]
        if (d === '"') {
          readString()
          continue
        }
        if (d === '{' || d === '[') depth++
        else if (d === '}' || d === ']') depth--
        i++
      } while (depth > 0)
    } else while (i < text.length && !',}] \t\n\r'.includes(text[i] as string)) i++
    return text.slice(start, i)
  }
  const members = (visit: (key: string) => void) => {
    ws()
    i++
    ws()
    while (text[i] !== '}') {
      const key = readString()
      ws()
      i++
      ws()
      visit(key)
      ws()
      if (text[i] === ',') i++
      ws()
    }
    i++
  }
  const numbers = (name: string) => {
    const c = text[i] as string
    const raw = skipValue()
    if (c === '-' || (c >= '0' && c <= '9')) out.set(name, raw)
  }
  ws()
  members((key) => {
    if (of === 'frame') numbers(key)
    else if (key === 'params' && text[i] === '{') members(numbers)
    else skipValue()
  })
  return out
}

// The fast path: one scan of a frame whose members and params are all flat (strings without escapes, numbers,
// true/false/null), as nearly every request is. It gives exactly what parseAnyFrame gives, or undefined when
// the frame is anything else (nested or escaped values, duplicate names, malformed JSON, a frame that fails),
// and then parseAnyFrame decides.

// Character codes.
const C_TAB = 9
const C_LF = 10
const C_CR = 13
const C_SPACE = 32
const C_QUOTE = 34
const C_PLUS = 43
const C_COMMA = 44
const C_MINUS = 45
const C_DOT = 46
const C_ZERO = 48
const C_NINE = 57
const C_COLON = 58
const C_E = 69
const C_BACKSLASH = 92
const C_LOWERE = 101
const C_LOWERF = 102
const C_LOWERN = 110
const C_LOWERT = 116
const C_OPEN = 123
const C_CLOSE = 125

/** A scan that gave up: the frame goes to parseAnyFrame. */
const NO = -1

/** The scanner's position and the last value it read. */
interface Scan {
  /** The value: a string's content, a number's text, or true/false/null. */
  value: string | boolean | null
  /** The last value was a number (its text is in `value`). */
  number: boolean
}

function skipWs(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i)
    if (c !== C_SPACE && c !== C_LF && c !== C_CR && c !== C_TAB) return i
    i++
  }
}

/** A string without escapes or control characters at `i` (its opening quote); the index after it, or NO. */
function scanString(text: string, i: number, s: Scan, slot = -1): number {
  const start = i + 1
  s.number = false
  // A client's frames repeat their names and most values at the same places: the string seen there last time
  // is taken when the text has it again (no new string, and as a property name, none to look up again).
  if (slot >= 0) {
    const seen = RECENT[slot]
    if (
      seen !== undefined &&
      text.startsWith(seen, start) &&
      text.charCodeAt(start + seen.length) === C_QUOTE
    ) {
      s.value = seen
      return start + seen.length + 1
    }
  }
  for (let j = start; j < text.length; j++) {
    const c = text.charCodeAt(j)
    if (c === C_QUOTE) {
      const value = text.slice(start, j)
      s.value = value
      if (slot >= 0) RECENT[slot] = value
      return j + 1
    }
    if (c === C_BACKSLASH || c < C_SPACE) return NO
  }
  return NO
}

/** Strings without escapes lately read at each place (see scanString): params' names and values, then the frame's. */
const RECENT: (string | undefined)[] = []
/** Places remembered: 32 params, then 8 members of the frame. */
const PARAM_SLOTS = 64
const FRAME_SLOTS = 16

const isDigit = (c: number) => c >= C_ZERO && c <= C_NINE

/** A JSON number at `i`; the index after it, or NO. */
function scanNumber(text: string, i: number, s: Scan): number {
  const start = i
  if (text.charCodeAt(i) === C_MINUS) i++
  const first = text.charCodeAt(i)
  if (first === C_ZERO) i++
  else if (isDigit(first)) while (isDigit(text.charCodeAt(i))) i++
  else return NO
  if (text.charCodeAt(i) === C_DOT) {
    i++
    if (!isDigit(text.charCodeAt(i))) return NO
    while (isDigit(text.charCodeAt(i))) i++
  }
  const e = text.charCodeAt(i)
  if (e === C_LOWERE || e === C_E) {
    i++
    const sign = text.charCodeAt(i)
    if (sign === C_PLUS || sign === C_MINUS) i++
    if (!isDigit(text.charCodeAt(i))) return NO
    while (isDigit(text.charCodeAt(i))) i++
  }
  s.value = text.slice(start, i)
  s.number = true
  return i
}

/** A flat value (string, number, true, false, null) at `i`; the index after it, or NO. */
function scanValue(text: string, i: number, s: Scan, slot = -1): number {
  const c = text.charCodeAt(i)
  if (c === C_QUOTE) return scanString(text, i, s, slot)
  s.number = false
  if (c === C_LOWERT && text.startsWith('true', i)) {
    s.value = true
    return i + 4
  }
  if (c === C_LOWERF && text.startsWith('false', i)) {
    s.value = false
    return i + 5
  }
  if (c === C_LOWERN && text.startsWith('null', i)) {
    s.value = null
    return i + 4
  }
  return scanNumber(text, i, s)
}

/**
 * The members of a flat object at `i` (its `{`) into `out`, numbers as their text; the index after the
 * object, or NO. A repeated name keeps its first place and takes the last value, as with JSON.parse.
 */
function scanParams(text: string, i: number, s: Scan, out: Record<string, unknown>): number {
  i = skipWs(text, i + 1)
  if (text.charCodeAt(i) === C_CLOSE) return i + 1
  for (let slot = 0; ; slot += 2) {
    if (text.charCodeAt(i) !== C_QUOTE) return NO
    const cached = slot < PARAM_SLOTS
    i = scanString(text, i, s, cached ? slot : -1)
    if (i === NO) return NO
    const name = s.value as string
    if (name === '__proto__') return NO
    i = skipWs(text, i)
    if (text.charCodeAt(i) !== C_COLON) return NO
    i = scanValue(text, skipWs(text, i + 1), s, cached ? slot + 1 : -1)
    if (i === NO) return NO
    out[name] = s.value
    i = skipWs(text, i)
    const c = text.charCodeAt(i)
    if (c === C_CLOSE) return i + 1
    if (c !== C_COMMA) return NO
    i = skipWs(text, i + 1)
  }
}

/** parseAnyFrame's result for a well-formed frame of flat members and flat params; undefined for any other. */
function parseFlatFrame(text: string): ParsedFrame | undefined {
  const s: Scan = { value: null, number: false }
  let i = skipWs(text, 0)
  if (text.charCodeAt(i) !== C_OPEN) return undefined
  let id: RequestId = null
  let method: string | undefined
  let params: Record<string, unknown> | undefined
  let seen = 0
  i = skipWs(text, i + 1)
  if (text.charCodeAt(i) !== C_CLOSE) {
    for (let slot = PARAM_SLOTS; ; slot += 2) {
      const cached = slot < PARAM_SLOTS + FRAME_SLOTS
      if (text.charCodeAt(i) !== C_QUOTE) return undefined
      i = scanString(text, i, s, cached ? slot : -1)
      if (i === NO) return undefined
      const name = s.value as string
      i = skipWs(text, i)
      if (text.charCodeAt(i) !== C_COLON) return undefined
      i = skipWs(text, i + 1)
      // id, method and params once each (a repeated one is left to JSON.parse's rules).
      const bit = name === 'id' ? 1 : name === 'method' ? 2 : name === 'params' ? 4 : 0
      if (seen & bit) return undefined
      seen |= bit
      if (bit === 4 && text.charCodeAt(i) === C_OPEN) {
        params = {}
        i = scanParams(text, i, s, params)
      } else {
        i = scanValue(text, i, s, cached ? slot + 1 : -1)
        if (i === NO) return undefined
        const v = s.value
        if (bit === 1) {
          if (s.number) id = Number(v)
          else if (typeof v === 'string' || v === null) id = v
          else return undefined
        } else if (bit === 2) {
          if (s.number || typeof v !== 'string' || v === '') return undefined
          method = v
        } else if (bit === 4 && v !== null) return undefined
      }
      if (i === NO) return undefined
      i = skipWs(text, i)
      const c = text.charCodeAt(i)
      if (c === C_CLOSE) break
      if (c !== C_COMMA) return undefined
      i = skipWs(text, i + 1)
    }
  }
  if (skipWs(text, i + 1) !== text.length || method === undefined) return undefined
  return { ok: true, id, method, params: params ?? {} }
}
