// The one error a data dir gives: what is wrong, naming the file (and the byte offset where it applies).

/** Why a data dir cannot be used: unwritable, damaged, or holding another configuration's state. */
export class DataDirError extends Error {
  override name = 'DataDirError'
  constructor(
    message: string,
    /** The file or folder at fault. */
    readonly path: string,
    /** The byte offset in `path` where the damage starts, when there is one. */
    readonly offset?: number,
    options?: ErrorOptions,
  ) {
    super(message, options)
  }
}
