// The last requests the WebSocket API and REST answered — method, status, latency, the rate-limit usage after them —
// for the control API (`requests()`) and the dashboard's live log.
import type { RateLimit } from '../../../protocol/envelope.js'
import type { Account } from '../../exchange/account.js'
import type { Exchange } from '../../exchange/exchange.js'
import type { WeightCounter } from '../limits/weight-counter.js'
import type { ApiRequest } from '../run-request.js'

/** One answered request. */
export interface RequestRecord {
  /** Emulator time of the answer (ms). */
  readonly time: number
  /** The method's wire name (also for a REST request). */
  readonly method: string
  /** Which front it came through. */
  readonly front: 'WS' | 'REST'
  readonly status: number
  /** Real time from the request's processing to its answer, in ms (a stalled request counts from its release). */
  readonly latencyMs: number
  readonly ip: string
  /** The account's API key, once authenticated. */
  readonly apiKey: string | null
  /** REQUEST_WEIGHT of the IP and, for an order request, the account's ORDERS counts, after this request. */
  readonly rateLimits: readonly RateLimit[]
}

type Listener = (record: RequestRecord) => void

/** Keeps the last `size` answers (since the last reset) and tells listeners of each new one. */
export class RequestLog {
  #recent: RequestRecord[] = []
  readonly #listeners = new Set<Listener>()

  constructor(
    private readonly weights: WeightCounter,
    private readonly exchange: Exchange,
    private readonly size = 100,
  ) {
    exchange.onCommand(({ kind }) => {
      if (kind === 'reset') this.#recent = []
    })
  }

  /** `request` was answered; `started`: `performance.now()` when its processing began. */
  answered(
    ip: string,
    request: ApiRequest,
    account: Account | undefined,
    status: number,
    now: number,
    started: number,
  ): void {
    const { spec } = request
    const weight = this.weights.entry(ip, now)
    const orders = spec.unfilledOrders > 0 ? this.exchange.orderCounts.entries(account?.id, now) : []
    const record: RequestRecord = {
      time: now,
      method: spec.wire,
      front: request.rest ? 'REST' : 'WS',
      status,
      latencyMs: Math.round((performance.now() - started) * 1000) / 1000,
      ip,
      apiKey: account?.apiKey ?? null,
      rateLimits: [weight, ...orders],
    }
    if (this.#recent.length === this.size) this.#recent.shift()
    this.#recent.push(record)
    for (const listener of this.#listeners) listener(record)
  }

  /** The last answers, oldest first. */
  recent(): RequestRecord[] {
    return [...this.#recent]
  }

  /** Calls `listener` with every answer from now on; returns the unsubscribe. */
  listen(listener: Listener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }
}
