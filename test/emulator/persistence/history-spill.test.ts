// History on disk (docs/persistence.md, "The history file"): full chunks spilled to history.bin answer exactly as
// they did in memory, through a cache that stays within its bound; a spilled record is never written; a snapshot
// refers to spilled chunks and reads back without loading them; a book knows its open orders without the file.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { HistoryFile } from '../../../src/emulator/api/persistence/history-file.js'
import { BASE64 } from '../../../src/emulator/api/persistence/snapshot-file.js'
import { setHistoryChunkBits } from '../../../src/emulator/engine/history-chunks.js'
import { RecordColumns } from '../../../src/emulator/engine/record-columns.js'
import { stateOf } from '../../../src/emulator/exchange/exchange.js'
import { AggregateTrades } from '../../../src/emulator/exchange/market-data/aggregate-trades.js'
import {
  type Frame,
  type Harness,
  harness,
  type RecordingConnection,
} from '../../support/dispatch-harness.js'
import { snapshotField } from './snapshot-field.js'
import { drive, tradingOp } from './trading-ops.js'

let dir: string
const files: HistoryFile[] = []
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bsw-history-'))
})
afterEach(() => {
  setHistoryChunkBits(12)
  for (const f of files.splice(0)) f.close()
  rmSync(dir, { recursive: true, force: true })
})

const historyFile = (cacheBytes: number): HistoryFile => {
  const file = new HistoryFile(dir, { writable: true, cacheBytes })
  files.push(file)
  return file
}

describe('RecordColumns with a history file', () => {
  it('answers from spilled chunks as from memory, keeps its cache bounded, and refuses to write a spilled record', () => {
    setHistoryChunkBits(4)
    const file = historyFile(3 * 16 * 2 * 8)
    const c = new RecordColumns(2)
    for (let n = 0; n < 1000; n++) {
      const i = c.push()
      c.set(i, 0, n)
      c.setMoney(i, 1, n % 7 === 0 ? 2n ** 70n + BigInt(n) : BigInt(n) * 3n)
      if (n % 50 === 0) c.spill(file)
    }
    c.spill(file)
    // Every chunk but the one holding the newest record went to the file.
    expect(file.size).toBe(Math.floor(999 / 16) * 16 * 2 * 8)
    for (let n = 0; n < 1000; n++) {
      expect(c.get(n, 0)).toBe(n)
      expect(c.money(n, 1)).toBe(n % 7 === 0 ? 2n ** 70n + BigInt(n) : BigInt(n) * 3n)
      expect(file.cachedSize).toBeLessThanOrEqual(3 * 16 * 2 * 8)
    }
    expect(c.lowerBound(0, (v) => v >= 333)).toBe(333)
    expect(() => c.set(5, 0, 1)).toThrow(/record 5 is in the history file: it cannot change/)
    c.set(999, 0, 1)
    expect(c.get(999, 0)).toBe(1)
  })
})

describe('AggregateTrades with a history file', () => {
  it('keeps the aggregate a later trade may add to in memory: spills between two trades of one taker lose nothing', () => {
    setHistoryChunkBits(2)
    const file = historyFile(1 << 20)
    const aggregates = new AggregateTrades(1_000_000)
    const trade = (id: number, taker: number) => ({
      id,
      price: 100 + taker,
      qty: 1,
      quote: 100n,
      time: 1000 + taker,
      buyerIsMaker: false,
      takerOrderId: taker,
    })
    for (let taker = 1; taker <= 40; taker++) {
      aggregates.add(trade(2 * taker - 1, taker))
      aggregates.spill(file)
      aggregates.add(trade(2 * taker, taker))
      aggregates.spill(file)
    }
    expect(file.size).toBeGreaterThan(0)
    expect(aggregates.fromId(1, 100).map((a) => [a.id, a.qty, a.firstId, a.lastId])).toEqual(
      Array.from({ length: 40 }, (_, k) => [k + 1, 2, 2 * k + 1, 2 * k + 2]),
    )
  })
})

describe("a book's order index with a history file", () => {
  it('answers isOpen and open orders from memory, and closed orders of spilled chunks from the file', () => {
    setHistoryChunkBits(2)
    const h = harness({ liquidity: false })
    const c = h.connect()
    const [who] = h.accounts as [Harness['accounts'][number]]
    const order = { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.01' }
    for (let n = 1; n <= 40; n++) {
      h.now += 300
      h.request(c, 'order.place', { ...order, price: String(50_000 + n), newClientOrderId: `x${n}` }, who)
      // Every seventh order stays open; the others are canceled at once.
      if (n % 7 !== 0) h.request(c, 'order.cancel', { symbol: 'BTCUSDT', orderId: n }, who)
    }
    const file = historyFile(1 << 20)
    h.exchange.spillHistory(file)
    file.close()
    rmSync(file.path)
    const book = stateOf(h.exchange).book('BTCUSDT')
    const accountId = h.exchange.account(who.apiKey)?.id as number
    // Without the file: which orders are open, the open ones themselves (objects kept in memory), the newest
    // chunk's closed orders.
    expect(
      Array.from({ length: 41 }, (_, id) => book.isOpen(id)).flatMap((open, id) => (open ? [id] : [])),
    ).toEqual([7, 14, 21, 28, 35])
    expect(book.order(21)?.clientOrderId).toBe('x21')
    expect(book.findByClientId(accountId, 'x35')?.id).toBe(35)
    expect(book.order(40)?.status).toBe('CANCELED')
    // A closed order of a full chunk with no open order is in the file only.
    expect(() => book.order(2)).toThrow(/ENOENT/)
    // The snapshot refers to every index chunk but the newest, whose last order is closed but not stored yet: the
    // chunks with an open order went too, once a later chunk was full.
    const lines: string[] = []
    h.exchange.writeSnapshot(BASE64, (line) => lines.push(line))
    const [F, M] = ['file', '!tUint32Array']
    const where = (e: unknown) => (/^!c\d/.test(String(e)) ? F : String(e).split(':')[0])
    expect(snapshotField(lines, 'OrderIndex', 'entries').map(where)).toEqual([F, F, F, F, F, F, F, F, F, M])
  })
})

/** What a query answered, without the request id and the request weight (the api layer's, not history). */
const answer = (frames: readonly Frame[]) => frames.map(({ id: _, rateLimits: __, ...rest }) => rest)

const op = tradingOp(
  ['limit', 'limit', 'market', 'cancel', 'cancelByClientId', 'amend', 'far', 'stop', 'iceberg'],
  2,
)

/**
 * Every history query's answer, per account: orders, statuses by id and client id, trades, amendments; and the
 * book's own answers (which order is open, the latest order of a client id).
 */
function histories(h: Harness, c: RecordingConnection): unknown[] {
  const symbol = 'BTCUSDT'
  const out: unknown[] = []
  const book = stateOf(h.exchange).book(symbol)
  out.push(Array.from({ length: book.lastOrderId + 1 }, (_, orderId) => book.isOpen(orderId)))
  for (const who of h.accounts.slice(0, 2)) {
    const accountId = h.exchange.account(who.apiKey)?.id as number
    out.push(book.allOrders(accountId).map((o) => [o.id, o.status, o.clientOrderId, o.executedQty]))
    out.push(Array.from({ length: 40 }, (_, k) => book.findByClientId(accountId, `c${k}`)?.id))
  }
  out.push(answer(h.request(c, 'trades.aggregate', { symbol, limit: 1000 })))
  out.push(answer(h.request(c, 'trades.aggregate', { symbol, fromId: 3, limit: 1000 })))
  out.push(answer(h.request(c, 'trades.historical', { symbol, fromId: 0, limit: 1000 })))
  out.push(answer(h.request(c, 'trades.recent', { symbol, limit: 1000 })))
  const last = h.exchange.book(symbol).lastOrderId
  for (const who of h.accounts.slice(0, 2)) {
    out.push(answer(h.request(c, 'allOrders', { symbol, limit: 1000 }, who)))
    out.push(answer(h.request(c, 'myTrades', { symbol, limit: 1000 }, who)))
    for (let orderId = 1; orderId <= last; orderId++) {
      out.push(answer(h.request(c, 'order.status', { symbol, orderId }, who)))
      out.push(answer(h.request(c, 'order.amendments', { symbol, orderId }, who)))
    }
    for (let k = 0; k < 40; k++) {
      out.push(answer(h.request(c, 'order.status', { symbol, origClientOrderId: `c${k}` }, who)))
    }
  }
  return out
}

describe('history spilled to the history file', () => {
  it('answers every history query as the same exchange in memory, and so does its snapshot read back', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 40, maxLength: 200 }), (ops) => {
        const memory = harness()
        setHistoryChunkBits(2)
        const spilled = harness()
        setHistoryChunkBits(12)
        const file = historyFile(512)
        spilled.exchange.onCommand(() => spilled.exchange.spillHistory(file))
        drive(memory, memory.connect(), ops)
        drive(spilled, spilled.connect(), ops)
        spilled.exchange.spillHistory(file)
        expect(file.size).toBeGreaterThan(0)
        const expected = histories(memory, memory.connect())
        expect(histories(spilled, spilled.connect())).toEqual(expected)

        const lines: string[] = []
        spilled.exchange.writeSnapshot(BASE64, (line) => lines.push(line))
        expect(lines.some((line) => line.includes('"!c'))).toBe(true)
        const read = harness()
        read.now = spilled.now
        const reader = read.exchange.readSnapshot(BASE64, file)
        for (const line of lines) reader.line(line)
        reader.finish()
        expect(histories(read, read.connect())).toEqual(expected)
        file.close()
        rmSync(file.path, { force: true })
      }),
      { seed: 16, numRuns: 20 },
    )
  }, 120_000)
})
