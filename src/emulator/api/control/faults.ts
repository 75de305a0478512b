// Injected faults for tests: the next request(s) answer with a backend error or a WAF block, or get no answer
// until released.
import { API_ERRORS, apiError } from '../../../protocol/errors.js'
import { METHOD_BY_WIRE } from '../../../protocol/methods.js'
import { didYouMean } from '../../../protocol/suggest.js'
import { ApiFailure } from '../../exchange/api-failure.js'
import { ControlParamError } from './control-param-error.js'

/** Most requests one `failNext` may fail. */
const MAX_FAULT_COUNT = 1_000_000

/** `method` as a catalogue method's wire name (REST requests go by their method's), or undefined: any method. */
function methodOf(method: unknown): string | undefined {
  if (method === undefined || (typeof method === 'string' && METHOD_BY_WIRE.has(method))) return method
  const hint =
    typeof method === 'string' && method.length <= 64 ? didYouMean(method, METHOD_BY_WIRE.keys()) : ''
  throw new ControlParamError('method', `must be a method of the WebSocket API, such as order.place${hint}`)
}

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
  /** The release of each stall that holds a request. */
  private readonly held = new Set<() => void>()

  failNext(options: FailNextOptions = {}): void {
    const key = options.error ?? 'TIMEOUT'
    const left = options.count ?? 1
    const method = methodOf(options.method)
    if (!FAULT_ERRORS.includes(key))
      throw new ControlParamError('error', `must be one of ${FAULT_ERRORS.join(', ')}`)
    if (options.executed !== undefined && typeof options.executed !== 'boolean')
      throw new ControlParamError('executed', 'must be true or false')
    if (!Number.isSafeInteger(left) || left < 1 || left > MAX_FAULT_COUNT)
      throw new ControlParamError('count', `must be a whole number from 1 to ${MAX_FAULT_COUNT}`)
    if (key === 'WAF') {
      if (options.executed)
        throw new ControlParamError('executed', 'cannot be true with WAF (the API never sees the request)')
      this.pending.push({ kind: 'waf', method, left })
      return
    }
    const failure = new ApiFailure(API_ERRORS[key].status, apiError(key))
    this.pending.push({ kind: 'fail', method, failure, executed: options.executed ?? false, left })
  }

  stallNext(options: StallNextOptions = {}): StalledRequest {
    const method = methodOf(options.method)
    let arrive: () => void = () => {}
    const arrived = new Promise<void>((resolve) => {
      arrive = resolve
    })
    let resume: (() => void) | undefined
    let released = false
    const pending: Pending = {
      kind: 'stall',
      method,
      hold: (r) => {
        if (released) r()
        else {
          resume = r
          this.held.add(release)
        }
        arrive()
      },
    }
    const release = () => {
      if (released) return
      released = true
      this.pending = this.pending.filter((p) => p !== pending)
      this.held.delete(release)
      resume?.()
    }
    this.pending.push(pending)
    return { arrived, release }
  }

  /** Disarms every pending fault and answers every held request; returns how many faults that was. */
  clear(): number {
    const held = [...this.held]
    const cleared = this.pending.length + held.length
    this.pending = []
    for (const release of held) release()
    return cleared
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
