// The live subscribe protocol's request parsing, with the exact error frames of `web-socket-streams.md`.
import { isObject } from '../../../protocol/envelope.js'
import { STREAM_METHODS, type StreamMethod } from '../../../protocol/streams.js'
import { numberTexts } from '../wire/frame.js'

/** An integer id beyond Number's safe range is kept as a bigint, so that the answer echoes it digit for digit. */
export type RequestId = number | bigint | string | null

export type ControlRequest =
  | { readonly ok: true; readonly id: RequestId; readonly method: StreamMethod; readonly params: unknown[] }
  | { readonly ok: false; readonly frame: ControlError }

export interface ControlError {
  error: { code: number; msg: string }
  id?: RequestId
}

export const controlError = (code: number, msg: string, id?: RequestId): ControlError =>
  id === undefined ? { error: { code, msg } } : { error: { code, msg }, id }

/** Line and column (1-based) of a character offset, as serde reports them. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)))
  const lines = before.split('\n')
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 }
}

function jsonError(text: string, err: unknown): ControlError {
  const m = /position (\d+)/.exec((err as Error).message)
  const { line, column } = lineColumn(text, m ? Number(m[1]) : 0)
  return controlError(3, `Invalid JSON: expected value at line ${line} column ${column}`)
}

const INT64_MIN = -(2n ** 63n)
const UINT64_MAX = 2n ** 64n - 1n

/**
 * Accepted ids: a 64-bit integer, up to 36 alphanumerics, or null (the spec). Hyphens too: Binance's own Python,
 * Java and Go SDKs send a UUID (36 characters with hyphens) with every spot SUBSCRIBE. The spec says a signed
 * integer and its error says unsigned: both ranges are taken, −2^63 to 2^64 − 1. Undefined for any other id.
 */
function requestId(id: unknown, text: string): RequestId | undefined {
  if (id === null) return null
  if (typeof id === 'string') return /^[A-Za-z0-9-]{1,36}$/.test(id) ? id : undefined
  if (typeof id !== 'number') return undefined
  if (Number.isSafeInteger(id)) return id
  // JSON.parse rounded it: the digits as sent decide.
  const digits = numberTexts(text, 'frame').get('id') ?? ''
  if (!/^-?\d+$/.test(digits)) return undefined
  const n = BigInt(digits)
  return n >= INT64_MIN && n <= UINT64_MAX ? n : undefined
}

/** A control answer's text; a bigint id (which JSON.stringify refuses) is written as its digits, last as always. */
export function answerText(frame: object & { id?: RequestId }): string {
  if (typeof frame.id !== 'bigint') return JSON.stringify(frame)
  const { id, ...rest } = frame
  return `${JSON.stringify(rest).slice(0, -1)},"id":${id}}`
}

export function parseControl(text: string): ControlRequest {
  let msg: unknown
  try {
    msg = JSON.parse(text)
  } catch (err) {
    return { ok: false, frame: jsonError(text, err) }
  }
  if (!isObject(msg) || !('method' in msg)) {
    const { line, column } = lineColumn(text, text.trimEnd().length - 1)
    const frame = controlError(
      2,
      `Invalid request: missing field \`method\` at line ${line} column ${column}`,
    )
    return { ok: false, frame }
  }
  const method = msg['method']
  if (typeof method !== 'string' || !(STREAM_METHODS as readonly string[]).includes(method)) {
    const shown = typeof method === 'string' ? `\`${method}\`` : JSON.stringify(method)
    const at = text.indexOf(JSON.stringify(method)) + JSON.stringify(method).length
    const { line, column } = lineColumn(text, at)
    const expected = STREAM_METHODS.map((m) => `\`${m}\``).join(', ')
    const frame = controlError(
      2,
      `Invalid request: unknown variant ${shown}, expected one of ${expected} at line ${line} column ${column}`,
    )
    return { ok: false, frame }
  }
  const id = 'id' in msg ? requestId(msg['id'], text) : undefined
  if (id === undefined) {
    return { ok: false, frame: controlError(2, 'Invalid request: request ID must be an unsigned integer') }
  }
  const raw = msg['params']
  if (raw !== undefined && !Array.isArray(raw)) {
    return { ok: false, frame: controlError(2, 'Invalid request: invalid stream', id) }
  }
  return { ok: true, id, method: method as StreamMethod, params: raw ?? [] }
}

/** Checks SET_PROPERTY / GET_PROPERTY params; returns the error frame or the property and value. */
export function propertyParams(
  method: 'SET_PROPERTY' | 'GET_PROPERTY',
  params: unknown[],
  id: RequestId,
): ControlError | { name: 'combined'; value: unknown } {
  const arity = method === 'SET_PROPERTY' ? 2 : 1
  if (params.length > arity) return controlError(2, 'Invalid request: too many parameters', id)
  const name = params[0]
  if (typeof name !== 'string') return controlError(2, 'Invalid request: property name must be a string', id)
  if (name !== 'combined') return controlError(0, 'Unknown property', id)
  if (method === 'SET_PROPERTY' && typeof params[1] !== 'boolean') {
    return controlError(1, 'Invalid value type: expected Boolean', id)
  }
  return { name, value: params[1] }
}
