// An account's unfilled order count (its ORDERS rate limits), as `account.rateLimits.orders` answers it.
import type { WebsocketAPIConnection } from '../../src/client/index.js'

/** The counts of every ORDERS interval, in the server's order (10 SECOND, then 1 DAY by default). */
export async function orderCounts(conn: WebsocketAPIConnection): Promise<number[]> {
  return (await conn.accountRateLimitsOrders()).data.map((l) => l.count ?? Number.NaN)
}

/** The count in the DAY window (it does not roll over during a test). */
export async function dayCount(conn: WebsocketAPIConnection): Promise<number> {
  const day = (await conn.accountRateLimitsOrders()).data.find((r) => r.interval === 'DAY')
  if (!day) throw new Error('no DAY interval')
  return day.count
}
