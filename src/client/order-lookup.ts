// The queries reconciliation makes: one order or list by id or client id, history around a time, amendments.
import type { OrderAmendment, OrderListStatus, OrderStatusReport } from '../protocol/results.js'
import { epochMs } from './epoch-ms.js'
import { BinanceError } from './errors.js'
import { type IdRef, LISTS, type OrderTrail } from './order-trail.js'
import type { ApiMethods, CallOptions } from './types.js'

/** The read-only methods reconciliation uses (a connection has them all). */
export type OutcomeQueries = Pick<
  ApiMethods,
  'orderStatus' | 'orderListStatus' | 'allOrders' | 'allOrderLists' | 'orderAmendments' | 'openOrdersStatus'
>

/** Server times (ms) between which the request could have reached the engine. */
export interface LandingWindow {
  from: number
  to: number
}

/** "Order does not exist" (-2013), and the cancel-path "Unknown order sent." (-2011). */
const NOT_FOUND = new Set([-2013, -2011])
/** `allOrders` / `allOrderLists` page size and time span limits. */
const PAGE = 1000
const DAY_MS = 86_400_000
/** History queries one lookup may make (each weighs 20) before it gives up as incomplete. */
const MAX_HISTORY_QUERIES = 16
/** Queries `amendments` may make per lookup before candidates count as unexplained. */
const MAX_AMENDMENT_QUERIES = 8

async function orNotFound<T>(query: Promise<{ data: T }>): Promise<T | undefined> {
  try {
    return (await query).data
  } catch (err) {
    if (err instanceof BinanceError && NOT_FOUND.has(err.code)) return undefined
    throw err
  }
}

/** Queries of one reconciliation, with the connection's order trail and the landing window. */
export class OrderLookup {
  #amendmentQueries = 0

  constructor(
    readonly trail: OrderTrail,
    readonly window: LandingWindow | undefined,
    private readonly q: OutcomeQueries,
    private readonly serverTime: () => number,
    private readonly options: CallOptions | undefined,
  ) {}

  /** True when `time` (an answer's time) lies in the landing window, or there is no window to check. */
  inWindow(time: number): boolean {
    return !this.window || (epochMs(time) >= this.window.from && epochMs(time) <= this.window.to)
  }

  /** The order by order id or client order id; undefined when it does not exist. */
  order(symbol: string, by: IdRef): Promise<OrderStatusReport | undefined> {
    const p = typeof by === 'number' ? { symbol, orderId: by } : { symbol, origClientOrderId: by }
    return orNotFound(this.q.orderStatus(p, this.options))
  }

  /** The order list by id or list client order id; undefined when it does not exist. */
  list(by: IdRef): Promise<OrderListStatus | undefined> {
    const p = typeof by === 'number' ? { orderListId: by } : { origClientOrderId: by }
    return orNotFound(this.q.orderListStatus(p, this.options))
  }

  /** The first order found by following the ids cancels and amends sent by this connection gave `target`. */
  async renamed(symbol: string, target: IdRef, depth = 0): Promise<OrderStatusReport | undefined> {
    if (depth > 3) return undefined
    for (const id of this.trail.renamedTo(symbol, target)) {
      const found = (await this.order(symbol, id)) ?? (await this.renamed(symbol, id, depth + 1))
      if (found) return found
    }
    return undefined
  }

  /** The list found by following the ids list cancels sent by this connection gave `target`. */
  async renamedList(target: IdRef): Promise<OrderListStatus | undefined> {
    for (const id of this.trail.renamedTo(LISTS, target)) {
      const found = await this.list(id)
      if (found) return found
    }
    return undefined
  }

  /** Orders of `symbol` updated from `from` until now; undefined when too many to list completely. */
  orders(symbol: string, from: number): Promise<OrderStatusReport[] | undefined> {
    return this.#history(from, (startTime, endTime) =>
      this.q.allOrders({ symbol, startTime, endTime, limit: PAGE }, this.options),
    )
  }

  /** Order lists updated from `from` until now; undefined when too many to list completely. */
  lists(from: number): Promise<OrderListStatus[] | undefined> {
    return this.#history(from, (startTime, endTime) =>
      this.q.allOrderLists({ startTime, endTime, limit: PAGE }, this.options),
    )
  }

  /** Open orders of `symbol`. */
  async openOrders(symbol: string): Promise<OrderStatusReport[]> {
    return (await this.q.openOrdersStatus({ symbol }, this.options)).data
  }

  /** Every amendment of the order; undefined when too many, or this lookup's amendment queries are spent. */
  async amendments(symbol: string, orderId: number): Promise<OrderAmendment[] | undefined> {
    if (++this.#amendmentQueries > MAX_AMENDMENT_QUERIES) return undefined
    const { data } = await this.q.orderAmendments({ symbol, orderId, limit: PAGE }, this.options)
    return data.length < PAGE ? data : undefined
  }

  /** Splits [from, now] into ranges of at most a day, halving a range whose answer fills a page. */
  async #history<T>(
    from: number,
    page: (startTime: number, endTime: number) => Promise<{ data: T[] }>,
  ): Promise<T[] | undefined> {
    const out: T[] = []
    const ranges: [number, number][] = [[from, this.serverTime()]]
    let queries = 0
    while (ranges.length > 0) {
      const [start, end] = ranges.pop() as [number, number]
      const mid = Math.floor((start + end) / 2)
      if (end - start > DAY_MS) {
        ranges.push([start, mid], [mid + 1, end])
        continue
      }
      if (++queries > MAX_HISTORY_QUERIES) return undefined
      const { data } = await page(start, end)
      if (data.length < PAGE) out.push(...data)
      else if (end > start) ranges.push([start, mid], [mid + 1, end])
      else return undefined
    }
    return out
  }
}
