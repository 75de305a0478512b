// Validates and types a request's params from its catalogue row: presence, one-of groups, kinds, enums.
import type { ApiErrorKey } from '../../../protocol/errors.js'
import type { MethodSpec, ParamKind } from '../../../protocol/methods.js'
import { DECIMAL_PATTERN } from '../../engine/decimal.js'
import { fail } from '../../exchange/api-failure.js'

/** Binance's notations of numbers, quoted as the legal range of -1100 (docs/emulator-fidelity.md A23). */
const INTEGER = /^[0-9]{1,20}$/
const INTEGER_RANGE = '^[0-9]{1,20}$'
const DECIMAL_RANGE = '^([0-9]{1,20})(\\.[0-9]{1,20})?$'

/** True when a param counts as not sent. */
export function isAbsent(v: unknown): boolean {
  return v === undefined || v === null || v === ''
}

/** A spec's params as lists, made once per spec (Object.entries on every request was a tenth of validation). */
interface Plan {
  readonly required: readonly (readonly [string, ParamKind])[]
  readonly optional: readonly (readonly [string, ParamKind])[]
  /** The optional params by name; undefined when a name is also required (then only the spec-order loop runs). */
  readonly optionalKinds: ReadonlyMap<string, ParamKind> | undefined
}

const PLANS = new WeakMap<MethodSpec, Plan>()

function planOf(spec: MethodSpec): Plan {
  let plan = PLANS.get(spec)
  if (!plan) {
    const required = Object.entries(spec.required)
    const optional = Object.entries(spec.optional)
    const overlap = optional.some(([name]) => Object.hasOwn(spec.required, name))
    plan = { required, optional, optionalKinds: overlap ? undefined : new Map(optional) }
    PLANS.set(spec, plan)
  }
  return plan
}

/** A copy of `raw` whose catalogue params are typed (numbers, booleans, arrays); throws the spec's error. */
export function validateParams(
  spec: MethodSpec,
  raw: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const plan = planOf(spec)
  const out: Record<string, unknown> = { ...raw }
  for (const [name, kind] of plan.required) {
    const value = raw[name]
    if (isAbsent(value)) fail('MANDATORY_PARAM', name)
    out[name] = coerceOr(kind, value, name, () => fail('MANDATORY_PARAM', name))
  }
  // The params sent are far fewer than the optional ones: they are typed first, and only when one of them
  // is wrong does the loop in the spec's order run, to throw the error of the first wrong one as before.
  if (!plan.optionalKinds || !typeSentOptionals(plan.optionalKinds, raw, out)) {
    for (const [name, kind] of plan.optional) {
      const value = raw[name]
      if (value === undefined || value === null) {
        delete out[name]
        continue
      }
      if (value === '') fail(emptyError(name), name)
      out[name] = coerceOr(kind, value, name, () => fail('INVALID_PARAMETER', name))
    }
  }
  for (const group of spec.oneOf) {
    if (group.every((name) => isAbsent(raw[name]))) fail('PARAM_EITHER', group[0] ?? '', group[1] ?? '')
  }
  if (raw['returnRateLimits'] !== undefined) {
    out['returnRateLimits'] = coerceOr('BOOLEAN', raw['returnRateLimits'], 'returnRateLimits', () =>
      fail('INVALID_PARAMETER', 'returnRateLimits'),
    )
  }
  return out
}

/** Types the optional params `raw` has into `out`; false (without throwing) at the first one that is wrong. */
function typeSentOptionals(
  kinds: ReadonlyMap<string, ParamKind>,
  raw: Readonly<Record<string, unknown>>,
  out: Record<string, unknown>,
): boolean {
  for (const name in raw) {
    const kind = kinds.get(name)
    if (kind === undefined) continue
    const value = raw[name]
    if (value === undefined || value === null) {
      delete out[name]
      continue
    }
    if (value === '') return false
    const typed =
      typeof kind === 'string'
        ? coerce(kind, value)
        : typeof value === 'string'
          ? kind[kind.indexOf(value)]
          : undefined
    if (typed === undefined) return false
    out[name] = typed
  }
  return true
}

function coerceOr(kind: ParamKind, value: unknown, name: string, malformed: () => never): unknown {
  if (typeof kind !== 'string') {
    const i = typeof value === 'string' ? kind.indexOf(value) : -1
    // The catalogue's own string: orders keep these, and a copy per order would be kept with each.
    if (i >= 0) return kind[i]
    return fail(enumError(name, kind), name)
  }
  const typed = coerce(kind, value)
  if (typed !== undefined) return typed
  refuseNotation(kind, value, name)
  return malformed()
}

/**
 * -1100 with the legal range when `value` is text outside the notation of a number `kind` (a WebSocket API
 * number arrives as its text); a value in the notation but out of range is the caller's to refuse.
 */
export function refuseNotation(kind: ParamKind, value: unknown, name: string): void {
  if (typeof value !== 'string') return
  if (kind === 'DECIMAL' && !DECIMAL_PATTERN.test(value)) fail('ILLEGAL_CHARS_IN_PARAM', name, DECIMAL_RANGE)
  if ((kind === 'LONG' || kind === 'INT') && !INTEGER.test(value))
    fail('ILLEGAL_CHARS_IN_PARAM', name, INTEGER_RANGE)
}

/** `value` as `kind`, or undefined if it is not one. */
export function coerce(kind: Exclude<ParamKind, readonly string[]>, value: unknown): unknown {
  switch (kind) {
    case 'STRING':
      return typeof value === 'string' ? value : undefined
    case 'DECIMAL':
      return typeof value === 'string' && DECIMAL_PATTERN.test(value) ? value : undefined
    case 'LONG':
    case 'INT': {
      if (typeof value !== 'string' || !INTEGER.test(value)) return undefined
      const n = Number(value)
      return Number.isSafeInteger(n) ? n : undefined
    }
    case 'BOOLEAN':
      return value === true || value === 'true'
        ? true
        : value === false || value === 'false'
          ? false
          : undefined
    case 'STRING_ARRAY':
      return stringArray(value)
    case 'STRING_OR_ARRAY':
      return typeof value === 'string' ? value : stringArray(value)
    default:
      return undefined
  }
}

function stringArray(value: unknown): readonly string[] | undefined {
  let v = value
  if (typeof v === 'string' && v.startsWith('[')) {
    try {
      v = JSON.parse(v)
    } catch {
      return undefined
    }
  }
  return Array.isArray(v) && v.every((s) => typeof s === 'string') ? v : undefined
}

/** The spec's error for a value outside an enum, by parameter name. */
function enumError(name: string, values: readonly string[]): ApiErrorKey {
  if (name === 'side' || name.endsWith('Side')) return 'INVALID_SIDE'
  if (name === 'type') return values.includes('MINI') ? 'INVALID_TICKER_TYPE' : 'INVALID_ORDER_TYPE'
  if (name.endsWith('Type') && values.includes('LIMIT_MAKER')) return 'INVALID_ORDER_TYPE'
  if (name === 'timeInForce' || name.endsWith('TimeInForce')) return 'INVALID_TIF'
  if (name === 'pegPriceType' || name.endsWith('PegPriceType')) return 'INVALID_PEG_PRICE_TYPE'
  if (name === 'pegOffsetType' || name.endsWith('PegOffsetType')) return 'INVALID_PEG_OFFSET_TYPE'
  if (name === 'cancelRestrictions') return 'INVALID_CANCEL_RESTRICTIONS'
  if (name === 'symbolStatus') return 'INVALID_SYMBOLSTATUS'
  if (name === 'interval' || name === 'windowSize') return 'BAD_INTERVAL'
  return 'INVALID_PARAMETER'
}

function emptyError(name: string): ApiErrorKey {
  if (name === 'newClientOrderId') return 'EMPTY_NEW_CL_ORD_ID'
  if (name === 'origClientOrderId') return 'EMPTY_ORG_CL_ORD_ID'
  return 'PARAM_EMPTY'
}
