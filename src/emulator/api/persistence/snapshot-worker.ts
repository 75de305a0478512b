// A snapshot worker's entry (a `node:worker_threads` script): takes the job in `workerData`, answers `{ done }` or
// `{ error }`. Compiled beside persistence.js; tests bundle it (a worker cannot load TypeScript).
import { parentPort, workerData } from 'node:worker_threads'
import { type SnapshotJob, writeReplayedSnapshot } from './replayed-snapshot.js'

try {
  await writeReplayedSnapshot(workerData as SnapshotJob)
  parentPort?.postMessage({ done: true })
} catch (err) {
  parentPort?.postMessage({ error: err instanceof Error ? err.message : String(err) })
}
