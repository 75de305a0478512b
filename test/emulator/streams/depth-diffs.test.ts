// Diff depth events are built from the levels the book reports changed (docs/emulator-fidelity.md H4, H8): a local
// book kept from a snapshot and the diffs (each carrying every level changed in its interval) must equal the
// emulator's book after every kind of change — resting, partial and full fills, iceberg slices, amends, cancels —
// also across an unsubscribe and a new subscribe.
import { describe, expect, it } from 'vitest'
import type { WebsocketAPIConnection } from '../../../src/client/index.js'
import { LIQUID_MARKET, perFile, startTraders } from '../../support/exchange.js'
import { limit } from '../../support/order-params.js'
import { RawStreams } from '../../support/raw-streams.js'

const t = perFile(() => startTraders(LIQUID_MARKET))

type Side = Map<string, string>
interface LocalBook {
  updateId: number
  bids: Side
  asks: Side
}

async function snapshot(conn: WebsocketAPIConnection): Promise<LocalBook> {
  const { data } = await conn.depth({ symbol: 'BTCUSDT', limit: 5000 })
  return {
    updateId: data.lastUpdateId,
    bids: new Map(data.bids.map(([p, q]) => [p, q])),
    asks: new Map(data.asks.map(([p, q]) => [p, q])),
  }
}

function apply(book: LocalBook, event: Record<string, unknown>): void {
  const U = event['U'] as number
  const u = event['u'] as number
  if (u <= book.updateId) return
  expect(U).toBe(book.updateId + 1)
  for (const [side, key] of [
    [book.bids, 'b'],
    [book.asks, 'a'],
  ] as const) {
    for (const [p, q] of event[key] as [string, string][]) {
      if (Number(q) === 0) side.delete(p)
      else side.set(p, q)
    }
  }
  book.updateId = u
}

/** Takes diff events until the local book reaches `updateId`. */
async function follow(s: RawStreams, book: LocalBook, updateId: number): Promise<void> {
  while (book.updateId < updateId) apply(book, (await s.event('depthUpdate')) as Record<string, unknown>)
}

async function expectSame(s: RawStreams, book: LocalBook): Promise<void> {
  const truth = await snapshot(t.a)
  await follow(s, book, truth.updateId)
  expect(book.updateId).toBe(truth.updateId)
  expect([...book.bids].sort()).toEqual([...truth.bids].sort())
  expect([...book.asks].sort()).toEqual([...truth.asks].sort())
}

describe('diff depth from the changed levels', () => {
  it('a local book from a snapshot and the diffs equals the book after every kind of change', async () => {
    const s = await RawStreams.open(`${t.ex.streams.url}/ws/btcusdt@depth@100ms`)
    const book = await snapshot(t.a)
    const { data: resting } = await t.a.orderPlace(limit('BTCUSDT', 'BUY', '59000.00', '0.05000'))
    await t.a.orderPlace(limit('BTCUSDT', 'BUY', '59000.00', '0.01000'))
    await t.b.orderPlace({ ...limit('BTCUSDT', 'SELL', '61000.00', '0.30000'), icebergQty: '0.10000' })
    await expectSame(s, book)
    // A taker that walks several levels, fills the iceberg's slice and rests the rest.
    await t.a.orderPlace(limit('BTCUSDT', 'BUY', '61000.00', '0.25000'))
    await expectSame(s, book)
    await t.a.orderAmendKeepPriority({ symbol: 'BTCUSDT', orderId: resting.orderId, newQty: '0.02000' })
    await t.b.orderPlace({ symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: '0.01500' })
    await expectSame(s, book)
    await t.a.orderCancel({ symbol: 'BTCUSDT', orderId: resting.orderId })
    await t.a.openOrdersCancelAll({ symbol: 'BTCUSDT' })
    await expectSame(s, book)
    await s.close()
  })

  it('a subscriber after changes nobody listened to: its snapshot and diffs equal the book', async () => {
    const first = await RawStreams.open(`${t.ex.streams.url}/ws/btcusdt@depth`)
    await t.a.orderPlace(limit('BTCUSDT', 'BUY', '58000.00', '0.01000'))
    await first.event('depthUpdate')
    await first.close()
    const { data: gone } = await t.a.orderPlace(limit('BTCUSDT', 'BUY', '58500.00', '0.01000'))
    await t.a.orderCancel({ symbol: 'BTCUSDT', orderId: gone.orderId })
    await t.a.orderPlace(limit('BTCUSDT', 'BUY', '58100.00', '0.01000'))
    const s = await RawStreams.open(`${t.ex.streams.url}/ws/btcusdt@depth`)
    const book = await snapshot(t.a)
    await t.b.orderPlace(limit('BTCUSDT', 'SELL', '62000.00', '0.01000'))
    await t.b.orderPlace({ symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: '0.01000' })
    await expectSame(s, book)
    expect(book.bids.get('58100.00000000')).toBe('0.01000000')
    await s.close()
  })
})
