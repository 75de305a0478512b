// allOrders and the lookup of a closed order by client id walk only the account's own orders
// (src/emulator/engine/account-orders.ts): over random place/fill/cancel/amend sequences of three accounts, with
// the clock set back and jumps past the archive horizon, they answer exactly as the full scan of the symbol's
// orders they replaced (kept here as the reference), in memory and with tiny chunks spilled to a history file.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { HistoryFile } from '../../../src/emulator/api/persistence/history-file.js'
import type { OrderBook } from '../../../src/emulator/engine/book.js'
import { setHistoryChunkBits } from '../../../src/emulator/engine/history-chunks.js'
import type { Order } from '../../../src/emulator/engine/order.js'
import type { OrderQuery } from '../../../src/emulator/engine/order-index.js'
import { stateOf } from '../../../src/emulator/exchange/exchange.js'
import { type Harness, harness } from '../../support/dispatch-harness.js'
import { drive, TRADING_KINDS, tradingOp } from './trading-ops.js'

const SYMBOL = 'BTCUSDT'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bsw-account-orders-'))
})
afterEach(() => {
  setHistoryChunkBits(12)
  rmSync(dir, { recursive: true, force: true })
})

/** Every kind of step, limit orders thrice as likely. */
const op = tradingOp(['limit', 'limit', ...TRADING_KINDS], 3)

/** What allOrders answered before the account index: every order of the symbol walked, then filtered. */
function fullScan(book: OrderBook, accountId: number, q: OrderQuery): Order[] {
  const orders: Order[] = []
  for (let id = 1; id <= book.lastOrderId; id++) {
    const o = book.order(id)
    if (o !== undefined && o.accountId === accountId && q.shown(o)) orders.push(o)
  }
  const { startTime: start, endTime: end } = q
  if (start !== undefined || end !== undefined) {
    const inRange = orders.filter(
      (o) => (start === undefined || o.updateTime >= start) && (end === undefined || o.updateTime <= end),
    )
    return inRange.slice(0, q.limit)
  }
  const from = q.orderId
  if (from !== undefined) return orders.filter((o) => o.id >= from).slice(0, q.limit)
  return orders.slice(-q.limit)
}

/** The account's latest order with the client id as the full scan from the newest order found it. */
function scannedByClientId(book: OrderBook, accountId: number, clientOrderId: string): number | undefined {
  const open = book.openOrders(accountId).find((o) => o.clientOrderId === clientOrderId)
  if (open !== undefined) return open.id
  for (let id = book.lastOrderId; id >= 1; id--) {
    const o = book.order(id)
    if (o?.accountId === accountId && o.clientOrderId === clientOrderId) return id
  }
  return undefined
}

const seen = (orders: readonly Order[]) =>
  orders.map((o) => [o.id, o.status, o.clientOrderId, o.executedQty, o.updateTime])

const query = fc.record({
  kind: fc.constantFrom('newest', 'from', 'window', 'since', 'until'),
  a: fc.nat(),
  b: fc.nat(),
  limit: fc.constantFrom(1, 2, 3, 7, 1000),
})
type Query = typeof query extends fc.Arbitrary<infer T> ? T : never

/** The engine's query `x` stands for: times picked by `time`, an orderId up to one past the last. */
function asQuery(
  x: Query,
  on: { lastOrderId: number; time: (n: number) => number; shown: OrderQuery['shown'] },
): OrderQuery {
  const { limit } = x
  const [a, b] = [on.time(x.a), on.time(x.b)]
  switch (x.kind) {
    case 'newest':
      return { limit, shown: on.shown }
    case 'from':
      return { orderId: x.a % (on.lastOrderId + 2), limit, shown: on.shown }
    case 'since':
      // With a time window, orderId is not what selects.
      return { startTime: a, orderId: 1, limit, shown: on.shown }
    case 'until':
      return { endTime: a, limit, shown: on.shown }
    case 'window':
      return { startTime: Math.min(a, b), endTime: Math.max(a, b), limit, shown: on.shown }
  }
}

/** Compares every query of `queries` for each account, and the lookups by client id, with the full scan's answer. */
function compare(h: Harness, queries: readonly Query[]): void {
  const book = stateOf(h.exchange).book(SYMBOL)
  const times: number[] = []
  for (let id = 1; id <= book.lastOrderId; id++) times.push((book.order(id) as Order).updateTime)
  const time = (n: number) => (times[n % Math.max(1, times.length)] ?? h.now) + ((n >> 4) % 3) - 1
  const shown: OrderQuery['shown'] = (o) => !h.exchange.isArchived(o, h.now)
  for (const who of h.accounts) {
    const accountId = h.exchange.account(who.apiKey)?.id as number
    for (const x of queries) {
      const q = asQuery(x, { lastOrderId: book.lastOrderId, time, shown })
      expect(seen(book.allOrders(accountId, q)), JSON.stringify(x)).toEqual(
        seen(fullScan(book, accountId, q)),
      )
    }
    // The ids placed with, 'unknown', and every order's id now (a cancel gives the order the cancel's new id).
    const current = fullScan(book, accountId, { limit: Number.POSITIVE_INFINITY, shown: () => true })
    const clientIds = new Set([...Array.from({ length: 40 }, (_, k) => `c${k}`), 'unknown'])
    for (const o of current) clientIds.add(o.clientOrderId)
    for (const clientId of clientIds) {
      expect(book.findByClientId(accountId, clientId)?.id).toBe(scannedByClientId(book, accountId, clientId))
    }
  }
}

describe("allOrders and client id lookups over the account's own orders", () => {
  it('answer as the full scan of the symbol did, in memory and with chunks of 4 spilled at every command', () => {
    fc.assert(
      fc.property(
        fc.array(op, { minLength: 30, maxLength: 160 }),
        fc.array(query, { minLength: 6, maxLength: 12 }),
        (ops, queries) => {
          const memory = harness()
          drive(memory, memory.connect(), ops)
          compare(memory, queries)
          setHistoryChunkBits(2)
          const spilled = harness()
          setHistoryChunkBits(12)
          const file = new HistoryFile(dir, { writable: true, cacheBytes: 256 })
          try {
            spilled.exchange.onCommand(() => spilled.exchange.spillHistory(file))
            drive(spilled, spilled.connect(), ops)
            spilled.exchange.spillHistory(file)
            compare(spilled, queries)
          } finally {
            file.close()
            rmSync(file.path, { force: true })
          }
        },
      ),
      { seed: 16, numRuns: 40 },
    )
  }, 120_000)
})
