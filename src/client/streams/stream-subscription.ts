// One market data stream's events: listeners or `for await`. Survives reconnects (the client re-subscribes).

type Listener<E> = (event: E) => void

/** The events of one stream name, typed by it (`conn.stream('btcusdt@trade')` → TradeEvent). */
export class StreamSubscription<E> implements AsyncIterable<E> {
  private readonly listeners = new Set<Listener<E>>()
  private readonly iterators = new Set<{ queue: E[]; wake: (() => void) | undefined }>()
  private ended = false

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
    if (this.ended) return
    for (const fn of this.listeners) fn(event)
    for (const it of this.iterators) {
      it.queue.push(event)
      it.wake?.()
    }
  }

  /** Sends UNSUBSCRIBE and ends this handle's iterators. */
  async unsubscribe(): Promise<void> {
    await this.onUnsubscribe(this.name)
    this.end()
  }

  /** @internal Ends iterators after what they hold. */
  end(): void {
    this.ended = true
    for (const it of this.iterators) it.wake?.()
  }

  get isEnded(): boolean {
    return this.ended
  }

  [Symbol.asyncIterator](): AsyncIterator<E> {
    const it: { queue: E[]; wake: (() => void) | undefined } = { queue: [], wake: undefined }
    this.iterators.add(it)
    const done = (): IteratorResult<E> => {
      this.iterators.delete(it)
      return { done: true, value: undefined }
    }
    return {
      next: async () => {
        while (it.queue.length === 0) {
          if (this.ended) return done()
          await new Promise<void>((resolve) => {
            it.wake = resolve
          })
          it.wake = undefined
        }
        return { done: false, value: it.queue.shift() as E }
      },
      return: async () => done(),
    }
  }
}
