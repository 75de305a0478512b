// One market data stream's events: listeners or `for await`. Survives reconnects (the client re-subscribes).

import { EventQueues } from '../event-queue.js'

type Listener<E> = (event: E) => void

/** The events of one stream name, typed by it (`conn.stream('btcusdt@trade')` → TradeEvent). */
export class StreamSubscription<E> implements AsyncIterable<E> {
  private readonly listeners = new Set<Listener<E>>()
  private readonly queues = new EventQueues<E>()

  constructor(
    readonly name: string,
    private readonly onUnsubscribe: (name: string) => Promise<void>,
  ) {}

  on(_type: 'message', fn: Listener<E>): this {
    this.listeners.add(fn)
    return this
  }

  off(_type: 'message', fn: Listener<E>): this {
    this.listeners.delete(fn)
    return this
  }

  /** @internal */
  push(event: E): void {
    if (this.queues.isEnded) return
    for (const fn of this.listeners) fn(event)
    this.queues.push(event)
  }

  /** Sends UNSUBSCRIBE and ends this handle's iterators. */
  async unsubscribe(): Promise<void> {
    await this.onUnsubscribe(this.name)
    this.end()
  }

  /** @internal Ends iterators after what they hold. */
  end(): void {
    this.queues.end()
  }

  get isEnded(): boolean {
    return this.queues.isEnded
  }

  [Symbol.asyncIterator](): AsyncIterator<E> {
    return this.queues.iterator()
  }
}
