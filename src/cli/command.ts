// What every subcommand is: a name, a help text, and a run function that returns the exit code.

/** One subcommand of `binance-spot-ws`. */
export interface Command {
  readonly name: string
  /** One line for the command list. */
  readonly summary: string
  /** The full `--help` text, with examples. */
  readonly help: string
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(args: readonly string[]): Promise<number>
}

/** Bad usage (unknown option, bad argument, missing parameter): reported without a stack, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

/** Exit codes: success, failure of the operation itself, bad usage, a data dir that cannot be used. */
export const EXIT = { ok: 0, failed: 1, usage: 2, dataDir: 3 } as const
