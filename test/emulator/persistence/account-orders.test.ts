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

const SYMBOL = 'BTCUSDT'
const DAY_MS = 86_400_000

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bsw-account-orders-'))
})
afterEach(() => {
  setHistoryChunkBits(12)
  rmSync(dir, { recursive: true, force: true })
})

const op = fc.record({
  kind: fc.constantFrom(
    'limit',
    'limit',
    'limit',
    'market',
    'cancel',
    'cancel',
    'amend',
    'stop',
    'far',
    'rewind',
    'jump',
  ),
  who: fc.nat(2),
  buy: fc.boolean(),
  tick: fc.integer({ min: -1, max: 1 }),
  qty: fc.integer({ min: 1, max: 9 }),
  pick: fc.nat(),
})
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never

/** Runs `ops` on `h` through its dispatcher: orders of three accounts, the clock moved back and far forward. */
function drive(h: Harness, ops: readonly Op[]): void {
  const c = h.connect()
  for (const o of ops) {
    h.now += 1 + (o.pick % 3) * 400
    const who = h.accounts[o.who] as Harness['accounts'][number]
    const side = o.buy ? 'BUY' : 'SELL'
    const open = h.exchange.book(SYMBOL).openOrders(h.exchange.account(who.apiKey)?.id)
    const orderId = open[o.pick % Math.max(1, open.length)]?.id ?? 1
    const clientId = `c${o.pick % 20}`
    const limit = { symbol: SYMBOL, side, type: 'LIMIT', timeInForce: 'GTC', newClientOrderId: clientId }
    switch (o.kind) {
      case 'limit':
        h.request(
          c,
          'order.place',
          { ...limit, price: String(60_000 + o.tick * 10), quantity: `0.0${o.qty}` },
          who,
        )
        break
      case 'far':
        h.request(
          c,
          'order.place',
          { ...limit, price: String(o.buy ? 50_000 : 70_000), quantity: '0.01' },
          who,
        )
        break
      case 'market':
        h.request(c, 'order.place', { symbol: SYMBOL, side, type: 'MARKET', quantity: `0.0${o.qty}` }, who)
        break
      case 'stop': {
        const away = o.buy ? 10 : -10
        const prices = { stopPrice: String(60_000 + away), price: String(60_000 + 2 * away) }
        h.request(c, 'order.place', { ...limit, type: 'STOP_LOSS_LIMIT', quantity: '0.01', ...prices }, who)
        break
      }
      case 'cancel':
        h.request(
          c,
          'order.cancel',
          { symbol: SYMBOL, ...(o.qty % 2 ? { orderId } : { origClientOrderId: clientId }) },
          who,
        )
        break
      case 'amend':
        h.request(c, 'order.amend.keepPriority', { symbol: SYMBOL, orderId, newQty: '0.005' }, who)
        break
      case 'rewind':
        // Later orders are updated before earlier ones: update times follow no order.
        h.now -= 500 + o.qty * 300
        break
      case 'jump':
        // Past the archive horizon (90 days) of the orders before.
        h.now += 91 * DAY_MS
        break
    }
  }
}

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
    for (const clientId of [...Array.from({ length: 20 }, (_, k) => `c${k}`), 'unknown']) {
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
          drive(memory, ops)
          compare(memory, queries)
          setHistoryChunkBits(2)
          const spilled = harness()
          setHistoryChunkBits(12)
          const file = new HistoryFile(dir, { writable: true, cacheBytes: 256 })
          try {
            spilled.exchange.onCommand(() => spilled.exchange.spillHistory(file))
            drive(spilled, ops)
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
