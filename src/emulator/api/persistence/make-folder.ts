// Makes a folder and its missing parents one at a time: Node 20's recursive mkdir loops for ever under /proc and
// reports ENOENT where the cause is EROFS. The first that cannot be made stops it, with the system's own reason.
import { mkdir, rm, stat } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'

/**
 * Makes `dir` and its missing parents with `mode`; returns the topmost folder it made (undefined: `dir` was
 * there). A path that is a file says so; on a failure, the folders it made are removed.
 */
export async function makeFolder(dir: string, mode: number): Promise<string | undefined> {
  const missing: string[] = []
  for (let at = resolve(dir); ; at = dirname(at)) {
    const found = await stat(at).catch((err: NodeJS.ErrnoException) => {
      // ENOTDIR: a parent is a file, which the next step up finds.
      if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return undefined
      throw err
    })
    if (found?.isDirectory()) break
    if (found) throw new Error(`${at} is a file, not a folder`)
    missing.unshift(at)
    if (dirname(at) === at) break
  }
  for (const path of missing) {
    try {
      await mkdir(path, { mode })
    } catch (err) {
      if (path !== missing[0]) await rm(missing[0] as string, { recursive: true, force: true })
      throw new Error(`${path} could not be made: ${(err as Error).message}`, { cause: err })
    }
  }
  return missing[0]
}
