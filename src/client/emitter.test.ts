// The client's emitter behaves as Node's EventEmitter where users rely on it, and Node's `events` helpers accept it.
import { EventEmitter, on, once } from 'node:events'
import { describe, expect, it } from 'vitest'
import { Emitter } from './emitter.js'

type Events = { tick: [n: number]; done: [] }

/** The same calls on ours and on Node's class give the same trace. */
function trace(e: Emitter<Events>): string[] {
  const out: string[] = []
  const a = (n: number) => out.push(`a${n}`)
  const b = (n: number) => {
    out.push(`b${n}`)
    e.off('tick', a) // removed during emit: still called this time (the listeners were copied)
    e.on('tick', (m: number) => out.push(`late${m}`)) // added during emit: not called this time
  }
  e.once('tick', b)
  e.on('tick', a)
  e.prependListener('tick', (n: number) => out.push(`first${n}`))
  out.push(String(e.emit('tick', 1)), String(e.listenerCount('tick')))
  e.emit('tick', 2)
  const c = () => out.push('c')
  e.once('done', c)
  e.off('done', c) // a once-listener is removed by its own function
  out.push(String(e.emit('done')), String(e.listenerCount('done')))
  return out
}

describe('Emitter', () => {
  it('calls, copies, prepends and removes listeners as EventEmitter does', () => {
    expect(trace(new Emitter<Events>())).toEqual(trace(new EventEmitter() as unknown as Emitter<Events>))
  })

  it('works with events.once and events.on from node:events', async () => {
    const e = new Emitter<Events>()
    const first = once(e, 'tick')
    e.emit('tick', 7)
    expect(await first).toEqual([7])
    expect(e.listenerCount('tick')).toBe(0)
    const ac = new AbortController()
    const seen: number[] = []
    const loop = (async () => {
      try {
        for await (const [n] of on(e, 'tick', { signal: ac.signal })) seen.push(n as number)
      } catch (err) {
        if ((err as Error).name !== 'AbortError') throw err
      }
    })()
    e.emit('tick', 1)
    e.emit('tick', 2)
    await new Promise((r) => setTimeout(r, 0))
    ac.abort()
    await loop
    expect(seen).toEqual([1, 2])
  })

  it('events(): a loop over the events from its start, ended by its signal, leaving no listener', async () => {
    const e = new Emitter<Events>()
    const ac = new AbortController()
    const got: number[] = []
    const loop = (async () => {
      for await (const [n] of e.events('tick', ac.signal)) {
        got.push(n)
        if (n === 2) ac.abort()
      }
    })()
    await Promise.resolve()
    e.emit('tick', 1)
    e.emit('tick', 2)
    await loop
    e.emit('tick', 3)
    expect(got).toEqual([1, 2])
    expect(e.listenerCount('tick')).toBe(0)
  })
})
