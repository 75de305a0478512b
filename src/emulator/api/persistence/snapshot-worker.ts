// A snapshot worker's entry (run as a child process, snapshot-process.ts): takes the job from its first IPC
// message, answers `{ done }` or `{ error }`, and exits. Compiled beside persistence.js; tests bundle it (a child
// process cannot load TypeScript). When its parent ends first, the IPC channel closes and it stops at once.
import { type SnapshotJob, writeReplayedSnapshot } from './replayed-snapshot.js'

process.once('disconnect', () => process.exit(1))
process.once('message', (job: SnapshotJob) => {
  writeReplayedSnapshot(job).then(
    () => answer({ done: true }),
    (err: unknown) => answer({ error: err instanceof Error ? err.message : String(err) }),
  )
})

function answer(message: { done: true } | { error: string }): void {
  process.removeAllListeners('disconnect')
  process.send?.(message, () => process.disconnect())
}
