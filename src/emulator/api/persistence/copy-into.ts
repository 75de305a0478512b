// A backup's files: copied into a new or empty folder, each made durable, then the folder (persistence.ts `backup`).
import { constants } from 'node:fs'
import { copyFile, mkdir, open, readdir } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { syncDir } from './sync-dir.js'

/** Copies `files` into `dir` under their names, durably; throws a RangeError that says what went wrong. */
export async function copyInto(dir: string, files: readonly string[]): Promise<void> {
  await emptyFolder(dir)
  for (const from of files) await copyDurably(from, join(dir, basename(from)))
  await syncDir(dir)
}

/**
 * Makes `dir` (and its parents) if missing, readable by the emulator's user only (a snapshot holds the secrets of
 * the accounts added while running); refuses one that holds anything.
 */
async function emptyFolder(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 })
    if ((await readdir(dir)).length > 0)
      throw new RangeError(`backup: ${dir} is not empty: give a new or empty folder`)
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
