// Child processes of the benchmarks: a server process, one worker per measurement, and their core affinity.

import { type ChildProcess, execFileSync, fork } from 'node:child_process'
import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { dirname, join } from 'node:path'
import type { EventLoopUtilization } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'

/** The directory of the compiled bench entry points. */
const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), '..')

export interface Usage {
  cpu: NodeJS.CpuUsage
  at: number
  /** The server's main thread: time in and out of its event loop (stub servers may not report it). */
  elu?: EventLoopUtilization
}

const TASKSET = '/usr/bin/taskset'
/** Latency runs can pin client and server to one core (taskset): cross-core wake-ups add 50–90 µs of noise on VMs. */
export const canPin = existsSync(TASKSET)
const ALL_CPUS = `0-${availableParallelism() - 1}`

/** Sets the core affinity of every thread of `pid`: one core, or all of them. */
export function setAffinity(pid: number | undefined, cpus: 'one' | 'all'): void {
  if (!canPin || pid === undefined) return
  execFileSync(TASKSET, ['-a', '-p', '-c', cpus === 'one' ? '0' : ALL_CPUS, String(pid)], { stdio: 'ignore' })
}

/** A server running in a child process (stub or emulator). */
export interface ServerProcess {
  readonly url: string
  readonly pid: number | undefined
  usage(): Promise<Usage>
  close(): Promise<void>
}

/** Starts `entry` (a compiled file in bench/) and waits for its `{ type: 'ready', url }`. */
export function startServerProcess(
  entry: string,
  args: string[] = [],
  execArgv: string[] = [],
): Promise<ServerProcess> {
  const child = fork(join(BENCH_DIR, entry), args, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv,
  })
  let seq = 0
  const waiting = new Map<number, (u: Usage) => void>()
  child.on('message', (m: { seq?: number } & Usage) => {
    if (m.seq === undefined) return
    waiting.get(m.seq)?.(m)
    waiting.delete(m.seq)
  })
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${entry} exited with ${code}`)))
    child.once('message', (m: { type?: string; url?: string }) => {
      if (m.type !== 'ready' || !m.url) return reject(new Error(`${entry}: unexpected ${JSON.stringify(m)}`))
      resolve({
        url: m.url,
        pid: child.pid,
        usage: () =>
          new Promise((r) => {
            const s = ++seq
            waiting.set(s, r)
            child.send({ type: 'usage', seq: s })
          }),
        close: () => closeChild(child),
      })
    })
  })
}

function closeChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve()
    child.removeAllListeners('exit')
    child.once('exit', () => resolve())
    child.send({ type: 'close' })
    setTimeout(() => child.kill(), 5000).unref()
  })
}

/** Runs a worker to completion; answers its `{ mark }` messages after `onMark`, resolves with its `result`. */
export function runWorker<R>(
  entry: string,
  arg: unknown,
  opts: { execArgv?: string[]; onMark?: (name: string, pid: number | undefined) => Promise<void> } = {},
): Promise<R> {
  const child = fork(join(BENCH_DIR, entry), [JSON.stringify(arg)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: opts.execArgv ?? [],
    env: { ...process.env, LOG_LEVEL: 'error' },
  })
  return new Promise((resolve, reject) => {
    let result: R | undefined
    child.on('message', (m: { mark?: string; result?: R }) => {
      if (m.mark !== undefined) {
        const name = m.mark
        void (opts.onMark?.(name, child.pid) ?? Promise.resolve()).then(() => child.send({ mark: name }))
      } else if (m.result !== undefined) result = m.result
    })
    child.once('exit', (code) =>
      result !== undefined
        ? resolve(result)
        : reject(new Error(`${entry} exited with ${code} and no result`)),
    )
  })
}
