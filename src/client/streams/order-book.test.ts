// The local order book procedure of `web-socket-streams.md` with scripted events and snapshots.
import { describe, expect, it } from 'vitest'
import type { DepthLevel, DepthUpdateEvent } from '../../protocol/streams.js'
import { type DepthSnapshot, OrderBook, type ResyncEvent, StaleBookError } from './order-book.js'

const ev = (U: number, u: number, b: DepthLevel[] = [], a: DepthLevel[] = []): DepthUpdateEvent => ({
  e: 'depthUpdate',
  E: 0,
  s: 'BNBBTC',
  U,
  u,
  b,
  a,
})

/** A source whose events and snapshots the test hands out one by one. */
function scripted() {
  let push: (e: DepthUpdateEvent) => void = () => {}
  let lost: () => void = () => {}
  const requests: ((s: DepthSnapshot) => void)[] = []
  return {
    source: {
      async subscribe(onEvent: (e: DepthUpdateEvent) => void, onLost: () => void) {
        push = onEvent
        lost = onLost
        return () => {}
      },
      snapshot: () => new Promise<DepthSnapshot>((resolve) => requests.push(resolve)),
    },
    push: (e: DepthUpdateEvent) => push(e),
    lose: () => lost(),
    requests,
    /** Answers the oldest pending snapshot request. */
    answer: async (s: DepthSnapshot) => {
      await Promise.resolve()
      requests.shift()?.(s)
      await new Promise((r) => setImmediate(r))
    },
  }
}

const instant = {
  setTimeout: (fn: () => void) => {
    setImmediate(fn)
    return { __timer: true as const }
  },
  clearTimeout() {},
  now: () => 0,
}

async function started() {
  const s = scripted()
  const book = new OrderBook('BNBBTC', s.source, { timers: instant })
  const resyncs: ResyncEvent[] = []
  book.on('resync', (e) => resyncs.push(e))
  const ready = book.start()
  await Promise.resolve()
  return { s, book, ready, resyncs }
}

describe('OrderBook procedure', () => {
  it('fetches the snapshot once subscribed, buffers events meanwhile, discards u <= lastUpdateId, applies the rest', async () => {
    const { s, book, ready } = await started()
    expect(s.requests).toHaveLength(1)
    s.push(ev(157, 160, [['0.0024', '10']]))
    expect(s.requests).toHaveLength(1)
    s.push(ev(161, 165, [['0.0023', '5']], [['0.0026', '100']]))
    s.push(ev(166, 170, [['0.0024', '0']]))
    expect(() => book.bestBid()).toThrow(StaleBookError)
    await s.answer({ lastUpdateId: 163, bids: [['0.0024', '7']], asks: [['0.0027', '1']] })
    await ready
    expect(book.updateId).toBe(170)
    expect(book.bids()).toEqual([['0.0023', '5']])
    expect(book.asks()).toEqual([
      ['0.0026', '100'],
      ['0.0027', '1'],
    ])
  })

  it('re-fetches a snapshot older than the first buffered event (lastUpdateId < U)', async () => {
    const { s, book, ready, resyncs } = await started()
    s.push(ev(200, 201))
    await s.answer({ lastUpdateId: 150, bids: [], asks: [] })
    expect(resyncs).toEqual([{ reason: 'stale-snapshot', expected: 200, got: 150 }])
    expect(book.view()).toBeUndefined()
    await new Promise((r) => setImmediate(r))
    expect(s.requests).toHaveLength(1)
    await s.answer({ lastUpdateId: 200, bids: [['1', '1']], asks: [] })
    await ready
    expect(book.view()).toEqual({ updateId: 201, bids: [['1', '1']], asks: [] })
  })

  it('restarts when the first event after the snapshot does not contain lastUpdateId + 1', async () => {
    const { s, resyncs } = await started()
    s.push(ev(100, 101))
    s.push(ev(105, 110))
    await s.answer({ lastUpdateId: 102, bids: [], asks: [] })
    expect(resyncs[0]).toEqual({ reason: 'gap', expected: 103, got: 105 })
    expect(s.requests).toHaveLength(1)
  })

  it('ignores old events, and on a gap discards the book and resyncs', async () => {
    const { s, book, ready, resyncs } = await started()
    s.push(ev(10, 12, [['5', '1']]))
    await s.answer({ lastUpdateId: 12, bids: [['5', '1']], asks: [] })
    await ready
    const changes: number[] = []
    book.on('change', (c) => changes.push(c.updateId))
    s.push(ev(8, 12, [['9', '9']]))
    s.push(ev(13, 14, [['6', '2']]))
    expect(book.bids()).toEqual([
      ['6', '2'],
      ['5', '1'],
    ])
    s.push(ev(16, 17, [['7', '1']]))
    expect(resyncs).toEqual([{ reason: 'gap', expected: 15, got: 16 }])
    expect(book.isSynced).toBe(false)
    expect(() => book.asks()).toThrow(StaleBookError)
    await s.answer({ lastUpdateId: 17, bids: [['7', '1']], asks: [] })
    await book.ready()
    expect(book.bids()).toEqual([['7', '1']])
    expect(changes).toEqual([14, 17])
  })

  it('a lost stream discards the book until a new event and snapshot agree', async () => {
    const { s, book, ready, resyncs } = await started()
    s.push(ev(1, 2))
    await s.answer({ lastUpdateId: 2, bids: [], asks: [['3', '1']] })
    await ready
    s.lose()
    expect(resyncs).toEqual([{ reason: 'connection-lost' }])
    expect(book.view()).toBeUndefined()
    expect(s.requests).toHaveLength(0)
    s.push(ev(9, 9, [], [['3', '0']]))
    await s.answer({ lastUpdateId: 9, bids: [], asks: [] })
    expect(book.view()).toEqual({ updateId: 9, bids: [], asks: [] })
  })
})
