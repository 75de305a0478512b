// Parses one request frame. Numeric params keep the exact text the client sent (`0.10` stays
// `"0.10"`): signatures are over that text, and decimals must never pass through a float.

import type { ApiErrorBody, RequestId } from '../../protocol/envelope.js'
import { apiError } from '../../protocol/errors.js'

export type ParsedFrame =
  | {
      readonly ok: true
      readonly id: RequestId
      readonly method: string
      readonly params: Record<string, unknown>
    }
  | { readonly ok: false; readonly id: RequestId; readonly error: ApiErrorBody }

export function parseFrame(text: string): ParsedFrame {
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

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** The literal text of each number-valued member of the top-level `params` object of valid JSON. */
export function numberTexts(text: string): Map<string, string> {
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
  ws()
  members((key) => {
    if (key !== 'params' || text[i] !== '{') {
      skipValue()
      return
    }
    members((name) => {
      const c = text[i] as string
      const raw = skipValue()
      if (c === '-' || (c >= '0' && c <= '9')) out.set(name, raw)
    })
  })
  return out
}
