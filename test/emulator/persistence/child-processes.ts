// Other processes seen through Linux's /proc: a process's children, its open files, whether it still runs; and
// bounded waits (a process that is not our child gives no event when it ends: it is polled).
import { readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { vi } from 'vitest'

/** The pids of the children of every thread of `pid` (none once it has ended). */
export function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
    )
  } catch {
    return []
  }
}

/** The command line of `pid`, its arguments joined by spaces ('' once it has ended). */
export function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim()
  } catch {
    return ''
  }
}

/** The paths of the files `pid` holds open now (none once it has ended). */
export function openFilesOf(pid: number): string[] {
  try {
    return readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
      try {
        return [readlinkSync(`/proc/${pid}/fd/${fd}`)]
      } catch {
        return []
      }
    })
  } catch {
    return []
  }
}

/** The state letter of `pid` (R, S, D, T stopped, Z ended but not reaped), or undefined once it is gone. */
export function stateOf(pid: number): string | undefined {
  try {
    // The name in parentheses may hold spaces: the state follows its closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]
  } catch {
    return undefined
  }
}

/** True while `pid` runs (or is stopped): a zombie has ended, whether or not its new parent has reaped it yet. */
export function running(pid: number): boolean {
  const state = stateOf(pid)
  return state !== undefined && state !== 'Z'
}

/** Calls `probe` every `everyMs` (vi.waitFor) until it gives a value; rejects naming `what` after `withinMs`. */
export function poll<T>(what: string, probe: () => T | undefined, withinMs: number, everyMs = 5): Promise<T> {
  return vi.waitFor(
    () => {
      const value = probe()
      if (value === undefined) throw new Error(`${what}: not within ${withinMs} ms`)
      return value
    },
    { timeout: withinMs, interval: everyMs },
  )
}

/** `promise`, or a rejection naming `what` after `withinMs`. */
export async function within<T>(promise: Promise<T>, withinMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${withinMs} ms`)), withinMs)
  })
  try {
    return await Promise.race([promise, late])
  } finally {
    clearTimeout(timer)
  }
}
