// The prototype every FileHandle of node:fs/promises shares: a spy on one of its methods sees that call on every
// file the process opens (how a test stands in for a slow or held disk while the emulator runs for real).
import { rmSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { join } from 'node:path'

export interface FileHandleMethods {
  write(this: unknown, ...args: unknown[]): Promise<unknown>
  datasync(this: unknown): Promise<void>
}

/** Found through a probe file opened (and removed) in `dir`. */
export async function fileHandlePrototype(dir: string): Promise<FileHandleMethods> {
  const path = join(dir, 'probe')
  const probe = await open(path, 'w')
  const proto = Object.getPrototypeOf(probe) as FileHandleMethods
  await probe.close()
  rmSync(path)
  return proto
}
