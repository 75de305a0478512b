// What the count filters count: an account's open orders, algo orders, iceberg orders and lists.
import type { OrderType } from '../../../protocol/enums.js'
import { NO_COUNTS, type OpenCounts } from '../../engine/client-ids.js'

/** Counts of open things (the book keeps them: `OrderBook.openCounts`), or of what one request adds. */
export { NO_COUNTS, type OpenCounts }

/** An open order as the count filters see it. */
export interface CountedOrder {
  readonly type: OrderType
  /** 0 (or absent) for a non-iceberg order; decimal text as sent is accepted. */
  readonly icebergQty?: number | bigint | string | undefined
  /** -1 (or absent) when the order is not a leg of a list. */
  readonly orderListId?: number | undefined
}

/** STOP_LOSS, STOP_LOSS_LIMIT, TAKE_PROFIT, TAKE_PROFIT_LIMIT: what MAX_NUM_ALGO_ORDERS counts. */
const ALGO_TYPES: ReadonlySet<OrderType> = new Set([
  'STOP_LOSS',
  'STOP_LOSS_LIMIT',
  'TAKE_PROFIT',
  'TAKE_PROFIT_LIMIT',
])

function isIceberg(o: CountedOrder): boolean {
  const q = o.icebergQty
  if (typeof q === 'string') return !/^0*(\.0*)?$/.test(q)
  return q !== undefined && q !== 0 && q !== 0n
}

/**
 * Counts orders (untriggered stops and pending legs included) and the distinct lists they belong to, by walking
 * them: what the book's kept counts must equal, and what a request adds.
 */
export function countOpen(orders: Iterable<CountedOrder>): OpenCounts {
  let n = 0
  let algo = 0
  let iceberg = 0
  const lists = new Set<number>()
  for (const o of orders) {
    n++
    if (ALGO_TYPES.has(o.type)) algo++
    if (isIceberg(o)) iceberg++
    if (o.orderListId !== undefined && o.orderListId >= 0) lists.add(o.orderListId)
  }
  return { orders: n, algoOrders: algo, icebergOrders: iceberg, orderLists: lists.size }
}

/** What placing these orders adds; `asList` when they form one order list. */
export function additionOf(orders: readonly CountedOrder[], asList = false): OpenCounts {
  let algo = 0
  let iceberg = 0
  for (const o of orders) {
    if (ALGO_TYPES.has(o.type)) algo++
    if (isIceberg(o)) iceberg++
  }
  return { orders: orders.length, algoOrders: algo, icebergOrders: iceberg, orderLists: asList ? 1 : 0 }
}

export function sumCounts(a: OpenCounts, b: OpenCounts): OpenCounts {
  return {
    orders: a.orders + b.orders,
    algoOrders: a.algoOrders + b.algoOrders,
    icebergOrders: a.icebergOrders + b.icebergOrders,
    orderLists: a.orderLists + b.orderLists,
  }
}
