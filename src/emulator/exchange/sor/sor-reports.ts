// The SOR order's own executionReports (docs/emulator-fidelity.md 3.16.5, 3.14.3): NEW, one TRADE per
// allocation
// (`b` ONE_PARTY_TRADE_REPORT, `a` allocId, `t` -1), then EXPIRED for a remainder that does not rest;
// every one with `k` SOR and `uS` true.
import { MONEY_SCALE, pow10 } from '../../engine/decimal.js'
import type { Execution } from '../../engine/effects.js'
import { statusExecution } from '../../engine/executions.js'
import type { Order } from '../../engine/order.js'
import type { AllocationRecord } from './desk.js'

/**
 * The executions of `order`, already in its final state, as they happened: `nextId` gives execution ids,
 * `rests` says whether the remainder went onto the book (GTC) rather than expiring.
 */
export function sorExecutions(
  order: Order,
  allocations: readonly AllocationRecord[],
  rests: boolean,
  nextId: () => number,
  now: number,
): Execution[] {
  const m = order.market
  const unit = m.baseAmount(1)
  const priceUnit = pow10(MONEY_SCALE - m.priceScale)
  const sor = { workingFloor: 'SOR' as const }
  const out: Execution[] = [
    {
      ...statusExecution(order, 'NEW', nextId(), now, true),
      status: 'NEW',
      cumQty: 0,
      cumQuote: 0n,
      expiryReason: undefined,
      sor,
    },
  ]
  let cumQty = 0
  let cumQuote = 0n
  for (const a of allocations) {
    const lastQty = Number(a.qty / unit)
    cumQty += lastQty
    cumQuote += a.quoteQty
    const done = cumQty === order.origQty
    out.push({
      ...statusExecution(order, 'TRADE', nextId(), now, !done && rests),
      status: done ? 'FILLED' : 'PARTIALLY_FILLED',
      lastQty,
      lastPrice: Number(a.price / priceUnit),
      lastQuote: a.quoteQty,
      commission: a.commission,
      commissionAsset: a.commissionAsset,
      cumQty,
      cumQuote,
      expiryReason: undefined,
      sor: { workingFloor: 'SOR', allocId: a.allocationId },
    })
  }
  if (order.status === 'EXPIRED') {
    out.push({ ...statusExecution(order, 'EXPIRED', nextId(), now, false), sor })
  }
  return out
}
