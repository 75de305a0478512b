// Memory with a history file: trading that makes many times more history than the cache holds keeps the
// process's array buffers within a bound (the tables' current chunks, the cache, 8 bytes an order of client id
// index); the same trading without spilling grows them by every record (the test fails without the history file).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { afterEach, describe, expect, it } from 'vitest'
import { HistoryFile } from '../../../src/emulator/api/persistence/history-file.js'
import { setHistoryChunkBits } from '../../../src/emulator/engine/history-chunks.js'
import { harness } from '../../support/dispatch-harness.js'
import { T0 } from '../../support/exchange.js'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

const PAIRS = 12_000
const CACHE_BYTES = 64 << 10

let dir: string | undefined
afterEach(() => {
  setHistoryChunkBits(12)
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

/** Growth of `arrayBuffers` (after a full GC) while `PAIRS` buys of account 1 are filled by sells of account 2. */
function arrayBufferGrowth(spill: boolean): { growth: number; fileBytes: number } {
  setHistoryChunkBits(8)
  const h = harness({ liquidity: false })
  dir = mkdtempSync(join(tmpdir(), 'bsw-history-memory-'))
  const file = new HistoryFile(dir, { writable: true, cacheBytes: CACHE_BYTES })
  const place = (accountId: number, side: 'BUY' | 'SELL', t: number) =>
    h.exchange.execute(
      {
        kind: 'placeOrder',
        accountId,
        order: {
          symbol: 'BTCUSDT',
          side,
          type: 'LIMIT',
          timeInForce: 'GTC',
          price: '60000',
          quantity: '0.001',
        },
        cost: 1,
      } as never,
      t,
    )
  gc()
  const before = process.memoryUsage().arrayBuffers
  for (let n = 0; n < PAIRS; n++) {
    // Two orders of each account every 210 ms: under the default order rate limits.
    const t = T0 + n * 210
    place(1, 'BUY', t)
    place(2, 'SELL', t + 1)
    if (spill && n % 64 === 0) h.exchange.spillHistory(file)
  }
  // Reading the whole history back goes through the cache.
  expect(h.exchange.trades(1, 'BTCUSDT')).toHaveLength(PAIRS)
  expect(h.exchange.book('BTCUSDT').allOrders(2)).toHaveLength(PAIRS)
  expect(file.cachedSize).toBeLessThanOrEqual(CACHE_BYTES)
  gc()
  const growth = process.memoryUsage().arrayBuffers - before
  file.close()
  return { growth, fileBytes: file.size }
}

describe('history in the history file', () => {
  it('keeps array buffers bounded with spilling, and not without', () => {
    const spilled = arrayBufferGrowth(true)
    const kept = arrayBufferGrowth(false)
    // Each pair makes ~430 bytes of records: two closed orders, a trade, an aggregate trade, two account trades.
    expect(spilled.fileBytes).toBeGreaterThan(PAIRS * 300)
    expect(kept.growth).toBeGreaterThan(PAIRS * 300)
    // What stays: 8 bytes an order of client id index, the chunks being filled, the cache.
    expect(spilled.growth).toBeLessThan(PAIRS * 2 * 8 + 2 * CACHE_BYTES + (256 << 10))
  }, 60_000)
})
