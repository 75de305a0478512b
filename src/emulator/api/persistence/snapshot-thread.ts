// Runs one snapshot job in a worker thread (`snapshot-worker.ts`), so that the live exchange goes on serving while
// the state is replayed and written. The worker's outcome is its message; a worker that ends without one crashed.
import { Worker } from 'node:worker_threads'
import type { SnapshotJob } from './replayed-snapshot.js'

/** The compiled worker beside this file; undefined when running from TypeScript source (tests inject a bundle). */
export const SNAPSHOT_WORKER: URL | undefined = import.meta.url.endsWith('.js')
  ? new URL('./snapshot-worker.js', import.meta.url)
  : undefined

export interface SnapshotThread {
  /** Resolves once the snapshot is durable; rejects with why it is not (a stopped worker resolves false). */
  readonly done: Promise<boolean>
  /** Ends the worker now (its `.tmp` may be left: the caller removes it). */
  stop(): Promise<void>
}

export function startSnapshotThread(entry: URL | string, job: SnapshotJob): SnapshotThread {
  const worker = new Worker(entry, { workerData: job })
  let stopped = false
  const done = new Promise<boolean>((resolve, reject) => {
    let answer: { done?: true; error?: string } | undefined
    worker.on('message', (m: { done?: true; error?: string }) => {
      answer = m
    })
    worker.on('error', (err) => {
      answer ??= { error: `the snapshot worker failed: ${err.message}` }
    })
    worker.on('exit', (code) => {
      if (answer?.done) resolve(true)
      else if (stopped) resolve(false)
      else reject(new Error(answer?.error ?? `the snapshot worker exited with code ${code}`))
    })
  })
  return {
    done,
    stop: async () => {
      stopped = true
      await worker.terminate()
    },
  }
}
