// A call's params checked against its catalogue row before anything is counted, registered, signed or sent.
import type { MethodSpec, ParamKind } from '../protocol/methods.js'
import { COMMON_PARAMS, DECIMAL_TEXT, kindLabel } from '../protocol/param-kinds.js'
import { didYouMean } from '../protocol/suggest.js'
import { InvalidParameterError } from './errors.js'

/** Auth params a caller may set itself: the server reads a key and a signature on any method (auth.ts signs over them). */
const AUTH_PARAMS: Readonly<Record<string, ParamKind>> = { apiKey: 'STRING', signature: 'STRING' }
/** A signed method also reads the caller's own `timestamp` (auth.ts keeps it). */
const SIGNED_PARAMS: Readonly<Record<string, ParamKind>> = { ...AUTH_PARAMS, timestamp: 'LONG' }

const AS_STRING = "pass decimals as strings, e.g. '0.3' — a number may not be the value you mean"

/** A row's accepted names with their kinds (row first, in its order) and its required names, made once per row. */
interface Plan {
  readonly kinds: ReadonlyMap<string, ParamKind>
  readonly required: readonly string[]
}

const PLANS = new WeakMap<MethodSpec, Plan>()

function planOf(spec: MethodSpec): Plan {
  let plan = PLANS.get(spec)
  if (!plan) {
    const extra = { ...COMMON_PARAMS, ...(spec.auth === 'SIGNED' ? SIGNED_PARAMS : AUTH_PARAMS) }
    const kinds = new Map<string, ParamKind>()
    for (const group of [spec.required, spec.optional, extra]) {
      for (const [name, kind] of Object.entries(group)) if (!kinds.has(name)) kinds.set(name, kind)
    }
    plan = { kinds, required: Object.keys(spec.required) }
    PLANS.set(spec, plan)
  }
  return plan
}

/**
 * Throws an InvalidParameterError naming the first param that does not fit `spec`: an unknown name, a value of the
 * wrong kind, a required param or a one-of group missing. `undefined` and `null` count as not given.
 */
export function checkParams(spec: MethodSpec, params: Readonly<Record<string, unknown>> | undefined): void {
  const { kinds, required } = planOf(spec)
  if (params !== undefined) {
    for (const name in params) {
      const kind = kinds.get(name)
      if (kind === undefined) {
        const known = [...kinds.keys()]
        throw new InvalidParameterError(
          name,
          `${spec.wire} has no such parameter${didYouMean(name, known)}; it takes: ${known.join(', ')}`,
        )
      }
      const value = params[name]
      if (value === undefined || value === null) continue
      const problem = problemOf(kind, value)
      if (problem !== undefined) throw new InvalidParameterError(name, `${problem} (${spec.wire})`)
    }
  }
  for (const name of required) {
    if (params?.[name] == null) {
      throw new InvalidParameterError(
        name,
        `${spec.wire} needs it (${kindLabel(kinds.get(name) ?? 'STRING')})`,
      )
    }
  }
  for (const group of spec.oneOf) {
    if (group.every((name) => params?.[name] == null)) {
      throw new InvalidParameterError(group[0] ?? '', `${spec.wire} needs one of ${group.join(', ')}`)
    }
  }
}

/**
 * For the raw path (`sendMessage`, which checks no catalogue row): throws for what JSON cannot carry as given — a
 * bigint, a non-finite number (sent as null), a cycle. The raw path writes its params twice; the typed one, once.
 */
export function checkSendable(params: Readonly<Record<string, unknown>> | undefined): void {
  for (const name in params) {
    const value = params[name]
    const items = Array.isArray(value) ? value : [value]
    for (const item of items) {
      if (typeof item === 'bigint' || (typeof item === 'number' && !Number.isFinite(item))) {
        throw new InvalidParameterError(
          name,
          `${shown(item)} cannot be sent as JSON; pass a string or a finite number`,
        )
      }
    }
  }
  try {
    JSON.stringify(params)
  } catch (err) {
    throw new InvalidParameterError('params', `cannot be sent as JSON: ${(err as Error).message}`)
  }
}

/** What is wrong with `value` as `kind`, or undefined when it fits. */
function problemOf(kind: ParamKind, value: unknown): string | undefined {
  if (typeof kind !== 'string') {
    if (typeof value === 'string' && kind.includes(value)) return undefined
    const hint = typeof value === 'string' ? didYouMean(value, kind) : ''
    return `must be one of ${kind.join(', ')}; got ${shown(value)}${hint}`
  }
  switch (kind) {
    case 'STRING':
      return typeof value === 'string' ? undefined : `must be a string, got ${shown(value)}`
    case 'DECIMAL':
      return decimalProblem(value)
    case 'LONG':
    case 'INT':
      return integerProblem(value)
    case 'BOOLEAN':
      return typeof value === 'boolean' ? undefined : `must be true or false, got ${shown(value)}`
    case 'STRING_ARRAY':
      return isStringArray(value) ? undefined : `must be an array of strings, got ${shown(value)}`
    case 'STRING_OR_ARRAY':
      return typeof value === 'string' || isStringArray(value)
        ? undefined
        : `must be a string or an array of strings, got ${shown(value)}`
  }
}

function decimalProblem(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return DECIMAL_TEXT.test(value)
      ? undefined
      : `must be a decimal in plain notation like '0.001' (no sign, exponent or spaces), got ${shown(value)}`
  }
  // A non-negative safe integer is taken: JSON writes exactly its digits, the text the string would be, so it is the
  // value meant (and `recvWindow`, DECIMAL in the catalogue, is a number in the config and in many callers' code).
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return undefined
  if (typeof value === 'number' || typeof value === 'bigint') return `${AS_STRING}; got ${shown(value)}`
  return `must be a decimal string like '0.001', got ${shown(value)}`
}

function integerProblem(value: unknown): string | undefined {
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return undefined
    if (!Number.isFinite(value)) return `must be an integer, got ${value} (JSON sends null)`
    if (!Number.isInteger(value)) return `must be an integer, got ${value}`
    return `must be a safe integer (at most ${Number.MAX_SAFE_INTEGER} in size): ${value} is not exact`
  }
  if (typeof value === 'bigint') {
    return `must be a number, got the bigint ${value}n (JSON cannot carry it): pass Number(x) for a safe integer`
  }
  return `must be an integer number, got ${shown(value)}`
}

function isStringArray(value: unknown): boolean {
  return Array.isArray(value) && value.every((item) => typeof item === 'string')
}

/** A value as an error shows it: short, and a string quoted so that `'1'` and `1` differ. */
function shown(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`
  if (typeof value === 'bigint') return `${value}n`
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}
