// A user data subscription: typed listeners per event type, or `for await` over all events.
import type { UserDataEvent, UserDataEventMap } from '../protocol/events.js'
import { EventQueues } from './event-queue.js'

type Listener<E> = (event: E) => void

/** Events of one account's user data stream. Survives reconnects: the client re-subscribes it. */
export class UserDataStream implements AsyncIterable<UserDataEvent> {
  private readonly listeners = new Map<string, Set<Listener<never>>>()
  /** Apart from the event listeners: a pushed event could name itself `error`. */
  private readonly errorListeners = new Set<Listener<Error>>()
  private readonly queues = new EventQueues<UserDataEvent>()
  /** Events that arrived before anyone listened; delivered once the first consumer attaches. */
  private backlog: UserDataEvent[] | undefined = []

  constructor(
    /** Current server-side subscription id; changes after a re-subscribe. */
    public subscriptionId: number,
    /** The caller's label for this stream (the `id` argument of `userDataStreamSubscribe`). */
    readonly streamId?: string,
    /** How it was subscribed, and so how it is re-subscribed after a reconnect. */
    readonly method:
      | 'userDataStream.subscribe'
      | 'userDataStream.subscribe.signature' = 'userDataStream.subscribe',
  ) {}

  private endError: Error | undefined

  /** Why the client ended the stream, if it did: the server refused to subscribe it again after a reconnect. */
  get error(): Error | undefined {
    return this.endError
  }

  /**
   * Calls `fn` for each event of that type; `'*'` receives every event; `'error'` receives the error that ended the
   * stream (nothing is thrown when no one listens: see `error`).
   */
  on<K extends keyof UserDataEventMap>(type: K, fn: Listener<UserDataEventMap[K]>): this
  on(type: '*', fn: Listener<UserDataEvent>): this
  on(type: 'error', fn: Listener<Error>): this
  on(type: string, fn: Listener<never>): this {
    if (type === 'error') {
      this.errorListeners.add(fn as Listener<Error>)
      return this
    }
    const set = this.listeners.get(type) ?? new Set()
    this.listeners.set(type, set)
    set.add(fn)
    this.scheduleBacklog()
    return this
  }

  off<K extends keyof UserDataEventMap>(type: K, fn: Listener<UserDataEventMap[K]>): this
  off(type: '*', fn: Listener<UserDataEvent>): this
  off(type: 'error', fn: Listener<Error>): this
  off(type: string, fn: Listener<never>): this {
    if (type === 'error') this.errorListeners.delete(fn as Listener<Error>)
    this.listeners.get(type)?.delete(fn)
    return this
  }

  /** Delivers the backlog after the caller's synchronous setup, so listeners attached together all see it. */
  private scheduleBacklog(): void {
    const backlog = this.backlog
    if (!backlog) return
    this.backlog = undefined
    if (backlog.length) setTimeout(() => this.deliverAll(backlog), 0)
  }

  private deliverAll(events: UserDataEvent[]): void {
    for (const e of events) this.deliver(e)
  }

  /** Delivers one event to listeners and iterators (held back until the first consumer attaches). */
  push(event: UserDataEvent): void {
    if (this.queues.isEnded) return
    if (this.backlog) {
      this.backlog.push(event)
      return
    }
    this.deliver(event)
  }

  private deliver(event: UserDataEvent): void {
    for (const fn of this.listeners.get(event.e) ?? []) (fn as Listener<UserDataEvent>)(event)
    for (const fn of this.listeners.get('*') ?? []) (fn as Listener<UserDataEvent>)(event)
    this.queues.push(event)
  }

  /** Ends the stream: iterators finish after draining what they hold, or with `error` they throw it then. */
  end(error?: Error): void {
    if (this.queues.isEnded) return
    if (error) {
      this.endError = error
      for (const fn of this.errorListeners) fn(error)
    }
    this.queues.end(error)
  }

  get isEnded(): boolean {
    return this.queues.isEnded
  }

  [Symbol.asyncIterator](): AsyncIterator<UserDataEvent> {
    const iterator = this.queues.iterator()
    this.scheduleBacklog()
    return iterator
  }
}
