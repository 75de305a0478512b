// Order archival (rows 3.7.6 and A60 of docs/emulator-fidelity.md): an order that ended CANCELED or EXPIRED with
// nothing executed, longer ago than the exchange's archive horizon (default 90 days of emulator time), is archived.
// A query or cancel of it answers -2026 and allOrders leaves it out.
import type { Order } from '../engine/order.js'
import type { OrderFacts } from '../engine/order-index.js'
import { fail } from './api-failure.js'
import type { ExchangeConfig } from './config.js'

/** The spec's horizon: 90 days (ms). */
const DEFAULT_ORDER_ARCHIVE_AFTER = 90 * 86_400_000

/** The horizon in ms, or undefined when archival is off (`orderArchiveAfter: false`). */
export function archiveHorizon(config: ExchangeConfig): number | undefined {
  const after = config.orderArchiveAfter
  if (after === false) return undefined
  return after ?? DEFAULT_ORDER_ARCHIVE_AFTER
}

/** Whether `order` ended CANCELED or EXPIRED with no executed quantity more than `horizon` ms before `now`. */
export function isArchived(order: OrderFacts, horizon: number | undefined, now: number): boolean {
  if (horizon === undefined || order.executedQty !== 0) return false
  if (order.status !== 'CANCELED' && order.status !== 'EXPIRED') return false
  return now - order.updateTime > horizon
}

/** Fails with -2026 ORDER_ARCHIVED when `order` is archived. */
export function failIfArchived(config: ExchangeConfig, order: Order, now: number): void {
  if (isArchived(order, archiveHorizon(config), now)) fail('ORDER_ARCHIVED')
}
