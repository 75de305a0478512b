// `key=value` arguments → the params of a catalogue method, typed by the catalogue; errors name the param.
import type { MethodSpec, ParamKind } from '../protocol/methods.js'
import { COMMON_PARAMS, DECIMAL_TEXT, kindLabel } from '../protocol/param-kinds.js'
import { didYouMean } from '../protocol/suggest.js'
import { UsageError } from './command.js'

const INTEGER = /^-?\d+$/

/** Every parameter `spec` accepts, with its kind. */
function paramKinds(spec: MethodSpec): Readonly<Record<string, ParamKind>> {
  return { ...spec.required, ...spec.optional, ...COMMON_PARAMS }
}

/** `raw` converted to `kind`; throws a UsageError that names `param` when it does not fit. */
export function convertValue(param: string, kind: ParamKind, raw: string): unknown {
  if (typeof kind !== 'string') {
    if (kind.includes(raw)) return raw
    const caseFix = kind.find((v) => v.toLowerCase() === raw.toLowerCase())
    const hint = caseFix ? ` (did you mean '${caseFix}'?)` : ''
    throw new UsageError(`${param} must be one of ${kind.join(', ')}; got '${raw}'${hint}`)
  }
  switch (kind) {
    case 'STRING':
      return raw
    case 'DECIMAL':
      if (!DECIMAL_TEXT.test(raw)) throw new UsageError(`${param} must be a decimal like 0.001, got '${raw}'`)
      return raw
    case 'INT':
    case 'LONG': {
      const n = INTEGER.test(raw) ? Number(raw) : Number.NaN
      if (!Number.isSafeInteger(n)) throw new UsageError(`${param} must be an integer, got '${raw}'`)
      return n
    }
    case 'BOOLEAN': {
      const v = raw.toLowerCase()
      if (v !== 'true' && v !== 'false') throw new UsageError(`${param} must be true or false, got '${raw}'`)
      return v === 'true'
    }
    case 'STRING_ARRAY':
      return stringList(param, raw)
    case 'STRING_OR_ARRAY':
      return raw.startsWith('[') || raw.includes(',') ? stringList(param, raw) : raw
  }
}

/** A JSON array of strings (`["A","B"]`) or a comma list (`A,B`). */
function stringList(param: string, raw: string): string[] {
  if (raw.startsWith('[')) {
    let parsed: unknown
    try {
      parsed = JSON.parse(raw)
    } catch {
      throw new UsageError(`${param} must be a JSON array of strings or a comma list, got '${raw}'`)
    }
    if (!Array.isArray(parsed) || !parsed.every((s) => typeof s === 'string' && s !== '')) {
      throw new UsageError(`${param} must be a JSON array of non-empty strings, got '${raw}'`)
    }
    return parsed
  }
  const items = raw.split(',').map((s) => s.trim())
  if (items.some((s) => s === '')) throw new UsageError(`${param} has an empty item in '${raw}'`)
  return items
}

/** Options of `buildParams`. */
export interface BuildOptions {
  /** Pass parameters the catalogue does not list, as strings, instead of rejecting them. */
  allowUnknown?: boolean
}

/** The params of a call from `key=value` arguments: converted, complete (required, one-of) or a UsageError. */
export function buildParams(
  spec: MethodSpec,
  args: readonly string[],
  options: BuildOptions = {},
): Record<string, unknown> {
  const kinds = paramKinds(spec)
  const params: Record<string, unknown> = {}
  for (const arg of args) {
    const eq = arg.indexOf('=')
    if (eq <= 0) throw new UsageError(`expected key=value, got '${arg}'`)
    const key = arg.slice(0, eq)
    const raw = arg.slice(eq + 1)
    if (Object.hasOwn(params, key)) throw new UsageError(`${key} is given more than once`)
    const kind = Object.hasOwn(kinds, key) ? kinds[key] : undefined
    if (kind === undefined) {
      if (!options.allowUnknown) {
        const known = Object.keys(kinds)
        throw new UsageError(
          `${spec.wire} has no parameter '${key}'${didYouMean(key, known)}; it takes: ${known.join(', ')}`,
        )
      }
      params[key] = raw
      continue
    }
    params[key] = convertValue(key, kind, raw)
  }
  const missing = Object.keys(spec.required).filter((k) => !Object.hasOwn(params, k))
  if (missing.length) {
    const list = missing.map((k) => `${k} (${kindLabel(spec.required[k] ?? 'STRING')})`).join(', ')
    throw new UsageError(`${spec.wire} needs ${list}`)
  }
  for (const group of spec.oneOf) {
    if (!group.some((k) => Object.hasOwn(params, k))) {
      throw new UsageError(`${spec.wire} needs one of ${group.join(', ')}`)
    }
  }
  return params
}
