// Fan-out of pushed events to any number of `for await` loops, each with its own queue.

interface Reader<E> {
  queue: E[]
  head: number
  wake: (() => void) | undefined
}

/** Hands every pushed event to each open iterator; iterators finish (or throw the end's error) after draining once ended. */
export class EventQueues<E> {
  private readonly readers = new Set<Reader<E>>()
  private ended = false
  private error: Error | undefined

  push(event: E): void {
    for (const r of this.readers) {
      r.queue.push(event)
      r.wake?.()
    }
  }

  end(error?: Error): void {
    if (this.ended) return
    this.ended = true
    this.error = error
    for (const r of this.readers) r.wake?.()
  }

  get isEnded(): boolean {
    return this.ended
  }

  /** A new iterator that sees events pushed from now on. */
  iterator(): AsyncIterator<E> {
    const r: Reader<E> = { queue: [], head: 0, wake: undefined }
    this.readers.add(r)
    const done = (): IteratorResult<E> => {
      this.readers.delete(r)
      return { done: true, value: undefined }
    }
    const finish = (): IteratorResult<E> => {
      const result = done()
      if (this.error) throw this.error
      return result
    }
    return {
      next: async () => {
        while (r.head === r.queue.length) {
          if (this.ended) return finish()
          await new Promise<void>((resolve) => {
            r.wake = resolve
          })
          r.wake = undefined
        }
        const value = r.queue[r.head++] as E
        if (r.head === r.queue.length) {
          r.queue.length = 0
          r.head = 0
        }
        return { done: false, value }
      },
      return: async () => done(),
    }
  }
}
