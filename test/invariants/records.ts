// Checks of what the exchange records and reports, independent of the reference model: every fill
// once for the buyer and once for the seller (engine executions, trades.recent tape, myTrades, both
// accounts' user data streams, in order), legal order and list status transitions (docs/emulator-fidelity.md 3.11.7,
// §3.14.5), and the order-list rules (OCO: one leg starting ends the other; OTO: the pending leg
// starts only once the working leg is filled).
import { type Exchange, stateOf } from '../../src/emulator/exchange/exchange.js'
import { LIQUIDITY_ACCOUNT_ID } from '../../src/emulator/exchange/liquidity.js'
import type { RecordingConnection } from '../support/dispatch-harness.js'

/** One side of a fill, as the engine executed it. */
interface Fill {
  readonly symbol: string
  readonly tradeId: number
  readonly account: number
  readonly orderId: number
  readonly side: 'BUY' | 'SELL'
  readonly price: number
  readonly qty: number
}

const TERMINAL = new Set(['FILLED', 'CANCELED', 'EXPIRED', 'EXPIRED_IN_MATCH', 'REJECTED'])

/** Status → statuses the next executionReport of the order may carry (docs/emulator-fidelity.md 3.11.7). */
const NEXT: Readonly<Record<string, readonly string[]>> = {
  '': ['NEW', 'PENDING_NEW'],
  PENDING_NEW: ['PENDING_NEW', 'NEW', 'CANCELED', 'EXPIRED', 'REJECTED'],
  NEW: ['NEW', 'PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'EXPIRED', 'EXPIRED_IN_MATCH'],
  PARTIALLY_FILLED: ['PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'EXPIRED', 'EXPIRED_IN_MATCH'],
}

/** executionType → the statuses it may come with. */
const STATUS_OF: Readonly<Record<string, readonly string[]>> = {
  NEW: ['NEW', 'PENDING_NEW'],
  TRADE: ['PARTIALLY_FILLED', 'FILLED'],
  CANCELED: ['CANCELED'],
  EXPIRED: ['EXPIRED', 'EXPIRED_IN_MATCH'],
  TRADE_PREVENTION: ['NEW', 'PARTIALLY_FILLED', 'EXPIRED_IN_MATCH'],
  REPLACED: ['NEW', 'PARTIALLY_FILLED', 'PENDING_NEW'],
  REJECTED: ['REJECTED'],
}

/** Whether `to` can follow `from` through zero or more legal transitions. */
function reachable(from: string, to: string): boolean {
  const seen = new Set([from])
  const todo = [from]
  while (todo.length > 0) {
    const s = todo.pop() as string
    if (s === to) return true
    for (const n of NEXT[s] ?? []) {
      if (seen.has(n)) continue
      seen.add(n)
      todo.push(n)
    }
  }
  return false
}

export class Records {
  private readonly fills: Fill[] = []
  private checkedFills = 0
  /** Per account and symbol: myTrades entries checked so far. */
  private readonly myTradesSeen = new Map<string, number>()
  /** Per symbol: the last trade id checked. */
  private readonly lastTradeId = new Map<string, number>()
  /** Per symbol/orderId: the status its last executionReport (or, for the liquidity account, the engine) showed. */
  private readonly status = new Map<string, string>()
  /** Per account/symbol/orderId: trade ids of its TRADE reports, in arrival order. */
  private readonly tradeReports = new Map<string, number>()
  /** Per orderListId: the last `l/L` its listStatus events showed. */
  private readonly listStatus = new Map<number, string>()
  reached = { listEvents: 0, statusEvents: 0 }

  constructor(
    private readonly ex: Exchange,
    private readonly accounts: readonly number[],
    private readonly connections: ReadonlyMap<number, RecordingConnection>,
  ) {
    stateOf(ex).engine.onExecution((x) => {
      if (x.executionType !== 'TRADE') return
      const o = x.order
      this.fills.push({
        symbol: o.market.symbol,
        tradeId: x.tradeId,
        account: o.accountId,
        orderId: o.id,
        side: o.side,
        price: x.lastPrice,
        qty: x.lastQty,
      })
    })
  }

  /** The fills since the last check, for the model agreement of the caller. */
  newFills(): readonly Fill[] {
    return this.fills.slice(this.checkedFills)
  }

  /** Every problem with what the last step recorded and reported. */
  check(): string[] {
    const out: string[] = []
    const fresh = this.fills.slice(this.checkedFills)
    this.checkedFills = this.fills.length
    this.checkTrades(fresh, out)
    this.checkMyTrades(fresh, out)
    for (const id of this.accounts) this.checkStream(id, fresh, out)
    this.checkSnapshots(out)
    this.checkLists(out)
    return out
  }

  /** Each new trade id: one BUY and one SELL execution, at one price and quantity, on the tape once, in order. */
  private checkTrades(fresh: readonly Fill[], out: string[]): void {
    for (const symbol of this.ex.symbols.keys()) {
      const book = this.ex.book(symbol)
      const before = this.lastTradeId.get(symbol) ?? 0
      this.lastTradeId.set(symbol, book.lastTradeId)
      const mine = fresh.filter((f) => f.symbol === symbol)
      const tape = this.ex.tape(symbol).fromId(before + 1, 1000)
      const want = book.lastTradeId - before
      if (tape.length !== want || tape.some((t, i) => t.id !== before + 1 + i))
        out.push(`${symbol} tape ids ${tape.map((t) => t.id)} after ${before}, want ${want} new`)
      for (const t of tape) {
        const sides = mine.filter((f) => f.tradeId === t.id)
        const buy = sides.filter((f) => f.side === 'BUY')
        const sell = sides.filter((f) => f.side === 'SELL')
        if (
          buy.length !== 1 ||
          sell.length !== 1 ||
          sides.some((f) => f.price !== t.price || f.qty !== t.qty)
        )
          out.push(`${symbol} trade ${t.id}: executions ${JSON.stringify(sides)} vs tape ${t.price}x${t.qty}`)
      }
      if (mine.some((f) => f.tradeId <= before || f.tradeId > book.lastTradeId))
        out.push(`${symbol}: a fill outside the new trade ids`)
    }
  }

  /** myTrades: the account's side of each new fill, once, in trade-id order (buyer first in a self-trade). */
  private checkMyTrades(fresh: readonly Fill[], out: string[]): void {
    for (const id of this.accounts) {
      for (const symbol of this.ex.symbols.keys()) {
        const key = `${id}/${symbol}`
        const all = this.ex.trades(id, symbol)
        const got = all.slice(this.myTradesSeen.get(key) ?? 0).map((t) => `${t.id}:${t.isBuyer}`)
        this.myTradesSeen.set(key, all.length)
        const want = fresh
          .filter((f) => f.account === id && f.symbol === symbol)
          .sort((a, b) => a.tradeId - b.tradeId || (a.side === 'BUY' ? -1 : 1))
          .map((f) => `${f.tradeId}:${f.side === 'BUY'}`)
        if (got.join() !== want.join()) out.push(`myTrades ${key}: ${got} vs fills ${want}`)
      }
    }
  }

  /** The account's stream: each of its new fills once as a TRADE report, per order in trade-id order; legal statuses. */
  private checkStream(id: number, fresh: readonly Fill[], out: string[]): void {
    const c = this.connections.get(id) as RecordingConnection
    const got: string[] = []
    for (const f of c.frames.splice(0)) {
      const e = f['event'] as Record<string, unknown>
      if (e['e'] === 'listStatus') this.listEvent(e, out)
      if (e['e'] !== 'executionReport') continue
      const orderId = e['i'] as number
      const x = e['x'] as string
      const status = e['X'] as string
      if (orderId === -1) {
        if (x !== 'REJECTED' || status !== 'REJECTED') out.push(`order -1 reported ${x}/${status}`)
        continue
      }
      this.reached.statusEvents++
      const key = `${e['s']}/${orderId}`
      const before = this.status.get(key) ?? ''
      if (!(NEXT[before] ?? []).includes(status) || !(STATUS_OF[x] ?? []).includes(status))
        out.push(`order ${key}: ${before || '(new)'} -> x=${x} X=${status}`)
      if (x === 'REPLACED' && status !== before)
        out.push(`order ${key}: amend changed ${before} to ${status}`)
      this.status.set(key, status)
      if (x !== 'TRADE') continue
      const t = e['t'] as number
      got.push(`${e['s']}#${t}:${orderId}`)
      const last = this.tradeReports.get(`${id}/${key}`) ?? 0
      if (t <= last) out.push(`${id}/${key}: trade ${t} reported after ${last}`)
      this.tradeReports.set(`${id}/${key}`, t)
    }
    const want = fresh.filter((f) => f.account === id).map((f) => `${f.symbol}#${f.tradeId}:${f.orderId}`)
    if (got.sort().join() !== want.sort().join()) out.push(`stream of ${id}: ${got} vs fills ${want}`)
  }

  /** Every order's status now: what its last report said (liquidity orders: a legal successor of the last seen). */
  private checkSnapshots(out: string[]): void {
    for (const symbol of this.ex.symbols.keys()) {
      const book = this.ex.book(symbol)
      for (let i = 1; i <= book.lastOrderId; i++) {
        const o = book.order(i)
        if (!o) continue
        const key = `${symbol}/${i}`
        const seen = this.status.get(key) ?? ''
        if (o.accountId === LIQUIDITY_ACCOUNT_ID) {
          if (seen !== o.status && !reachable(seen, o.status))
            out.push(`liquidity order ${key}: ${seen} -> ${o.status}`)
          this.status.set(key, o.status)
        } else if (seen !== o.status) out.push(`order ${key} is ${o.status}, its last report said ${seen}`)
        if (TERMINAL.has(o.status) && (o.onBook || o.locked !== 0n))
          out.push(`closed order ${key} on book or locked`)
      }
    }
  }

  private listEvent(e: Record<string, unknown>, out: string[]): void {
    this.reached.listEvents++
    const g = e['g'] as number
    // l=UPDATED (a leg renamed by an amend) reports a change within EXEC_STARTED.
    const type = e['l'] === 'UPDATED' ? 'EXEC_STARTED' : e['l']
    const now = `${type}/${e['L']}`
    const before = this.listStatus.get(g)
    const legal =
      before === undefined || before === 'EXEC_STARTED/EXECUTING'
        ? ['EXEC_STARTED/EXECUTING', 'ALL_DONE/ALL_DONE']
        : []
    if (e['l'] === 'UPDATED' && before !== 'EXEC_STARTED/EXECUTING')
      out.push(`list ${g}: UPDATED after ${before}`)
    if (!legal.includes(now)) out.push(`list ${g}: ${before ?? '(new)'} -> ${now}`)
    this.listStatus.set(g, now)
  }

  /** The list rules, from the engine's state after the step. */
  private checkLists(out: string[]): void {
    for (const id of this.accounts) {
      for (const list of stateOf(this.ex).lists.registry.all(id)) {
        const live = list.legs.filter((o) => ['NEW', 'PARTIALLY_FILLED', 'PENDING_NEW'].includes(o.status))
        const shown = this.listStatus.get(list.id)
        const status = `${list.listStatusType}/${list.listOrderStatus}`
        if (shown !== status) out.push(`list ${list.id} is ${status}, its last event said ${shown}`)
        if (list.isOpen !== live.length > 0)
          out.push(`list ${list.id} ${status} with ${live.length} live legs`)
        const pair = list.pair
        const started = pair.filter((o) => o.executedQty > 0 || (o.isStop && o.isWorking))
        if (started.length > 1) out.push(`OCO list ${list.id}: both legs started`)
        for (const o of pair) {
          if (started.length === 1 && started[0] !== o && live.includes(o))
            out.push(`OCO list ${list.id}: leg ${o.id} still ${o.status} after its sibling started`)
          if (
            started.length === 1 &&
            started[0] !== o &&
            o.status === 'EXPIRED' &&
            o.expiryReason !== 'OCO_TRIGGER'
          )
            out.push(`OCO list ${list.id}: leg ${o.id} expired with ${o.expiryReason}`)
        }
        const working = list.working
        if (!working) continue
        for (const p of list.pending) {
          const activated = !['PENDING_NEW', 'CANCELED', 'EXPIRED'].includes(p.status) || p.isWorking
          if (activated && working.status !== 'FILLED')
            out.push(`OTO list ${list.id}: pending ${p.id} ${p.status} while working is ${working.status}`)
          if (working.status === 'FILLED' && p.status === 'PENDING_NEW')
            out.push(`OTO list ${list.id}: working filled, pending ${p.id} not started`)
          if (p.status === 'PENDING_NEW' && p.locked !== 0n) out.push(`pending ${p.id} locks ${p.locked}`)
          if (!live.includes(working) && working.status !== 'FILLED' && live.includes(p))
            out.push(`OTO list ${list.id}: working ${working.status}, pending ${p.id} still ${p.status}`)
        }
      }
    }
  }
}
