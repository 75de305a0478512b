// Errors no request should meet — a bug, a history chunk damaged on disk since the start — are answered as -1000
// (UNKNOWN) like any server's, and told to the operator here: counted (the metrics), and logged with what they
// say (a DataDirError names the file and the byte; anything else comes with its stack). The same text is logged at
// most once a minute, so a client that repeats the request cannot flood the log.
import { DataDirError } from './persistence/data-dir-error.js'

/** Real ms between two log lines of the same text. */
const QUIET_MS = 60_000
/** Texts remembered; past this the memory starts again (a flood of distinct texts is logged, never held). */
const REMEMBERED = 1000

export class InternalErrors {
  /** Errors met since the start. */
  count = 0
  private readonly logged = new Map<string, number>()

  constructor(
    private readonly log: (line: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * `error` was met while answering `what` (a method's wire name, the frame it could not read, a control route's
   * path) with `answer`.
   */
  met(what: string, error: unknown, answer = '-1000'): void {
    this.count++
    const text = `${what}: answered ${answer} after an internal error: ${error instanceof Error ? error.message : String(error)}`
    const now = this.now()
    const last = this.logged.get(text)
    if (last !== undefined && now - last < QUIET_MS) return
    if (this.logged.size >= REMEMBERED) this.logged.clear()
    this.logged.set(text, now)
    const stack = error instanceof Error && !(error instanceof DataDirError) ? error.stack : undefined
    this.log(stack ? `${text}\n${stack}` : text)
  }
}
