// An abortable wait on the client's timers.
import { RequestAbortedError } from './errors.js'
import type { Timers } from './timers.js'

/** Resolves after `ms` on `timers`; rejects with RequestAbortedError (naming `method`) if `signal` fires first. */
export function sleep(timers: Timers, ms: number, signal?: AbortSignal, method = 'wait'): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new RequestAbortedError(method, { cause: signal.reason }))
    const onAbort = () => {
      timers.clearTimeout(handle)
      reject(new RequestAbortedError(method, { cause: signal?.reason }))
    }
    const handle = timers.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
