// Argument-parsing conventions shared by the commands (each calls `util.parseArgs` itself).
import { UsageError } from './command.js'

/** The `-h/--help` option every command accepts. */
export const HELP_OPTION = { type: 'boolean', short: 'h' } as const

/** Runs a `parseArgs` call; its errors (unknown option, missing value) become UsageErrors. */
export function parseOrUsage<T>(parse: () => T): T {
  try {
    return parse()
  } catch (err) {
    const { code, message } = err as NodeJS.ErrnoException
    // Node's text goes on about positional arguments after '--', which no command here takes.
    const unknown = code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && /^Unknown option '([^']+)'/.exec(message)
    throw new UsageError(unknown ? `unknown option '${unknown[1]}'` : message)
  }
}

/** `text` as an integer in [min, max], or a UsageError naming `flag`. */
export function integerFlag(flag: string, text: string, min: number, max: number): number {
  const n = /^-?\d+$/.test(text.trim()) ? Number(text) : Number.NaN
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag} must be an integer from ${min} to ${max}, got '${text}'`)
  }
  return n
}
