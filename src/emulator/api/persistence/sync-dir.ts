// fsync of a folder: makes a file created, renamed or deleted in it durable.
import { open } from 'node:fs/promises'

export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}
