// The exchange's invariants, checked from the outside after every step: money is conserved, locks
// equal what open orders reserve (an OCO pair once), nothing is negative, books are not crossed and
// queue FIFO.
import type { Engine } from '../../src/emulator/engine/engine.js'
import type { ListRegistry } from '../../src/emulator/engine/lists/list-registry.js'
import type { Order } from '../../src/emulator/engine/order.js'

const LIVE = new Set(['NEW', 'PARTIALLY_FILLED', 'PENDING_NEW'])

/** Σ free + locked over every account, plus fees, per asset. */
export function assetTotals(engine: Engine, accountIds: readonly number[]): Map<string, bigint> {
  const totals = new Map<string, bigint>()
  for (const [asset, fee] of engine.ledger.fees) totals.set(asset, fee)
  for (const id of accountIds) {
    for (const [asset, h] of engine.ledger.holdings(id)) {
      totals.set(asset, (totals.get(asset) ?? 0n) + h.free + h.locked)
    }
  }
  return totals
}

/** What a resting order must have locked: quote for its remaining BUY quantity, base for a SELL. */
function expectedLock(o: Order): bigint {
  return o.side === 'BUY' ? o.market.notional(o.price, o.remaining) : o.market.baseAmount(o.remaining)
}

/**
 * What an order must have locked, or, for a live leg of an OCO pair whose sibling is live too, what
 * the pair must lock together: once, the larger of the two legs' reservations (docs/fidelity/B).
 */
function lockProblem(o: Order, lists: ListRegistry | undefined): string | undefined {
  if (o.status === 'PENDING_NEW')
    return o.locked === 0n ? undefined : `pending order ${o.id} locks ${o.locked}`
  const pair = o.orderListId >= 0 ? lists?.ofOrder(o)?.pair : undefined
  const sibling = pair?.includes(o) ? pair.find((s) => s !== o && LIVE.has(s.status)) : undefined
  if (!sibling) {
    return o.locked === expectedLock(o)
      ? undefined
      : `order ${o.id} locks ${o.locked}, its remainder needs ${expectedLock(o)}`
  }
  const a = expectedLock(o)
  const b = expectedLock(sibling)
  const want = a > b ? a : b
  const got = o.locked + sibling.locked
  return got === want ? undefined : `OCO legs ${o.id}+${sibling.id} lock ${got}, the larger leg needs ${want}`
}

/** Whether `o` may queue right behind `before` at one price. */
function queuesAfter(before: Order, o: Order): boolean {
  if (o.workingTime !== before.workingTime) return o.workingTime > before.workingTime
  return o.id > before.id || o.isStop || o.orderListId >= 0
}

/** Every broken invariant, as text; empty when all hold. `lists`: to know OCO pairs. */
export function invariantProblems(
  engine: Engine,
  symbols: Iterable<string>,
  accountIds: readonly number[],
  totals: ReadonlyMap<string, bigint>,
  lists?: ListRegistry,
): string[] {
  const problems: string[] = []
  const now = assetTotals(engine, accountIds)
  for (const asset of new Set([...totals.keys(), ...now.keys()])) {
    const before = totals.get(asset) ?? 0n
    const after = now.get(asset) ?? 0n
    if (before !== after) problems.push(`${asset} total ${before} -> ${after}`)
  }
  for (const id of accountIds) {
    for (const [asset, h] of engine.ledger.holdings(id)) {
      if (h.free < 0n || h.locked < 0n)
        problems.push(`account ${id} ${asset} free ${h.free} locked ${h.locked}`)
    }
  }
  for (const [asset, fee] of engine.ledger.fees) if (fee < 0n) problems.push(`fee ${asset} ${fee}`)

  const reserved = new Map<string, bigint>()
  for (const symbol of symbols) {
    const book = engine.book(symbol)
    if (!book) continue
    const bid = book.bids.best()
    const ask = book.asks.best()
    if (bid && ask && bid.price >= ask.price) problems.push(`${symbol} crossed: ${bid.price} >= ${ask.price}`)
    for (const side of [book.bids, book.asks]) {
      let previous: number | undefined
      for (const level of side.walk()) {
        if (previous !== undefined && !side.crosses(previous, level.price)) {
          problems.push(`${symbol} ${side.side} levels out of order at ${level.price}`)
        }
        previous = level.price
        let qty = 0
        let count = 0
        // FIFO: by when each order started working (a triggered stop or an activated list leg joins
        // the queue then); within one time, by id, except for those late joiners.
        let last: Order | undefined
        for (let o: Order | null = level.head; o; o = o.next) {
          if (last && !queuesAfter(last, o))
            problems.push(`${symbol} level ${level.price} not FIFO at order ${o.id}`)
          last = o
          qty += o.remaining
          count++
          if (!o.isOpen || o.remaining <= 0) problems.push(`order ${o.id} on book with status ${o.status}`)
          if (o.price !== level.price || o.side !== side.side) problems.push(`order ${o.id} on wrong level`)
        }
        if (qty !== level.qty || count !== level.count) {
          problems.push(
            `${symbol} level ${level.price}: qty ${level.qty}/${qty}, count ${level.count}/${count}`,
          )
        }
      }
    }
    for (let id = 1; id <= book.lastOrderId; id++) {
      const o = book.order(id)
      if (o && !o.onBook && o.isOpen && !book.parked.has(o))
        problems.push(`${symbol} order ${id} is ${o.status} but not on the book`)
      if (o && (o.onBook || book.parked.has(o)) && !o.isOpen)
        problems.push(`${symbol} order ${id} is ${o.status} but on the book or parked`)
      if (o && LIVE.has(o.status)) {
        const problem = lockProblem(o, lists)
        if (problem) problems.push(`${symbol} ${problem}`)
        const asset = o.side === 'BUY' ? o.market.quoteAsset : o.market.baseAsset
        const key = `${o.accountId}/${asset}`
        reserved.set(key, (reserved.get(key) ?? 0n) + o.locked)
      }
      if (o && !o.isOpen && o.locked !== 0n)
        problems.push(`${symbol} closed order ${id} still locks ${o.locked}`)
      if (o && (o.executedQty < 0 || o.executedQty > o.origQty))
        problems.push(`order ${id} executed ${o.executedQty}`)
    }
  }
  for (const id of accountIds) {
    for (const [asset, h] of engine.ledger.holdings(id)) {
      const want = reserved.get(`${id}/${asset}`) ?? 0n
      if (h.locked !== want)
        problems.push(`account ${id} ${asset} locked ${h.locked}, open orders reserve ${want}`)
    }
  }
  return problems
}
