// An account's state as the API answers it: its unfilled order count (ORDERS rate limits) and balances.
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

/** The free and locked amount of one asset, as `account.status` answers them ('0' when not listed). */
export async function balanceOf(
  conn: WebsocketAPIConnection,
  asset: string,
): Promise<{ free: string; locked: string }> {
  const b = (await conn.accountStatus()).data.balances.find((x) => x.asset === asset)
  return { free: b?.free ?? '0', locked: b?.locked ?? '0' }
}
