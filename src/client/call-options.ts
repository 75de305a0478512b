// The per-call options (`{ signal, timeout }`), checked before anything is counted or sent: untyped code can pass
// what the types forbid, and a NaN or string timeout would leave its request pending forever.
import { positive } from './config.js'
import { InvalidParameterError } from './errors.js'
import { checkOptionNames, type OptionNames } from './option-names.js'
import type { CallOptions } from './types.js'

const CALL_OPTIONS: OptionNames<CallOptions> = { signal: true, timeout: true }

/** Throws InvalidParameterError naming the option: an unknown name, a timeout the config would refuse, a non-signal. */
export function checkCallOptions(options: CallOptions | undefined): void {
  if (options === undefined) return
  checkOptionNames(options, CALL_OPTIONS, 'call')
  if (options.timeout !== undefined) positive('timeout', options.timeout, 0)
  checkSignal(options.signal)
}

/** Throws InvalidParameterError('signal') unless `signal` is undefined or an AbortSignal (by shape: any realm). */
export function checkSignal(signal: unknown): void {
  if (signal === undefined) return
  const s = signal as Partial<AbortSignal> | null
  if (
    typeof s !== 'object' ||
    s === null ||
    typeof s.aborted !== 'boolean' ||
    typeof s.addEventListener !== 'function'
  )
    throw new InvalidParameterError('signal', `must be an AbortSignal, got ${s === null ? 'null' : typeof s}`)
}
