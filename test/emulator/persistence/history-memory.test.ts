// Memory with a history file: trading that makes many times more history than the cache holds keeps the
// process's array buffers within a bound (the tables' current chunks, the cache; nothing an order, the order index
// and the closed orders' client id index included), the heap holds nothing an order for the order index, and a
// snapshot refers to the spilled chunks instead of holding them: no line of it grows with the orders. The same
// trading without spilling grows all of them by every order (the test fails without the history file).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { afterEach, describe, expect, it } from 'vitest'
import { HistoryFile } from '../../../src/emulator/api/persistence/history-file.js'
import { BASE64 } from '../../../src/emulator/api/persistence/snapshot-file.js'
import { setHistoryChunkBits } from '../../../src/emulator/engine/history-chunks.js'
import { type Harness, harness } from '../../support/dispatch-harness.js'
import { T0 } from '../../support/exchange.js'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

const PAIRS = 12_000
const CACHE_BYTES = 64 << 10

const dirs: string[] = []
afterEach(() => {
  setHistoryChunkBits(12)
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A harness with chunks of 256 records and a history file, and how to place a 0.001 BTC limit order. */
function venue() {
  setHistoryChunkBits(8)
  const h = harness({ liquidity: false, balances: { USDT: '100000000', BTC: '1000' } })
  const dir = mkdtempSync(join(tmpdir(), 'bsw-history-memory-'))
  dirs.push(dir)
  const file = new HistoryFile(dir, { writable: true, cacheBytes: CACHE_BYTES })
  const place = (accountId: number, side: 'BUY' | 'SELL', price: string, t: number) =>
    h.exchange.execute(
      {
        kind: 'placeOrder',
        accountId,
        order: { symbol: 'BTCUSDT', side, type: 'LIMIT', timeInForce: 'GTC', price, quantity: '0.001' },
        cost: 1,
      } as never,
      t,
    )
  return { h, file, place }
}

/** Full GCs, each after a turn of the event loop: array buffers are freed by a sweeper that finishes on one. */
async function settle(): Promise<void> {
  for (let k = 0; k < 3; k++) {
    gc()
    await new Promise((resolve) => setImmediate(resolve))
  }
}

/** Bytes of the heap's live objects (compiled code aside) after a full GC. */
function heapUsed(): number {
  gc()
  return getHeapSpaceStatistics().reduce(
    (sum, s) => sum + (s.space_name === 'code_space' ? 0 : s.space_used_size),
    0,
  )
}

/** The length of the snapshot's longest line, not counting its references to spilled chunks. */
function longestSnapshotLine(h: Harness): number {
  let longest = 0
  h.exchange.writeSnapshot(BASE64, (line) => {
    longest = Math.max(longest, line.replace(/"!c\d+:\d+:\d+",?/g, '').length)
  })
  return longest
}

/** What `PAIRS` buys of account 1 filled by sells of account 2 leave in array buffers, the file and a snapshot. */
async function filledPairs(
  spill: boolean,
): Promise<{ growth: number; fileBytes: number; longestLine: number }> {
  const { h, file, place } = venue()
  await settle()
  const before = process.memoryUsage().arrayBuffers
  for (let n = 0; n < PAIRS; n++) {
    // Two orders of each account every 210 ms: under the default order rate limits.
    const t = T0 + n * 210
    place(1, 'BUY', '60000', t)
    place(2, 'SELL', '60000', t + 1)
    if (spill && n % 64 === 0) h.exchange.spillHistory(file)
  }
  // Reading the whole history back goes through the cache.
  expect(h.exchange.trades(1, 'BTCUSDT')).toHaveLength(PAIRS)
  expect(h.exchange.book('BTCUSDT').allOrders(2)).toHaveLength(PAIRS)
  expect(file.cachedSize).toBeLessThanOrEqual(CACHE_BYTES)
  await settle()
  const growth = process.memoryUsage().arrayBuffers - before
  file.close()
  return { growth, fileBytes: file.size, longestLine: longestSnapshotLine(h) }
}

/**
 * Heap growth per order while `orders` orders are placed and canceled one by one (no trade, no other history):
 * between the first quarter and the end, so what a venue costs once (and compiling) does not count.
 */
function canceledOrdersHeap(spill: boolean, orders: number): number {
  const { h, file, place } = venue()
  const from = orders >> 2
  let before = 0
  for (let n = 0; n < orders; n++) {
    if (n === from) before = heapUsed()
    const t = T0 + n * 210
    place(1, 'BUY', '50000', t)
    h.exchange.execute({ kind: 'cancelOpenOrders', accountId: 1, symbol: 'BTCUSDT' } as never, t + 1)
    if (spill && n % 64 === 0) h.exchange.spillHistory(file)
  }
  const growth = heapUsed() - before
  expect(h.exchange.book('BTCUSDT').order(1)?.status).toBe('CANCELED')
  file.close()
  return growth / (orders - from)
}

describe('history in the history file', () => {
  it('keeps array buffers bounded with spilling, and the snapshot holds references; not without', async () => {
    const spilled = await filledPairs(true)
    const kept = await filledPairs(false)
    // Each pair makes ~440 bytes of records: two closed orders, a trade, an aggregate trade, two account trades.
    expect(spilled.fileBytes).toBeGreaterThan(PAIRS * 300)
    expect(kept.growth).toBeGreaterThan(PAIRS * 300)
    // What stays: the chunks being filled, the cache; nothing an order (it was 8 bytes of client id index).
    expect(spilled.growth).toBeLessThan(2 * CACHE_BYTES + (128 << 10))
    // A snapshot's longest line: a table's chunk being filled (~30 KB), where it was a table's whole history.
    expect(kept.longestLine).toBeGreaterThan(PAIRS * 8)
    expect(spilled.longestLine).toBeLessThan(64 << 10)
  }, 60_000)

  it("keeps no heap an order for the book's order index once spilled; ~16 bytes an order without", () => {
    // The lesser of two runs: one may catch allocations of the compiler's own (bytecode, feedback) in its window.
    const spilled = Math.min(canceledOrdersHeap(true, 40_000), canceledOrdersHeap(true, 40_000))
    const kept = canceledOrdersHeap(false, 40_000)
    // Spilled: a chunk reference (~100 bytes) per 256 records of each table, ~3 bytes an order; an index of every
    // order in the heap was 8 bytes an order more.
    expect(kept).toBeGreaterThan(10)
    expect(spilled).toBeLessThan(6)
  }, 60_000)
})
