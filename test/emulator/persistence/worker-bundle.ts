// The snapshot worker as the tests run it: a child process cannot load TypeScript, so the worker's entry is
// bundled once into one ES module (esbuild), beside a scratch folder for worker scripts of the tests' own.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'
import { root } from '../../support/cli-process.js'

export interface WorkerBundle {
  /** The bundled `snapshot-worker.ts`. */
  readonly entry: string
  /** Writes a worker script of the test's own (ES module) and returns its path. */
  script(name: string, source: string): string
  remove(): void
}

export async function bundleSnapshotWorker(): Promise<WorkerBundle> {
  mkdirSync(join(root, 'node_modules', '.cache'), { recursive: true })
  const work = mkdtempSync(join(root, 'node_modules', '.cache', 'bsw-snapshot-worker-'))
  const entry = join(work, 'snapshot-worker.mjs')
  await build({
    entryPoints: [join(root, 'src', 'emulator', 'api', 'persistence', 'snapshot-worker.ts')],
    outfile: entry,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // A snapshot names each object's class: the names must stay as written.
    keepNames: true,
    logLevel: 'silent',
  })
  return {
    entry,
    script: (name, source) => {
      const path = join(work, name)
      writeFileSync(path, source)
      return path
    },
    remove: () => rmSync(work, { recursive: true, force: true }),
  }
}
