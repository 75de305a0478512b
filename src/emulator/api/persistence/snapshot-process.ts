// Runs one snapshot job in a child process (`snapshot-worker.ts`), so that the live exchange goes on serving while
// the state is replayed and written, and the memory the replay takes goes back to the system when it ends (in a
// worker thread it stayed in this process: its RSS rose a step with each snapshot). The job goes over the IPC
// channel; the child's outcome is its message, and a child that ends without one failed (its error is the last
// `Error:` line it printed). The child ends itself when this process does (its IPC channel closes).
import { fork } from 'node:child_process'
import type { SnapshotJob } from './replayed-snapshot.js'

/** The compiled worker beside this file; undefined when running from TypeScript source (tests inject a bundle). */
export const SNAPSHOT_WORKER: URL | undefined = import.meta.url.endsWith('.js')
  ? new URL('./snapshot-worker.js', import.meta.url)
  : undefined

export interface SnapshotProcess {
  /** Resolves once the snapshot is durable; rejects with why it is not (a stopped child resolves false). */
  readonly done: Promise<boolean>
  /** Ends the child now (its `.tmp` may be left: the caller removes it). */
  stop(): Promise<void>
}

/** What of the child's stderr is kept to explain a failure. */
const STDERR_TAIL = 8 << 10

export function startSnapshotProcess(entry: URL | string, job: SnapshotJob): SnapshotProcess {
  const child = fork(entry, [], {
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    // Memory limits carry over; a profiler's or debugger's flags do not.
    execArgv: process.execArgv.filter((a) => a.startsWith('--max-old-space-size')),
  })
  let stopped = false
  let stderr = ''
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr = (stderr + d).slice(-STDERR_TAIL)
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
  const done = new Promise<boolean>((resolve, reject) => {
    let answer: { done?: true; error?: string } | undefined
    child.on('message', (m: { done?: true; error?: string }) => {
      answer = m
    })
    child.on('error', (err) => {
      answer ??= { error: `the snapshot worker failed: ${err.message}` }
    })
    void exited.then((code) => {
      if (answer?.done) resolve(true)
      else if (stopped) resolve(false)
      else reject(new Error(answer?.error ?? `the snapshot worker exited with code ${code}${cause(stderr)}`))
    })
  })
  child.send(job)
  return {
    done,
    stop: async () => {
      stopped = true
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      await exited
    },
  }
}

/** The last `…Error: message` line a crashed child printed, as `: message`. */
function cause(stderr: string): string {
  const line = stderr
    .split('\n')
    .reverse()
    .find((l) => /^\w*Error: /.test(l))
  return line ? `: ${line}` : ''
}
