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

/** `recvWindow`'s rule, which its kind (DECIMAL) does not say: a number too, at most 60000, up to 3 decimals. */
const RECV_WINDOW = 'RECV_WINDOW'
const RECV_WINDOW_MAX = 60_000
/** Up to 3 decimals; trailing zeros do not count (`'5000.1000'` is 5000.1), as the server counts precision. */
const RECV_WINDOW_TEXT = /^\d+(\.\d{1,3}0*)?$/

type CheckKind = ParamKind | typeof RECV_WINDOW

/** A row's accepted names with their kinds (row first, in its order) and its required names, made once per row. */
interface Plan {
  readonly kinds: ReadonlyMap<string, CheckKind>
  readonly required: readonly string[]
}

const PLANS = new WeakMap<MethodSpec, Plan>()

function planOf(spec: MethodSpec): Plan {
  let plan = PLANS.get(spec)
  if (!plan) {
    const extra = { ...COMMON_PARAMS, ...(spec.auth === 'SIGNED' ? SIGNED_PARAMS : AUTH_PARAMS) }
    const kinds = new Map<string, CheckKind>()
    for (const group of [spec.required, spec.optional, extra]) {
      for (const [name, kind] of Object.entries(group)) if (!kinds.has(name)) kinds.set(name, kind)
    }
    if (kinds.has('recvWindow')) kinds.set('recvWindow', RECV_WINDOW)
    plan = { kinds, required: Object.keys(spec.required) }
    PLANS.set(spec, plan)
  }
  return plan
}

/**
 * Throws an InvalidParameterError naming the first param that does not fit `spec`: an unknown name, a value of the
 * wrong kind, a required param or a one-of group missing, two params sent that exclude each other. `undefined` and
 * `null` count as not given; an empty string, an empty array or a negative integer is a value the server refuses.
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
        `${spec.wire} needs it (${kindLabel(spec.required[name] ?? 'STRING')})`,
      )
    }
  }
  for (const group of spec.oneOf) {
    if (group.every((name) => params?.[name] == null)) {
      throw new InvalidParameterError(group[0] ?? '', `${spec.wire} needs one of ${group.join(', ')}`)
    }
  }
  if (spec.exclusive !== undefined && params !== undefined) checkExclusive(spec, params)
}

/** Throws, naming the second, when two names of an `exclusive` group are given. */
function checkExclusive(spec: MethodSpec, params: Readonly<Record<string, unknown>>): void {
  for (const group of spec.exclusive ?? []) {
    let first: string | undefined
    for (const name of group) {
      if (params[name] == null) continue
      if (first === undefined) first = name
      else throw new InvalidParameterError(name, `${spec.wire} takes ${first} or ${name}, not both`)
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
function problemOf(kind: CheckKind, value: unknown): string | undefined {
  if (typeof kind !== 'string') {
    if (typeof value === 'string' && kind.includes(value)) return undefined
    const hint = typeof value === 'string' ? didYouMean(value, kind) : ''
    return `must be one of ${kind.join(', ')}; got ${shown(value)}${hint}`
  }
  switch (kind) {
    case 'STRING':
      return typeof value !== 'string'
        ? `must be a string, got ${shown(value)}`
        : value === ''
          ? EMPTY
          : undefined
    case 'DECIMAL':
      return decimalProblem(value)
    case RECV_WINDOW:
      return recvWindowProblem(value)
    case 'LONG':
    case 'INT':
      return integerProblem(value)
    case 'BOOLEAN':
      return typeof value === 'boolean' ? undefined : `must be true or false, got ${shown(value)}`
    case 'STRING_ARRAY':
      return arrayProblem(value, 'must be an array of strings')
    case 'STRING_OR_ARRAY':
      if (typeof value === 'string') return value === '' ? EMPTY : undefined
      return arrayProblem(value, 'must be a string or an array of strings')
  }
}

const EMPTY = 'must not be empty (the server reads an empty value as not sent)'

function arrayProblem(value: unknown, expected: string): string | undefined {
  if (!Array.isArray(value)) return `${expected}, got ${shown(value)}`
  if (value.length === 0) return `${expected}, not an empty array`
  for (const item of value) {
    if (typeof item !== 'string') return `${expected}, got ${shown(value)}`
    if (item === '') return `${expected}, not an empty string among them`
  }
  return undefined
}

function decimalProblem(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return DECIMAL_TEXT.test(value)
      ? undefined
      : `must be a decimal in plain notation like '0.001' (no sign, exponent or spaces), got ${shown(value)}`
  }
  // A non-negative safe integer is taken: JSON writes exactly its digits, the text the string would be, so it is the
  // value meant. The types ask for a string all the same, so that no computed float compiles (README).
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return undefined
  if (typeof value === 'number' || typeof value === 'bigint') return `${AS_STRING}; got ${shown(value)}`
  return `must be a decimal string like '0.001', got ${shown(value)}`
}

/** Milliseconds as a string or a number: JSON writes a number of up to 3 decimals as those digits. */
export function recvWindowProblem(value: unknown): string | undefined {
  // The common case, a whole number of ms, without writing it out as text.
  if (typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= RECV_WINDOW_MAX) {
    return undefined
  }
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined
  if (text === undefined) return `must be milliseconds as a number or a decimal string, got ${shown(value)}`
  if (!RECV_WINDOW_TEXT.test(text)) {
    return `must be milliseconds in plain notation with up to 3 decimals, like 5000 or '6000.346'; got ${shown(value)}`
  }
  const ms = Number(text)
  if (ms > RECV_WINDOW_MAX) return `cannot be greater than ${RECV_WINDOW_MAX}, got ${shown(value)}`
  // The spec sets no minimum, but a window of 0 takes only a request stamped no earlier than the server's time: as
  // the config option, it is refused.
  if (ms === 0) return `must be more than 0 ms, got ${shown(value)}`
  return undefined
}

/** Integers (ids, counts, limits, times) are non-negative: the server's notation for them is digits only. */
function integerProblem(value: unknown): string | undefined {
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return value >= 0 ? undefined : `must not be negative, got ${value}`
    if (!Number.isFinite(value)) return `must be an integer, got ${value} (JSON sends null)`
    if (!Number.isInteger(value)) return `must be an integer, got ${value}`
    return `must be a safe integer (at most ${Number.MAX_SAFE_INTEGER}): above it a number may not be the integer meant, got ${value}`
  }
  if (typeof value === 'bigint') {
    return `must be a number, got the bigint ${value}n (JSON cannot carry it): pass Number(x) for a safe integer`
  }
  return `must be an integer number, got ${shown(value)}`
}

/** A value as an error shows it: short, and a string quoted so that `'1'` and `1` differ. */
function shown(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`
  if (typeof value === 'bigint') return `${value}n`
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}
