// Printing results: JSON, indented on a terminal (or when asked), one line per value otherwise.

/** Writes `value` as JSON on stdout. */
export function printJson(value: unknown, pretty: boolean = process.stdout.isTTY === true): void {
  process.stdout.write(`${JSON.stringify(value, null, pretty ? 2 : undefined)}\n`)
}

/** Writes one line on stderr. */
export function printError(text: string): void {
  process.stderr.write(`${text}\n`)
}

/** Writes one line on stdout. */
export function say(text = ''): void {
  process.stdout.write(`${text}\n`)
}
