// A local order book kept from a `depth` snapshot and the diff depth stream, by the procedure of
// `web-socket-streams.md` ("How to manage a local order book correctly"). It serves a book only while it is
// in sync: during a (re)sync every accessor throws StaleBookError.
import { EventEmitter } from 'node:events'
import type { DepthLevel, DepthUpdateEvent } from '../../protocol/streams.js'
import { BinanceWsError } from '../errors.js'
import { realTimers, type TimerHandle, type Timers } from '../timers.js'
import { BookLevels } from './book-levels.js'

/** A `depth` answer: bids best first, asks best first. */
export interface DepthSnapshot {
  lastUpdateId: number
  bids: DepthLevel[]
  asks: DepthLevel[]
}

/** Where the book's data comes from: the diff stream and snapshots. */
export interface OrderBookSource {
  /**
   * Starts delivering diff events; `lost()` means events may have been missed (e.g. a reconnect), `live()` that
   * the stream delivers again after a loss (a snapshot taken from then on is covered by the events that follow).
   * Resolves once live; returns the stop function.
   */
  subscribe(
    onEvent: (e: DepthUpdateEvent) => void,
    lost: () => void,
    live?: () => void,
  ): Promise<() => Promise<void> | void>
  /** A `depth` snapshot (limit 5000 for a full book). */
  snapshot(): Promise<DepthSnapshot>
}

/** Why the book is (re)syncing. */
export type ResyncReason = 'start' | 'gap' | 'stale-snapshot' | 'connection-lost' | 'snapshot-failed'

export type OrderBookStatus =
  | { state: 'syncing'; reason: ResyncReason; error?: Error }
  | { state: 'synced'; updateId: number }
  | { state: 'closed' }

/** A fault the procedure detected; the book is discarded and rebuilt. */
export interface ResyncEvent {
  reason: Exclude<ResyncReason, 'start'>
  /** The update id the book expected next (gap), or the first buffered `U` (stale snapshot). */
  expected?: number
  /** The `U` that arrived (gap), or the snapshot's `lastUpdateId` (stale snapshot). */
  got?: number
}

/** What changed: absolute quantities (`'0…'` removed); the whole book when `snapshot` is true. */
export interface BookChange {
  updateId: number
  snapshot: boolean
  bids: DepthLevel[]
  asks: DepthLevel[]
}

export interface BookView {
  updateId: number
  bids: DepthLevel[]
  asks: DepthLevel[]
}

export interface OrderBookEvents {
  status: [OrderBookStatus]
  resync: [ResyncEvent]
  change: [BookChange]
}

export interface OrderBookOptions {
  timers?: Timers
  /** Delay before re-fetching after a failed or stale snapshot, in ms (grows per attempt, default 200). */
  retryDelay?: number
}

/** Thrown by accessors while the book is not in sync: the client never serves a book it knows to be stale. */
export class StaleBookError extends BinanceWsError {
  override name = 'StaleBookError'
}

type State = 'idle' | 'syncing' | 'synced' | 'closed'

export class OrderBook extends EventEmitter<OrderBookEvents> {
  readonly #source: OrderBookSource
  readonly #timers: Timers
  readonly #retryDelay: number
  readonly #bids = new BookLevels(true)
  readonly #asks = new BookLevels(false)
  #state: State = 'idle'
  #updateId = 0
  #buffer: DepthUpdateEvent[] = []
  /** Bumped at every restart: a snapshot fetched for an older generation is dropped. */
  #generation = 0
  #fetching = false
  #attempt = 0
  #retryTimer: TimerHandle | undefined
  #stop: (() => Promise<void> | void) | undefined
  /** The diff stream is delivering: a snapshot can be taken without waiting for a first event. */
  #live = false

  constructor(
    readonly symbol: string,
    source: OrderBookSource,
    options: OrderBookOptions = {},
  ) {
    super()
    this.#source = source
    this.#timers = options.timers ?? realTimers
    this.#retryDelay = options.retryDelay ?? 200
  }

  /** Subscribes and syncs; resolves once the book is first in sync. */
  async start(signal?: AbortSignal): Promise<void> {
    if (this.#state !== 'idle') return this.ready(signal)
    this.#restart('start')
    this.#stop = await this.#source.subscribe(
      (e) => this.#onEvent(e),
      () => {
        this.#live = false
        this.#resync({ reason: 'connection-lost' })
      },
      () => this.#onLive(),
    )
    // Events are buffered from here on: the snapshot need not wait for one (a quiet book may send none).
    this.#onLive()
    return this.ready(signal)
  }

  #onLive(): void {
    this.#live = true
    if (this.#state === 'syncing' && !this.#fetching) this.#fetch()
  }

  /** Resolves when the book is in sync (at once if it is); rejects if closed or aborted first. */
  ready(signal?: AbortSignal): Promise<void> {
    if (this.#state === 'synced') return Promise.resolve()
    return new Promise((resolve, reject) => {
      const onStatus = (s: OrderBookStatus) => {
        if (s.state === 'synced') finish(resolve)
        else if (s.state === 'closed')
          finish(() => reject(new StaleBookError(`${this.symbol}: order book closed`)))
      }
      const onAbort = () => finish(() => reject(new StaleBookError(`${this.symbol}: wait aborted`)))
      const finish = (fn: () => void) => {
        this.off('status', onStatus)
        signal?.removeEventListener('abort', onAbort)
        fn()
      }
      if (this.#state === 'closed') return onStatus({ state: 'closed' })
      if (signal?.aborted) return onAbort()
      this.on('status', onStatus)
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }

  get isSynced(): boolean {
    return this.#state === 'synced'
  }

  /** The book's update id while in sync. */
  get updateId(): number | undefined {
    return this.#state === 'synced' ? this.#updateId : undefined
  }

  #served(): void {
    if (this.#state !== 'synced')
      throw new StaleBookError(`${this.symbol}: order book is ${this.#state}, not in sync`)
  }

  bestBid(): DepthLevel | undefined {
    this.#served()
    return this.#bids.best()
  }

  bestAsk(): DepthLevel | undefined {
    this.#served()
    return this.#asks.best()
  }

  bids(limit?: number): DepthLevel[] {
    this.#served()
    return this.#bids.levels(limit)
  }

  asks(limit?: number): DepthLevel[] {
    this.#served()
    return this.#asks.levels(limit)
  }

  /** The book with its update id, or undefined while it is not in sync (never a stale one). */
  view(limit?: number): BookView | undefined {
    if (this.#state !== 'synced') return undefined
    return { updateId: this.#updateId, bids: this.#bids.levels(limit), asks: this.#asks.levels(limit) }
  }

  /** Stops the stream and discards the book. */
  async close(): Promise<void> {
    if (this.#state === 'closed') return
    this.#state = 'closed'
    this.#generation++
    this.#timers.clearTimeout(this.#retryTimer)
    this.#clear()
    this.emit('status', { state: 'closed' })
    await this.#stop?.()
  }

  /** Step 1–2 again: discard the book, buffer events, fetch a snapshot once the stream is live. */
  #restart(reason: ResyncReason, error?: Error): void {
    this.#generation++
    this.#state = 'syncing'
    this.#clear()
    this.#fetching = false
    this.#timers.clearTimeout(this.#retryTimer)
    this.emit('status', error ? { state: 'syncing', reason, error } : { state: 'syncing', reason })
    if (this.#live || this.#buffer.length) this.#fetch()
  }

  #resync(event: ResyncEvent, keep?: DepthUpdateEvent): void {
    if (this.#state === 'closed') return
    this.#buffer = keep ? [keep] : []
    this.#attempt = 0
    this.#restart(event.reason)
    this.emit('resync', event)
  }

  #clear(): void {
    this.#bids.clear()
    this.#asks.clear()
    this.#updateId = 0
  }

  #onEvent(e: DepthUpdateEvent): void {
    if (this.#state === 'syncing') {
      this.#buffer.push(e)
      if (!this.#fetching) this.#fetch()
      return
    }
    if (this.#state !== 'synced') return
    if (this.#apply(e))
      this.emit('change', { updateId: this.#updateId, snapshot: false, bids: e.b, asks: e.a })
  }

  /** The update procedure; false when the event was ignored or revealed a gap (then a resync is under way). */
  #apply(e: DepthUpdateEvent): boolean {
    if (e.u <= this.#updateId) return false
    if (e.U > this.#updateId + 1) {
      this.#resync({ reason: 'gap', expected: this.#updateId + 1, got: e.U }, e)
      return false
    }
    for (const [p, q] of e.b) this.#bids.set(p, q)
    for (const [p, q] of e.a) this.#asks.set(p, q)
    this.#updateId = e.u
    return true
  }

  #fetch(): void {
    const generation = this.#generation
    this.#fetching = true
    this.#source.snapshot().then(
      (snap) => {
        if (generation === this.#generation) this.#onSnapshot(snap)
      },
      (err: Error) => {
        if (generation !== this.#generation) return
        this.#retry('snapshot-failed', err)
      },
    )
  }

  /** Fetches again after a growing delay (a stale or failed snapshot). */
  #retry(reason: ResyncReason, error?: Error): void {
    this.#attempt++
    const generation = ++this.#generation
    this.#fetching = true
    this.emit('status', error ? { state: 'syncing', reason, error } : { state: 'syncing', reason })
    const delay = Math.min(this.#retryDelay * 2 ** (this.#attempt - 1), 10_000)
    this.#retryTimer = this.#timers.setTimeout(() => {
      if (generation !== this.#generation) return
      this.#fetch()
    }, delay)
  }

  /** Steps 4–7: check the snapshot against the buffer (if any event came), discard old events, apply the rest. */
  #onSnapshot(snap: DepthSnapshot) {
    const first = this.#buffer[0]
    if (first && snap.lastUpdateId < first.U) {
      this.emit('resync', { reason: 'stale-snapshot', expected: first.U, got: snap.lastUpdateId })
      return this.#retry('stale-snapshot')
    }
    const pending = this.#buffer.filter((e) => e.u > snap.lastUpdateId)
    this.#buffer = []
    const head = pending[0]
    if (head && !(head.U <= snap.lastUpdateId + 1 && snap.lastUpdateId + 1 <= head.u)) {
      return this.#resync({ reason: 'gap', expected: snap.lastUpdateId + 1, got: head.U }, head)
    }
    this.#clear()
    for (const [p, q] of snap.bids) this.#bids.set(p, q)
    for (const [p, q] of snap.asks) this.#asks.set(p, q)
    this.#updateId = snap.lastUpdateId
    const generation = this.#generation
    for (const e of pending) {
      this.#apply(e)
      if (generation !== this.#generation) return // a gap inside the buffer restarted the procedure
    }
    this.#fetching = false
    this.#attempt = 0
    this.#state = 'synced'
    this.emit('status', { state: 'synced', updateId: this.#updateId })
    this.emit('change', {
      updateId: this.#updateId,
      snapshot: true,
      bids: this.#bids.levels(),
      asks: this.#asks.levels(),
    })
  }
}
