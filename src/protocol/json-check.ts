// Small combinators that check parsed JSON against a shape (a config file, a control call's body); errors say
// where (`accounts[1].apiKey`) and what.
import { isObject } from './envelope.js'
import { didYouMean } from './suggest.js'

/** A value that does not fit its shape: `path` is where (empty at the top), `problem` what, without the path. */
export class ShapeError extends TypeError {
  override name = 'ShapeError'

  /** `message` by default: the path (or "the top level"), then the problem. */
  constructor(
    readonly path: string,
    readonly problem: string,
    message = `${path || 'the top level'} ${problem}`,
  ) {
    super(message)
  }
}

/** Checks `value` found at `path`; returns it (typed) or throws a ShapeError. */
export type Check<T> = (value: unknown, path: string) => T

/** `path.key`, or `key` at the top. */
const join = (path: string, key: string) => (path ? `${path}.${key}` : key)

const fail = (path: string, what: string, value: unknown): never => {
  const problem = `must be ${what}, got ${JSON.stringify(value) ?? String(value)}`
  throw new ShapeError(path, problem)
}

export const string: Check<string> = (v, path) =>
  typeof v === 'string' && v !== '' ? v : fail(path, 'a non-empty string', v)

/** A decimal as text, e.g. "0.001": money is never a JSON number. */
export const decimal: Check<string> = (v, path) =>
  typeof v === 'string' && /^\d+(\.\d+)?$/.test(v) ? v : fail(path, 'a decimal string like "0.001"', v)

export const boolean: Check<boolean> = (v, path) =>
  typeof v === 'boolean' ? v : fail(path, 'true or false', v)

export const integer =
  (min: number, max: number): Check<number> =>
  (v, path) =>
    typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max
      ? v
      : fail(path, `an integer from ${min} to ${max}`, v)

/** A count ≥ 0 (ms, orders, subscriptions). */
export const whole = integer(0, Number.MAX_SAFE_INTEGER)

export const positiveNumber: Check<number> = (v, path) =>
  typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fail(path, 'a positive number', v)

export const oneOf =
  <T extends string>(values: readonly T[]): Check<T> =>
  (v, path) =>
    values.includes(v as T) ? (v as T) : fail(path, `one of ${values.join(', ')}`, v)

export const arrayOf =
  <T>(item: Check<T>): Check<T[]> =>
  (v, path) =>
    Array.isArray(v) ? v.map((x, i) => item(x, `${path}[${i}]`)) : fail(path, 'an array', v)

export const recordOf =
  <T>(item: Check<T>): Check<Record<string, T>> =>
  (v, path) => {
    if (!isObject(v)) return fail(path, 'an object', v)
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, item(x, join(path, k))]))
  }

/** Either check, tried in order; the error is the last one's. */
export const either =
  <A, B>(a: Check<A>, b: Check<B>): Check<A | B> =>
  (v, path) => {
    try {
      return a(v, path)
    } catch {
      return b(v, path)
    }
  }

type Shape = Record<string, Check<unknown>>
type Checked<S extends Shape> = { [K in keyof S]?: ReturnType<S[K]> }

/** An object whose keys are all in `shape` (each checked), with `required` present. Unknown keys fail. */
export const object =
  <S extends Shape>(shape: S, required: readonly (keyof S & string)[] = []): Check<Checked<S>> =>
  (v, path) => {
    if (!isObject(v)) return fail(path, 'an object', v)
    const out: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(v)) {
      const check = shape[key]
      if (!check) {
        const known = `${didYouMean(key, Object.keys(shape))}; known: ${Object.keys(shape).join(', ')}`
        throw new ShapeError(
          join(path, key),
          `unknown field${known}`,
          `unknown field '${join(path, key)}'${known}`,
        )
      }
      out[key] = check(value, join(path, key))
    }
    for (const key of required) {
      if (!(key in out)) throw new ShapeError(join(path, key), 'is required')
    }
    return out as Checked<S>
  }
