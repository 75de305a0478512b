// One Pays the Other: the pending quantity is what the working order received, down to the lot step.
import type { Market } from '../market.js'
import type { Order } from '../order.js'

/** Quantity units the pending legs get from `locked` base money units (0 when below the lot minimum). */
export function opoPendingQty(market: Market, locked: bigint, pending: readonly Order[]): number {
  const unit = market.baseAmount(1)
  let qty = Number(locked / unit)
  const marketLike = pending.some((o) => o.executesAsMarket)
  for (const lot of marketLike && market.marketLot.step > 0 ? [market.lot, market.marketLot] : [market.lot]) {
    if (lot.max > 0 && qty > lot.max) qty = lot.max
    if (qty < lot.min) return 0
    if (lot.step > 0) qty -= (qty - lot.min) % lot.step
  }
  return qty
}
