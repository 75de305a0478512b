// OrderBook ↔ emulator: the local book equals the emulator's after random order flow; every injected fault
// (gap, late snapshot, dropped connection) is detected and repaired by a resync; no stale book is ever served.
// The emulator sends diff depth at Binance's cadence (one event per 100 ms carrying every changed level), except
// where a test needs one event per command.
import { afterEach, describe, expect, it } from 'vitest'
import {
  type BookView,
  createOrderBook,
  type OrderBook,
  type ResyncEvent,
  SpotWebsocketStreams,
  StaleBookError,
  type WebsocketStreamsConnection,
} from '../../../src/client/index.js'
import { LIQUID_MARKET, startTraders, type Traders, type TradersOptions } from '../../support/exchange.js'
import { limit } from '../../support/order-params.js'
import { randomFlow, seeded, until } from './random-flow.js'

let t: Traders
let streams: WebsocketStreamsConnection
let book: OrderBook

/** Starts the emulator, a streams connection and a book (not started) on it. */
async function open(options: TradersOptions = {}): Promise<void> {
  t = await startTraders({ ...LIQUID_MARKET, ...options })
  streams = await new SpotWebsocketStreams({ wsURL: t.ex.streams.url, reconnectDelay: 10 }).connect()
  // Subscribed up front so that the first book change below reaches the book whenever it starts.
  await streams.subscribe('btcusdt@depth@100ms')
  book = createOrderBook({ streams, api: t.a, symbol: 'BTCUSDT', retryDelay: 5 })
}

/**
 * Starts the book. By the spec's procedure the snapshot is checked against the first diff event, so the book
 * syncs at the first change of the (otherwise idle) emulator book: a far-away resting bid.
 */
async function startBook(): Promise<void> {
  const started = book.start()
  await t.b.orderPlace(limit('BTCUSDT', 'BUY', '50000.00', '0.00100'))
  await started
}

afterEach(async () => {
  await book?.close()
  await streams?.disconnect()
  await t?.close()
})

/** The emulator's whole book now, and the local book once it reached the same update id. */
async function compare(): Promise<void> {
  const truth = (await t.a.depth({ symbol: 'BTCUSDT', limit: 5000 })).data
  await until(book, () => (book.updateId ?? 0) >= truth.lastUpdateId)
  const local = book.view() as BookView
  if (local.updateId !== truth.lastUpdateId) {
    // The book moved on meanwhile (synthetic liquidity); compare at a fresh, quiet point instead.
    return compare()
  }
  expect(local.bids).toEqual(truth.bids)
  expect(local.asks).toEqual(truth.asks)
}

describe('OrderBook against the emulator', () => {
  it('equals the emulator book after seeded random order flow', async () => {
    await open()
    await startBook()
    expect(book.bestBid()?.[0]).toBe('59970.00000000')
    await randomFlow(t, seeded(7), 120)
    await compare()
    expect(book.bids().length).toBeGreaterThan(5)
  })

  it('every book it serves equals the emulator book at that update id (never stale)', async () => {
    // One event per command, so that the book serves (and this checks) a view after nearly every step.
    await open({ diffDepthInterval: { fast: 0 } })
    const truth = new Map<number, string>()
    const record = async () => {
      const d = (await t.b.depth({ symbol: 'BTCUSDT', limit: 500 })).data
      truth.set(d.lastUpdateId, JSON.stringify([d.bids, d.asks]))
    }
    const served: BookView[] = []
    const resyncs: ResyncEvent[] = []
    book.on('change', () => served.push(book.view() as BookView))
    book.on('resync', (e) => resyncs.push(e))
    await record()
    await startBook()
    const rnd = seeded(11)
    await randomFlow(t, rnd, 40, record)
    t.ex.streams.injectGap('BTCUSDT')
    await randomFlow(t, rnd, 40, record)
    await compare()
    expect(resyncs.map((r) => r.reason)).toContain('gap')
    const checked = served.filter((v) => truth.has(v.updateId))
    expect(checked.length).toBeGreaterThan(40)
    for (const v of checked) expect(JSON.stringify([v.bids, v.asks])).toBe(truth.get(v.updateId))
  })

  it('a gap in update ids is detected, the book is withheld, then rebuilt', async () => {
    // One event per command: the withheld event is followed by another however fast the flow runs.
    await open({ diffDepthInterval: { fast: 0 } })
    await startBook()
    const resyncs: ResyncEvent[] = []
    const staleReads: unknown[] = []
    book.on('resync', (e) => {
      resyncs.push(e)
      staleReads.push(book.view())
      try {
        book.bestBid()
      } catch (err) {
        staleReads.push(err)
      }
    })
    t.ex.streams.injectGap('BTCUSDT')
    await randomFlow(t, seeded(3), 20)
    await until(book, () => resyncs.length > 0 && book.isSynced)
    expect(resyncs[0]).toMatchObject({ reason: 'gap' })
    expect(staleReads[0]).toBeUndefined()
    expect(staleReads[1]).toBeInstanceOf(StaleBookError)
    await compare()
  })

  it('a late (stale) snapshot is detected and fetched again', async () => {
    await open()
    t.ex.streams.delaySnapshot('BTCUSDT')
    const stalled = t.ex.stallNext({ method: 'depth' })
    const resyncs: ResyncEvent[] = []
    book.on('resync', (e) => resyncs.push(e))
    const started = book.start()
    await stalled.arrived
    // The snapshot is answered once a diff event has come: nothing is served until it proves the snapshot recent.
    const diffed = new Promise((resolve) => streams.stream('btcusdt@depth@100ms').on('message', resolve))
    await randomFlow(t, seeded(5), 10)
    await diffed
    stalled.release()
    await started
    expect(resyncs[0]).toMatchObject({ reason: 'stale-snapshot' })
    expect((resyncs[0]?.got ?? 0) < (resyncs[0]?.expected ?? 0)).toBe(true)
    await compare()
  })

  it('a dropped stream connection makes the book resync after the reconnect', async () => {
    await open()
    await startBook()
    const resyncs: ResyncEvent[] = []
    book.on('resync', (e) => resyncs.push(e))
    const reopened = new Promise<void>((resolve) => streams.once('gap', () => resolve()))
    expect(t.ex.streams.dropStreams()).toBe(1)
    await until(book, () => !book.isSynced)
    expect(() => book.asks()).toThrow(StaleBookError)
    await reopened
    await randomFlow(t, seeded(9), 10)
    await until(book, () => book.isSynced)
    expect(resyncs.map((r) => r.reason)).toContain('connection-lost')
    await compare()
  })
})
