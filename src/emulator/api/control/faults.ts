// Injected faults for tests: the next request(s) answer with a backend error or a WAF block, or get no answer
// until released.
import { API_ERRORS, apiError } from '../../../protocol/errors.js'
import { ApiFailure } from '../../exchange/api-failure.js'

/** Backend errors a request can be made to fail with, and `'WAF'`: blocked in front of the API (status 403). */
export const FAULT_ERRORS = ['TIMEOUT', 'SERVER_BUSY', 'DISCONNECTED', 'UNKNOWN', 'WAF'] as const
export type FaultError = (typeof FAULT_ERRORS)[number]

export interface FailNextOptions {
  /** Only requests of this wire method, e.g. `'order.place'`; default any method. */
  method?: string
  /** Default `'TIMEOUT'`: -1007 "Timeout waiting for response from backend server…". */
  error?: FaultError
  /** Process the request anyway, then answer with the error (outcome unknown); default false; not with `'WAF'`. */
  executed?: boolean
  /** How many matching requests fail (default 1). */
  count?: number
}

export interface StallNextOptions {
  /** Only a request of this wire method; default any method. */
  method?: string
}

/** A request held without an answer. */
export interface StalledRequest {
  /** Resolves once the stalled request has arrived. */
  readonly arrived: Promise<void>
  /** Processes and answers the held request now; before it arrives, cancels the stall instead. */
  release(): void
}

/**
 * The status and envelope error of a WAF block over the WebSocket API: `web-socket-api.md` documents status 403 but
 * no error code; -1002 is the documented refusal closest to it (docs/emulator-fidelity.md R11).
 */
export const WAF_BLOCK = new ApiFailure(403, apiError('UNAUTHORIZED'))

/** What dispatch does with one request. */
export type Fault =
  | { readonly kind: 'fail'; readonly failure: ApiFailure; readonly executed: boolean }
  | { readonly kind: 'waf' }
  | { readonly kind: 'stall'; hold(resume: () => void): void }

type Pending =
  | { kind: 'fail'; method: string | undefined; failure: ApiFailure; executed: boolean; left: number }
  | { kind: 'waf'; method: string | undefined; left: number }
  | { kind: 'stall'; method: string | undefined; hold: (resume: () => void) => void }

export class Faults {
  private pending: Pending[] = []

  failNext(options: FailNextOptions = {}): void {
    const key = options.error ?? 'TIMEOUT'
    const left = options.count ?? 1
    if (!Number.isInteger(left) || left < 1) throw new RangeError(`failNext: count ${left} is not ≥ 1`)
    const { method } = options
    if (key === 'WAF') {
      if (options.executed)
        throw new RangeError('failNext: executed cannot be true with WAF (the API never sees the request)')
      this.pending.push({ kind: 'waf', method, left })
      return
    }
    const failure = new ApiFailure(API_ERRORS[key].status, apiError(key))
    this.pending.push({ kind: 'fail', method, failure, executed: options.executed ?? false, left })
  }

  stallNext(options: StallNextOptions = {}): StalledRequest {
    let arrive: () => void = () => {}
    const arrived = new Promise<void>((resolve) => {
      arrive = resolve
    })
    let resume: (() => void) | undefined
    let released = false
    const pending: Pending = {
      kind: 'stall',
      method: options.method,
      hold: (r) => {
        if (released) r()
        else resume = r
        arrive()
      },
    }
    this.pending.push(pending)
    return {
      arrived,
      release: () => {
        if (released) return
        released = true
        this.pending = this.pending.filter((p) => p !== pending)
        resume?.()
      },
    }
  }

  /** The fault planned for a request of `method`, consumed; undefined when none applies. */
  take(method: string): Fault | undefined {
    if (this.pending.length === 0) return undefined
    const i = this.pending.findIndex((p) => p.method === undefined || p.method === method)
    const p = this.pending[i]
    if (!p) return undefined
    if (p.kind === 'stall') {
      this.pending.splice(i, 1)
      return { kind: 'stall', hold: p.hold }
    }
    if (--p.left === 0) this.pending.splice(i, 1)
    return p.kind === 'waf' ? { kind: 'waf' } : { kind: 'fail', failure: p.failure, executed: p.executed }
  }
}
