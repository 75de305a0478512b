// Order lists (OCO, OTO) and their cancels, and the queries of the soak.
import { OutcomeUnknownError } from '../../src/client/index.js'
import type { ParamsOf } from '../../src/protocol/methods.js'
import { isOpen } from './answers.js'
import type { Desk } from './desk.js'
import { decimal, type Market, price } from './markets.js'
import { RESP_TYPES } from './order-ops.js'
import type { Outcome } from './records.js'
import type { Rng } from './rng.js'

/** Open lists per account and symbol (each OCO holds a stop leg; the exchange allows 5 such). */
const MAX_OPEN_LISTS = 3

export async function placeList(d: Desk, rng: Rng, m: Market): Promise<Outcome> {
  if (d.pool(m.symbol).lists.length >= MAX_OPEN_LISTS) return cancelList(d, rng, m)
  const oco = rng.chance(0.5)
  const method = oco ? 'orderList.place.oco' : 'orderList.place.oto'
  const id = rng.chance(0.5) ? d.s.newId() : undefined
  const change = d.s.epoch().begin('placeList', method, d.name, m.symbol, id)
  const quantity = decimal(rng.int(...m.qty), m.qtyDecimals)
  const low = rng.int(...m.farBuy)
  const high = price(rng.int(...m.farSell))
  const common = { symbol: m.symbol, newOrderRespType: rng.pick(RESP_TYPES) } as const
  const send = oco
    ? () =>
        d.conn.orderListPlaceOco({
          ...common,
          ...(id === undefined ? {} : { listClientOrderId: id }),
          side: 'SELL',
          quantity,
          aboveType: 'LIMIT_MAKER',
          abovePrice: high,
          belowType: 'STOP_LOSS_LIMIT',
          belowStopPrice: price(low),
          belowPrice: price(low - 10),
          belowTimeInForce: 'GTC',
        })
    : () =>
        d.conn.orderListPlaceOto({
          ...common,
          ...(id === undefined ? {} : { listClientOrderId: id }),
          workingType: 'LIMIT',
          workingSide: 'BUY',
          workingPrice: price(low),
          workingQuantity: quantity,
          workingTimeInForce: 'GTC',
          pendingType: 'LIMIT',
          pendingSide: 'SELL',
          pendingPrice: high,
          pendingQuantity: quantity,
          pendingTimeInForce: 'GTC',
        })
  const a = await d.call(method, send)
  if (a.ok) {
    change.marker = a.data.listClientOrderId
    d.succeeded(change, { orderListId: a.data.orderListId, status: a.data.listOrderStatus })
    d.adopt(change, 'list', a.data.orderListId, a.data.listClientOrderId, true)
    return 'ok'
  }
  if (a.err instanceof OutcomeUnknownError) change.marker ??= a.err.listClientOrderId
  d.failed(a, [change], () => {
    const listId = change.claim?.orderListId
    if (change.belief === 'yes' && listId !== undefined && change.marker !== undefined)
      d.adopt(change, 'list', listId, change.marker, isOpen(change.claim?.status))
  })
  return a.outcome
}
export async function cancelList(d: Desk, rng: Rng, m: Market): Promise<Outcome> {
  const t = d.take(rng, m.symbol, 'list')
  if (!t) return placeList(d, rng, m)
  const id = rng.chance(0.7) ? d.s.newId() : undefined
  const change = d.s.epoch().begin('cancelList', 'orderList.cancel', d.name, m.symbol, id, t)
  const params: ParamsOf<'orderList.cancel'> = { symbol: m.symbol }
  if (id !== undefined) params.newClientOrderId = id
  if (rng.chance(0.5)) params.listClientOrderId = t.clientId
  else params.orderListId = t.id
  const a = await d.call('orderList.cancel', () => d.conn.orderListCancel(params))
  if (a.ok) {
    change.marker = a.data.listClientOrderId
    d.succeeded(change, { orderListId: t.id, status: a.data.listOrderStatus })
    d.settleTarget(t, change, true)
    return 'ok'
  }
  d.failed(a, [change], () => d.settleTarget(t, change, true))
  return a.outcome
}
export async function query(d: Desk, rng: Rng, m: Market): Promise<Outcome> {
  const known = d.pool(m.symbol).orders
  const t = known.length ? rng.pick(known) : undefined
  if (t && rng.chance(0.4))
    return d.ask('order.status', () => d.conn.orderStatus({ symbol: m.symbol, orderId: t.id }))
  return rng.pick([
    () => d.ask('openOrders.status', () => d.conn.openOrdersStatus({ symbol: m.symbol })),
    () => d.ask('account.status', () => d.conn.accountStatus()),
    () => d.ask('depth', () => d.conn.depth({ symbol: m.symbol, limit: 5 })),
    () => d.ask('openOrderLists.status', () => d.conn.openOrderListsStatus()),
  ])()
}
