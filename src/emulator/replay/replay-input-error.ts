// The one error bad replay input raises: it names the file (and the line, when one is at fault).

export class ReplayInputError extends Error {
  constructor(
    readonly file: string,
    /** 1-based line of the CSV data, 0 when the file as a whole is at fault. */
    readonly line: number,
    why: string,
  ) {
    super(line > 0 ? `${file}:${line}: ${why}` : `${file}: ${why}`)
    this.name = 'ReplayInputError'
  }
}
