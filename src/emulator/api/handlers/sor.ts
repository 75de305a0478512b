// Smart order routing: sor.order.place, sor.order.test, myAllocations (docs/emulator-fidelity.md 3.16).

import type { ParamsOf } from '../../../protocol/methods.js'
import type { Allocation, Fill, OrderResponse } from '../../../protocol/results.js'
import type { Order } from '../../engine/order.js'
import { fail } from '../../exchange/api-failure.js'
import type { AllocationRecord } from '../../exchange/sor/desk.js'
import { moneyText } from '../../exchange/units.js'
import { orderResponse } from '../format/orders.js'
import { withSorFields } from '../format/sor-fields.js'
import { commissionForOrder } from './account-commission.js'
import { accountOf, type Handler } from './context.js'
import { limitOf } from './limit-of.js'

const DAY_MS = 86_400_000

type SorParams = ParamsOf<'sor.order.place'>

/**
 * Order params SOR does not take (docs/emulator-fidelity.md 3.16.2: no `quoteOrderQty`, no pegs;
 * pegged_orders.md "SOR does not support pegged orders"). The pre-authentication checks of order.place
 * already refuse `quoteOrderQty` next to `quantity` with -1106, so a peg gets the same answer.
 */
const NOT_SOR_PARAMS = ['quoteOrderQty', 'pegPriceType', 'pegOffsetValue', 'pegOffsetType'] as const

/** -1106 "Parameter '%s' sent when not required." for the first param of NOT_SOR_PARAMS that was sent (a precheck). */
export function refuseNonSorParams(p: Readonly<Record<string, unknown>>): void {
  for (const name of NOT_SOR_PARAMS) {
    const v = p[name]
    if (v !== undefined && v !== null && v !== '') fail('PARAM_NOT_REQUIRED', name)
  }
}

function allocationFill(a: AllocationRecord): Fill {
  return {
    matchType: 'ONE_PARTY_TRADE_REPORT',
    price: moneyText(a.price),
    qty: moneyText(a.qty),
    commission: moneyText(a.commission),
    commissionAsset: a.commissionAsset,
    tradeId: -1,
    allocId: a.allocationId,
  }
}

/** The order response, its fills being the allocations: …, fills, workingFloor, selfTradePreventionMode, …, usedSor. */
function sorResponse(
  o: Order,
  p: SorParams,
  now: number,
  allocations: readonly AllocationRecord[],
): OrderResponse {
  const type = p.newOrderRespType ?? 'FULL'
  const base = orderResponse(o, type, now, [])
  if (type === 'ACK') return base
  if (type === 'FULL') base.fills = allocations.map(allocationFill)
  return withSorFields(o, base)
}

export const sorOrderPlace: Handler<'sor.order.place'> = (ctx, p) => {
  const cost = ctx.method.unfilledOrders
  const command = { kind: 'placeSorOrder', accountId: accountOf(ctx).id, order: p, cost } as const
  const placed = ctx.exchange.execute(command, ctx.now)
  return [sorResponse(placed.order, p, ctx.now, placed.allocations)]
}

export const sorOrderTest: Handler<'sor.order.test'> = (ctx, p) => {
  const account = accountOf(ctx)
  const s = ctx.exchange.testOrder(account.id, p, true, ctx.now)
  if (p.computeCommissionRates !== true) return {}
  return commissionForOrder(ctx.exchange, account, s, p.side, true)
}

function allocationView(a: AllocationRecord): Allocation {
  return {
    symbol: a.symbol,
    allocationId: a.allocationId,
    allocationType: 'SOR',
    orderId: a.orderId,
    orderListId: -1,
    price: moneyText(a.price),
    qty: moneyText(a.qty),
    quoteQty: moneyText(a.quoteQty),
    commission: moneyText(a.commission),
    commissionAsset: a.commissionAsset,
    time: a.time,
    isBuyer: a.isBuyer,
    isMaker: false,
    isAllocator: false,
  }
}

/** The supported combinations of docs/emulator-fidelity.md 3.16.6; any other mix is -1128. */
export const myAllocations: Handler<'myAllocations'> = (ctx, p) => {
  const account = accountOf(ctx)
  const ranged = p.startTime !== undefined || p.endTime !== undefined
  if (ranged && (p.fromAllocationId !== undefined || p.orderId !== undefined))
    fail('OPTIONAL_PARAMS_BAD_COMBO')
  if (p.startTime !== undefined && p.endTime !== undefined && p.endTime - p.startTime > DAY_MS) {
    fail('MORE_THAN_XX_HOURS', 24)
  }
  const limit = limitOf(p.limit)
  const list = ctx.exchange
    .allocations(account.id, p.symbol)
    .filter(
      (a) =>
        (p.orderId === undefined || a.orderId === p.orderId) &&
        (p.fromAllocationId === undefined || a.allocationId >= p.fromAllocationId) &&
        (p.startTime === undefined || a.time >= p.startTime) &&
        (p.endTime === undefined || a.time <= p.endTime),
    )
  const newestFirst = p.endTime !== undefined && p.startTime === undefined
  return (newestFirst ? list.slice(-limit) : list.slice(0, limit)).map(allocationView)
}
