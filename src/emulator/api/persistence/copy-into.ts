// A backup's files: copied into a new or empty folder, each made durable, then the folder (persistence.ts `backup`).
import { constants } from 'node:fs'
import { copyFile, open, readdir, rm } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { makeFolder } from './make-folder.js'
import { syncDir } from './sync-dir.js'

/**
 * Copies `files` into `dir` under their names, durably; throws a RangeError that says what went wrong, having
 * removed what it made (the folders, or the files copied into a folder that was there): a retry finds it as before.
 */
export async function copyInto(dir: string, files: readonly string[]): Promise<void> {
  const made = await emptyFolder(dir)
  const copies = files.map((from) => join(dir, basename(from)))
  try {
    for (const [k, from] of files.entries()) await copyDurably(from, copies[k] as string)
    await syncDir(dir)
  } catch (err) {
    if (made !== undefined) await rm(made, { recursive: true, force: true }).catch(() => {})
    else for (const copy of copies) await rm(copy, { force: true }).catch(() => {})
    throw err
  }
}

/**
 * Makes `dir` (and its parents) if missing, readable by the emulator's user only (a snapshot holds the secrets of
 * the accounts added while running); refuses one that holds anything. Returns the topmost folder it made.
 */
async function emptyFolder(dir: string): Promise<string | undefined> {
  try {
    const made = await makeFolder(dir, 0o700)
    if ((await readdir(dir)).length > 0)
      throw new RangeError(`backup: ${dir} is not empty: give a new or empty folder`)
    return made
  } catch (err) {
    if (err instanceof RangeError) throw err
    throw new RangeError(`backup: ${dir} cannot be used: ${(err as Error).message}`, { cause: err })
  }
}

/** Copies `from` to `to` (which must not exist) and makes the copy durable. */
async function copyDurably(from: string, to: string): Promise<void> {
  try {
    await copyFile(from, to, constants.COPYFILE_EXCL)
    const copy = await open(to, 'r+')
    try {
      await copy.datasync()
    } finally {
      await copy.close()
    }
  } catch (err) {
    throw new RangeError(`backup: ${from} could not be copied to ${to}: ${(err as Error).message}`, {
      cause: err,
    })
  }
}
