// What this connection has seen of its orders' ids, for reconciliation: which client id an order was placed with,
// and which ids a cancel or amend gives an order (a cancel replaces the order's client order id). Bounded.
import type { UserDataEvent } from '../protocol/events.js'

/** An order (or list) by its id (a number) or by a client id it carries or carried. */
export type IdRef = number | string

/** Entries kept per symbol and table; the oldest go first (forgetting makes answers less definite, never wrong). */
const MAX_ENTRIES = 20_000
/** The table space of order lists (symbols are upper case, so this cannot clash). */
export const LISTS = 'lists'

class Bounded<K, V> extends Map<K, V> {
  override set(key: K, value: V): this {
    if (!this.has(key) && this.size >= MAX_ENTRIES) this.delete(this.keys().next().value as K)
    return super.set(key, value)
  }
}

interface Space {
  /** Order id → the client id it was placed with. */
  readonly placedAs: Bounded<number, string>
  /** Orders whose placement this connection got an answer for: no lost request of it placed them. */
  readonly acknowledged: Bounded<number, true>
  /** Client id an order carried → its order id (from placement answers and the user data stream). */
  readonly orderIdOf: Bounded<string, number>
  /** An order (client id or order id) → ids that requests sent to cancel or amend it would give it. */
  readonly renamedTo: Bounded<IdRef, string[]>
  /** The reverse: a new id → the order (client id or order id) the request that carries it targeted. */
  readonly renamedFrom: Bounded<string, IdRef>
}

/** Ids seen in requests, responses and user data events of one connection. */
export class OrderTrail {
  readonly #spaces = new Map<string, Space>()

  #space(symbol: string): Space {
    let s = this.#spaces.get(symbol)
    if (!s) {
      s = {
        placedAs: new Bounded(),
        acknowledged: new Bounded(),
        orderIdOf: new Bounded(),
        renamedTo: new Bounded(),
        renamedFrom: new Bounded(),
      }
      this.#spaces.set(symbol, s)
    }
    return s
  }

  /** A request of this connection placed an order (`symbol`) or list (`LISTS`) with `clientId`; it got `id`. */
  placed(symbol: string, id: number, clientId: string): void {
    const s = this.#space(symbol)
    s.placedAs.set(id, clientId)
    s.acknowledged.set(id, true)
    s.orderIdOf.set(clientId, id)
  }

  /** An answer showed order `id` carrying these client ids (a cancel's or amend's old and new ones). */
  carried(symbol: string, id: number, clientIds: readonly (string | undefined)[]): void {
    const s = this.#space(symbol)
    for (const c of clientIds) if (c) s.orderIdOf.set(c, id)
  }

  /** A request that would give `target` the new id `to` is being sent (cancel, amend, cancel-replace). */
  renaming(symbol: string, target: IdRef, to: string): void {
    const s = this.#space(symbol)
    const list = s.renamedTo.get(target)
    if (list) {
      if (!list.includes(to)) list.push(to)
    } else s.renamedTo.set(target, [to])
    s.renamedFrom.set(to, target)
  }

  /** Learns from a user data event: order ids of client ids, renames by cancels and amends, placements. */
  observe(event: UserDataEvent): void {
    if (event.e === 'executionReport') {
      if (typeof event.s !== 'string' || typeof event.c !== 'string' || typeof event.i !== 'number') return
      const s = this.#space(event.s)
      s.orderIdOf.set(event.c, event.i)
      if (event.x === 'NEW' && event.C === '') s.placedAs.set(event.i, event.c)
      if (event.C) {
        s.orderIdOf.set(event.C, event.i)
        this.renaming(event.s, event.C, event.c)
      }
    } else if (event.e === 'listStatus' && typeof event.C === 'string' && typeof event.g === 'number') {
      this.#space(LISTS).orderIdOf.set(event.C, event.g)
    }
  }

  /** The order id an order with this client id has, if seen. */
  orderIdOf(symbol: string, clientId: string): number | undefined {
    return this.#spaces.get(symbol)?.orderIdOf.get(clientId)
  }

  /** True when a request of this connection was answered with this order (or list): it is not a lost one's. */
  acknowledged(symbol: string, id: number): boolean {
    return this.#spaces.get(symbol)?.acknowledged.has(id) === true
  }

  /** The client id the order was placed with, if seen. */
  placedAs(symbol: string, id: number): string | undefined {
    return this.#spaces.get(symbol)?.placedAs.get(id)
  }

  /** Ids that requests sent to cancel or amend `target` would have given it. */
  renamedTo(symbol: string, target: IdRef): readonly string[] {
    return this.#spaces.get(symbol)?.renamedTo.get(target) ?? []
  }

  /** The order the request that gives `id` targeted, if that request was seen. */
  renamedFrom(symbol: string, id: string): IdRef | undefined {
    return this.#spaces.get(symbol)?.renamedFrom.get(id)
  }
}
