// The mechanics every soak operation shares: the account's open orders and lists (per epoch), one call with its
// deadline and recorded answer, background reconciliation of unknown outcomes, and what a change does to its target.
import {
  type ApiResponse,
  BinanceError,
  OutcomeUnknownError,
  type WebsocketAPIConnection,
} from '../../src/client/index.js'
import { applyResolution, isOpen, isTransient, outcomeOf, type Resolved } from './answers.js'
import type { Deadlines } from './deadlines.js'
import type { Change, Epoch, Outcome, Tracked } from './records.js'
import type { Rng } from './rng.js'
import { sleep } from './sleep.js'
import type { Tally } from './tally.js'

/** Ids, numbers and symbols in a reconciliation's detail (the report counts its reasons). */
const ANY_ID = /[\w-]*\d[\w-]*|\b[A-Z]+USDT\b/g

/** What all desks share: the current epoch, the deadline watch, the counters. */
export interface DeskShared {
  readonly epoch: () => Epoch
  readonly timeoutMs: number
  readonly deadlines: Deadlines
  readonly calls: Tally
  readonly outcomes: Tally
  readonly resolutions: Tally
  /** Why reconciliations could not tell: the method and the client's detail, ids and numbers as `#`. */
  readonly cannotTell: Tally
  /** How queries ended: `ok` or the error's name. */
  readonly queries: Tally
  /** Answers no soak call should get (e.g. a plain timeout for an order), for the report. */
  readonly unexpected: string[]
  /** A fresh client id. */
  readonly newId: () => string
  /** How long a reconciliation is retried through transport failures before it counts as given up. */
  readonly reconcileForMs: number
}

export type Answer<T> = { ok: true; data: T } | { ok: false; err: unknown; outcome: Outcome; detail: string }

interface Pool {
  orders: Tracked[]
  lists: Tracked[]
}

/** Calls of one symbol in flight; `closed` while a cancel-all runs alone. */
interface Gate {
  active: number
  closed?: Promise<void> | undefined
  drained?: (() => void) | undefined
}

/** One account's connection and what the soak knows of its orders. */
export class Desk {
  readonly #pools = new Map<string, Pool>()
  readonly #gates = new Map<string, Gate>()
  #poolsEpoch = -1
  /** Quantity of each known order, in steps (an amend lowers it). */
  readonly qty = new WeakMap<Tracked, number>()

  constructor(
    readonly name: string,
    readonly conn: WebsocketAPIConnection,
    readonly s: DeskShared,
  ) {}
  /** The open orders and lists known in the current epoch (a new emulator process knows none of the old). */
  pool(symbol: string): Pool {
    const n = this.s.epoch().n
    if (n !== this.#poolsEpoch) {
      this.#pools.clear()
      this.#poolsEpoch = n
    }
    let pool = this.#pools.get(symbol)
    if (!pool) {
      pool = { orders: [], lists: [] }
      this.#pools.set(symbol, pool)
    }
    return pool
  }
  /**
   * One order-changing call, from send to answer. Calls on one symbol run side by side, except a cancel-all,
   * which waits for those in flight to be answered and holds new ones until it is: what it cancels is then known.
   */
  async call<T>(
    symbol: string,
    method: string,
    send: () => Promise<ApiResponse<T>>,
    alone = false,
  ): Promise<Answer<T>> {
    this.s.calls.add(method)
    const gate = this.#gate(symbol)
    while (gate.closed) await gate.closed
    let reopen = () => {}
    if (alone) {
      gate.closed = new Promise((r) => {
        reopen = r
      })
      if (gate.active > 0) await new Promise<void>((r) => (gate.drained = r))
      gate.drained = undefined
      // Let the answered calls' continuations (which learn their new orders) run before this one starts.
      await new Promise((r) => setImmediate(r))
    }
    gate.active++
    try {
      const r = await this.s.deadlines.watch(method, this.s.timeoutMs, send())
      this.s.outcomes.add('ok')
      return { ok: true, data: r.data }
    } catch (err) {
      const o = outcomeOf(err)
      const code = err instanceof BinanceError ? ` ${err.code}` : ''
      this.s.outcomes.add(`${o.outcome}${code}`)
      if (o.outcome === 'unexpected' && this.s.unexpected.length < 20)
        this.s.unexpected.push(`${method}: ${o.detail}`)
      return { ok: false, err, ...o }
    } finally {
      gate.active--
      if (gate.active === 0) gate.drained?.()
      if (alone) {
        gate.closed = undefined
        reopen()
      }
    }
  }

  #gate(symbol: string): Gate {
    let gate = this.#gates.get(symbol)
    if (!gate) {
      gate = { active: 0 }
      this.#gates.set(symbol, gate)
    }
    return gate
  }

  /**
   * Records a failed answer; an unknown outcome is reconciled (`apply` reads the answer; by default it is the first
   * change's), then `after` runs.
   */
  failed(
    a: Extract<Answer<unknown>, { ok: false }>,
    changes: Change[],
    after: () => void,
    apply?: (result: Resolved) => void,
  ): void {
    for (const c of changes) {
      c.outcome = a.outcome
      c.detail = a.detail
      c.belief = a.outcome === 'unknown' || a.outcome === 'unexpected' ? 'maybe' : 'no'
      if (a.outcome !== 'unknown') c.endedAt = Date.now()
    }
    if (a.err instanceof OutcomeUnknownError)
      this.reconcile(a.err, changes, after, apply ?? ((r) => void applyResolution(changes[0] as Change, r)))
    else after()
  }

  succeeded(c: Change, claim: Change['claim']): void {
    c.outcome = 'ok'
    c.belief = 'yes'
    c.claim = claim
    c.endedAt = Date.now()
  }
  /**
   * Asks `resolveOrderOutcome` (again after transport failures) and applies its answer. Each try is bounded by a
   * signal, as a user with a deadline would: the wait until the request can no longer land, plus one timeout for its
   * queries (it makes as many as it needs, each with its own timeout; the signal must end them all).
   */
  reconcile(
    err: OutcomeUnknownError,
    changes: Change[],
    after: () => void,
    apply: (result: Resolved) => void,
  ): void {
    const run = async () => {
      const until = Date.now() + this.s.reconcileForMs
      for (;;) {
        const allowed =
          Math.max(0, (err.sentAt ?? 0) + err.recvWindow - this.conn.serverTime()) + this.s.timeoutMs
        const signal = AbortSignal.timeout(allowed)
        try {
          const result: Resolved = await this.s.deadlines.watch(
            'resolveOrderOutcome',
            allowed,
            Promise.resolve().then(() => this.conn.resolveOrderOutcome(err, { signal })),
          )
          apply(result)
          if (result.found !== true && result.found !== false)
            this.s.cannotTell.add(`${err.method}: ${String(result.detail).replace(ANY_ID, '#')}`)
          break
        } catch (e) {
          if (isTransient(e) && Date.now() < until) {
            await sleep(250)
            continue
          }
          const why = `resolveOrderOutcome: ${(e as Error).name}: ${(e as Error).message}`
          for (const c of changes) {
            c.resolution = isTransient(e) ? 'gaveUp' : 'threw'
            c.detail += `; ${why}`
          }
          if (!isTransient(e) && this.s.unexpected.length < 20)
            this.s.unexpected.push(`${err.method}: ${why} (${err.message})`)
          break
        }
      }
      // A cancel-all counts once (its call), not once per order it applies to.
      for (const c of changes)
        if (c.kind !== 'cancelAll' || !c.target)
          this.s.resolutions.add(`${c.kind}: ${c.resolution ?? 'cannotTell'}`)
      after()
      const end = Date.now()
      for (const c of changes) c.endedAt = end
    }
    void this.s.deadlines.watch(
      'reconciliation',
      this.s.reconcileForMs + err.recvWindow + 2 * this.s.timeoutMs,
      run(),
    )
  }

  /** Knows the order (list) from now on; open ones may be changed later in the same epoch. */
  adopt(origin: Change, type: Tracked['type'], id: number, clientId: string, open: boolean, units = 0): void {
    const epoch = this.s.epoch()
    if (origin.epoch !== epoch.n) return
    // Found by a reconciliation after a cancel-all renamed it: closed, and known by that cancel-all's answer.
    if (type === 'order' && epoch.renamed.has(`${this.name}|${origin.symbol}|${clientId}`)) return
    if (type === 'list' && epoch.renamedLists.has(`${this.name}|${id}`)) return
    const t = epoch.track(type, origin, id, clientId, open)
    if (units) this.qty.set(t, units)
    if (open) (type === 'list' ? this.pool(origin.symbol).lists : this.pool(origin.symbol).orders).push(t)
  }

  /** Takes a random open order (list) out of the pool while a change to it runs. */
  take(rng: Rng, symbol: string, type: Tracked['type']): Tracked | undefined {
    const pool = this.pool(symbol)
    const items = type === 'list' ? pool.lists : pool.orders
    if (items.length === 0) return undefined
    const [t] = items.splice(rng.int(0, items.length - 1), 1) as [Tracked]
    t.busy = true
    return t
  }
  /**
   * Every open order and list of `symbol` known in this epoch, and those of them it took out of the pool (the
   * others are busy with a change of their own).
   */
  takeAll(symbol: string): { all: Tracked[]; taken: Set<Tracked> } {
    const pool = this.pool(symbol)
    const taken = new Set([...pool.orders, ...pool.lists])
    for (const t of taken) t.busy = true
    pool.orders = []
    pool.lists = []
    const all = this.s.epoch().tracked.filter((t) => t.open && t.account === this.name && t.symbol === symbol)
    return { all, taken }
  }

  release(t: Tracked): void {
    t.busy = false
    if (!t.open || t.origin.epoch !== this.s.epoch().n) return
    const pool = this.pool(t.symbol)
    ;(t.type === 'list' ? pool.lists : pool.orders).push(t)
  }
  /** A change's target after it: closed if the change executed or may have, back in the pool if it did not. */
  settleTarget(t: Tracked, c: Change, closes: boolean): void {
    if (c.belief === 'yes' && c.marker !== undefined) t.clientId = c.marker
    if (c.belief !== 'no' && (closes || c.belief === 'maybe')) t.open = false
    if (c.outcome === 'rejected' && c.kind !== 'amend') t.open = false
    if (c.claim?.status !== undefined && !isOpen(c.claim.status)) t.open = false
    this.release(t)
  }
  /** A query: only its deadline is checked (a lost socket is a plain ConnectionClosedError for it). */
  async ask<T>(method: string, send: () => Promise<ApiResponse<T>>): Promise<Outcome> {
    this.s.calls.add(method)
    try {
      await this.s.deadlines.watch(method, this.s.timeoutMs, send())
      this.s.queries.add('ok')
      return 'ok'
    } catch (err) {
      this.s.queries.add((err as Error).name)
      return outcomeOf(err).outcome === 'unsent' ? 'unsent' : 'rejected'
    }
  }
}
