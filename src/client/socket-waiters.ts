// Requests made while their connection has no open socket (reconnecting, or renewing after the old socket closed):
// each waits, within its own deadline, for a socket to open. Nothing has been sent, so sending it then is safe.
import { ConnectionClosedError, RequestAbortedError } from './errors.js'
import type { TimerHandle, Timers } from './timers.js'

interface Waiter {
  method: string
  resolve(left: number): void
  reject(err: Error): void
  deadline: number
  timer: TimerHandle
  signal: AbortSignal | undefined
  onAbort: () => void
}

/** The error of a request that was never sent because no socket opened before its deadline. */
const notSent = (method: string) =>
  new ConnectionClosedError(
    method,
    1006,
    'no socket opened before the deadline (reconnecting); nothing was sent',
    {
      sent: false,
    },
  )

/** The waiting requests of one connection. The slow path only: a timer per waiter is fine here. */
export class SocketWaiters {
  readonly #waiters = new Set<Waiter>()

  constructor(private readonly timers: Timers) {}

  /**
   * Resolves with the ms left of `timeout` at the next `wake()`. Rejects with a ConnectionClosedError (`sent: false`)
   * when the deadline passes first, with RequestAbortedError when `signal` aborts, and with `stop()`'s error.
   */
  wait(method: string, timeout: number, signal?: AbortSignal): Promise<number> {
    if (signal?.aborted) return Promise.reject(new RequestAbortedError(method, { cause: signal.reason }))
    return new Promise((resolve, reject) => {
      const settle = (w: Waiter) => {
        this.#waiters.delete(w)
        this.timers.clearTimeout(w.timer)
        w.signal?.removeEventListener('abort', w.onAbort)
      }
      const w: Waiter = {
        method,
        resolve: (left) => {
          settle(w)
          resolve(left)
        },
        reject: (err) => {
          settle(w)
          reject(err)
        },
        deadline: this.timers.now() + timeout,
        timer: this.timers.setTimeout(() => w.reject(notSent(method)), timeout),
        signal,
        onAbort: () => w.reject(new RequestAbortedError(method, { cause: signal?.reason })),
      }
      signal?.addEventListener('abort', w.onAbort, { once: true })
      this.#waiters.add(w)
    })
  }

  /** A socket opened: every waiter goes on with the time it has left. */
  wake(): void {
    const now = this.timers.now()
    for (const w of [...this.#waiters]) w.resolve(Math.max(1, w.deadline - now))
  }

  /** The connection closed for good: every waiter rejects with the error made for its method. */
  stop(error: (method: string) => Error): void {
    for (const w of [...this.#waiters]) w.reject(error(w.method))
  }

  get size(): number {
    return this.#waiters.size
  }
}
