// Option objects from untyped code: a name the client does not take is refused, not silently ignored.
import { isObject } from '../protocol/envelope.js'
import { didYouMean } from '../protocol/suggest.js'
import { InvalidParameterError } from './errors.js'

/** One entry per option of `T`: a name added to the type and not here (or here and not there) does not compile. */
export type OptionNames<T> = { readonly [K in keyof Required<T>]: true }

/**
 * Throws InvalidParameterError unless `options` is undefined or an object whose own keys are all in `names`; the
 * error names the first unknown key (with a "did you mean") and lists the known ones. `what`: `'config'`, `'call'` …
 */
export function checkOptionNames(options: unknown, names: object, what: string): void {
  if (options === undefined) return
  if (!isObject(options)) throw new InvalidParameterError(`${what} options`, 'must be an object')
  for (const key in options) {
    if (Object.hasOwn(names, key) || !Object.hasOwn(options, key)) continue
    const known = Object.keys(names)
    throw new InvalidParameterError(
      key,
      `unknown ${what} option${didYouMean(key, known)}; known: ${known.join(', ')}`,
    )
  }
}
