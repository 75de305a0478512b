// Folders a test makes under the system's temporary folder (data dirs, their crash copies), removed together.
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export class TempDirs {
  private readonly made: string[] = []

  /** A new empty folder named `<prefix><random>`. */
  make(prefix: string): string {
    const dir = mkdtempSync(join(tmpdir(), prefix))
    this.made.push(dir)
    return dir
  }

  /** A copy of `dir` as it is now: what a crash at this moment leaves of a data dir. */
  copy(dir: string): string {
    const copy = this.make('bsw-crash-')
    cpSync(dir, copy, { recursive: true })
    return copy
  }

  removeAll(): void {
    for (const dir of this.made.splice(0)) rmSync(dir, { recursive: true, force: true })
  }
}
