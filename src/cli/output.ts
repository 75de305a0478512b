// Printing results: JSON, indented on a terminal (or when asked), one line per value otherwise. A reader that goes
// away (`| head -1`, `| grep -m1`) ends the writing to its stream, not the process.

/**
 * Keeps the process alive when the reader of stdout or stderr goes away: Node would die of the EPIPE (an `error`
 * event nobody listens to). The stream is destroyed, what is written to it after is dropped, the work goes on.
 */
export function survivePipeClose(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      // A write after the EPIPE finds the stream destroyed: dropped too.
      if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err
      stream.destroy()
    })
  }
}

/** Writes `text` on `stream` unless its reader has gone away. */
function write(stream: NodeJS.WriteStream, text: string): void {
  if (stream.writable) stream.write(text)
}

/** Writes `text` as it is on stdout. */
export function out(text: string): void {
  write(process.stdout, text)
}

/** Writes `text` as it is on stderr. */
export function outErr(text: string): void {
  write(process.stderr, text)
}

/** Writes `value` as JSON on stdout. */
export function printJson(value: unknown, pretty: boolean = process.stdout.isTTY === true): void {
  out(`${JSON.stringify(value, null, pretty ? 2 : undefined)}\n`)
}

/** Writes one line on stderr. */
export function printError(text: string): void {
  outErr(`${text}\n`)
}

/** Writes one line on stdout. */
export function say(text = ''): void {
  out(`${text}\n`)
}
