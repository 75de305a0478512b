// A typed event emitter that runs on every platform. Its methods match Node's EventEmitter, so code written for the
// Node class (`on`, `once`, `off`, `events.once(connection, 'gap')`, …) keeps working; it never warns about
// listener counts and has no special 'error' event.
import { EventQueues } from './event-queue.js'

type Listener = (...args: never) => void

interface Entry {
  fn: Listener
  once: boolean
}

/** Events as Node types them: event name → the listener's argument tuple. */
export class Emitter<E extends Record<keyof E, unknown[]>> {
  readonly #listeners = new Map<keyof E, Entry[]>()

  #add<K extends keyof E>(name: K, fn: (...args: E[K]) => void, once: boolean, first: boolean): this {
    const list = this.#listeners.get(name) ?? []
    if (first) list.unshift({ fn, once })
    else list.push({ fn, once })
    this.#listeners.set(name, list)
    return this
  }

  /** Calls `fn` on every `name` event. */
  on<K extends keyof E>(name: K, fn: (...args: E[K]) => void): this {
    return this.#add(name, fn, false, false)
  }

  addListener<K extends keyof E>(name: K, fn: (...args: E[K]) => void): this {
    return this.#add(name, fn, false, false)
  }

  prependListener<K extends keyof E>(name: K, fn: (...args: E[K]) => void): this {
    return this.#add(name, fn, false, true)
  }

  /** Calls `fn` on the next `name` event only; `off(name, fn)` removes it before that. */
  once<K extends keyof E>(name: K, fn: (...args: E[K]) => void): this {
    return this.#add(name, fn, true, false)
  }

  prependOnceListener<K extends keyof E>(name: K, fn: (...args: E[K]) => void): this {
    return this.#add(name, fn, true, true)
  }

  /** Removes the last-added registration of `fn` for `name`. */
  off<K extends keyof E>(name: K, fn: (...args: E[K]) => void): this {
    const list = this.#listeners.get(name)
    if (!list) return this
    const i = list.findLastIndex((e) => e.fn === (fn as Listener))
    if (i >= 0) list.splice(i, 1)
    if (list.length === 0) this.#listeners.delete(name)
    return this
  }

  removeListener<K extends keyof E>(name: K, fn: (...args: E[K]) => void): this {
    return this.off(name, fn)
  }

  removeAllListeners(name?: keyof E): this {
    if (name === undefined) this.#listeners.clear()
    else this.#listeners.delete(name)
    return this
  }

  /** Calls the listeners of `name` in order (those present when it starts); true if there were any. */
  emit<K extends keyof E>(name: K, ...args: E[K]): boolean {
    const list = this.#listeners.get(name)
    if (!list) return false
    const only = list.length === 1 ? list[0] : undefined
    if (only && !only.once) {
      // The common case (one listener, e.g. a stream's payloads): no copy.
      ;(only.fn as unknown as (...a: E[K]) => void)(...args)
      return true
    }
    const snapshot = list.slice()
    for (const e of snapshot) {
      if (e.once) this.#removeEntry(name, e)
      ;(e.fn as unknown as (...a: E[K]) => void)(...args)
    }
    return true
  }

  #removeEntry(name: keyof E, entry: Entry): void {
    const list = this.#listeners.get(name)
    const i = list?.indexOf(entry) ?? -1
    if (!list || i < 0) return
    list.splice(i, 1)
    if (list.length === 0) this.#listeners.delete(name)
  }

  listenerCount(name: keyof E): number {
    return this.#listeners.get(name)?.length ?? 0
  }

  listeners<K extends keyof E>(name: K): ((...args: E[K]) => void)[] {
    return (this.#listeners.get(name) ?? []).map((e) => e.fn as unknown as (...args: E[K]) => void)
  }

  rawListeners<K extends keyof E>(name: K): ((...args: E[K]) => void)[] {
    return this.listeners(name)
  }

  eventNames(): (keyof E)[] {
    return [...this.#listeners.keys()]
  }

  /** Kept for compatibility with Node's class; this emitter never warns about listener counts. */
  setMaxListeners(_n: number): this {
    return this
  }

  getMaxListeners(): number {
    return Number.POSITIVE_INFINITY
  }

  /** The `name` events from now on, each as its argument tuple, until `signal` aborts (then the loop ends). */
  async *events<K extends keyof E>(name: K, signal?: AbortSignal): AsyncGenerator<E[K]> {
    if (signal?.aborted) return
    const queues = new EventQueues<E[K]>()
    const iterator = queues.iterator()
    const push = (...args: E[K]) => queues.push(args)
    const end = () => queues.end()
    this.on(name, push)
    signal?.addEventListener('abort', end, { once: true })
    try {
      for (let r = await iterator.next(); !r.done; r = await iterator.next()) yield r.value
    } finally {
      this.off(name, push)
      signal?.removeEventListener('abort', end)
      await iterator.return?.()
    }
  }
}
