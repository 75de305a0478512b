// Single-order operations of the soak: placements far from the market and crossing it, cancels by id and by
// client id, amends and cancel-replace. Each records the client's answer on its change(s).
import { BinanceError, OutcomeUnknownError } from '../../src/client/index.js'
import type { ParamsOf } from '../../src/protocol/methods.js'
import type { CancelReplaceErrorData } from '../../src/protocol/results.js'
import { applyResolution, isOpen, type Resolved } from './answers.js'
import type { Desk } from './desk.js'
import { decimal, type Market, price } from './markets.js'
import type { Outcome } from './records.js'
import type { Rng } from './rng.js'

/** Open orders per account and symbol above which a placement becomes a cancel (the exchange allows 200). */
const MAX_OPEN_ORDERS = 60
export const RESP_TYPES = ['ACK', 'RESULT', 'FULL'] as const

/** A LIMIT order far from the market (it rests) or crossing it (it fills). */
export async function place(d: Desk, rng: Rng, m: Market, cross: boolean): Promise<Outcome> {
  if (!cross && d.pool(m.symbol).orders.length >= MAX_OPEN_ORDERS) return cancel(d, rng, m, false)
  const side = rng.chance(0.5) ? 'BUY' : 'SELL'
  const whole = cross
    ? side === 'BUY'
      ? m.crossBuy
      : m.crossSell
    : rng.int(...(side === 'BUY' ? m.farBuy : m.farSell))
  const units = rng.int(...m.qty)
  const id = rng.chance(0.5) ? d.s.newId() : undefined
  const change = d.s.epoch().begin('place', 'order.place', d.name, m.symbol, id)
  const params: ParamsOf<'order.place'> = {
    symbol: m.symbol,
    side,
    type: 'LIMIT',
    timeInForce: cross && rng.chance(0.5) ? 'IOC' : 'GTC',
    price: price(whole),
    quantity: decimal(units, m.qtyDecimals),
    newOrderRespType: rng.pick(RESP_TYPES),
  }
  if (id !== undefined) params.newClientOrderId = id
  const a = await d.call(m.symbol, 'order.place', () => d.conn.orderPlace(params))
  if (a.ok) {
    change.marker = a.data.clientOrderId
    d.succeeded(change, { orderId: a.data.orderId, ...(a.data.status && { status: a.data.status }) })
    d.adopt(change, 'order', a.data.orderId, a.data.clientOrderId, !cross && isOpen(a.data.status), units)
    return 'ok'
  }
  if (a.err instanceof OutcomeUnknownError) change.marker ??= a.err.clientOrderId
  d.failed(a, [change], () => {
    const orderId = change.claim?.orderId
    if (change.belief === 'yes' && orderId !== undefined && change.marker !== undefined)
      d.adopt(change, 'order', orderId, change.marker, !cross && isOpen(change.claim?.status), units)
  })
  return a.outcome
}
export async function cancel(d: Desk, rng: Rng, m: Market, byClientId: boolean): Promise<Outcome> {
  const t = d.take(rng, m.symbol, 'order')
  if (!t) return place(d, rng, m, false)
  // Most cancels name the new client id; the others get one from the server (learned from the answer).
  const id = rng.chance(0.7) ? d.s.newId() : undefined
  const change = d.s.epoch().begin('cancel', 'order.cancel', d.name, m.symbol, id, t)
  const params: ParamsOf<'order.cancel'> = { symbol: m.symbol }
  if (id !== undefined) params.newClientOrderId = id
  if (byClientId) params.origClientOrderId = t.clientId
  else params.orderId = t.id
  const a = await d.call(m.symbol, 'order.cancel', () => d.conn.orderCancel(params))
  if (a.ok) {
    const r = a.data as { clientOrderId?: string; status?: string }
    change.marker = r.clientOrderId
    d.succeeded(change, { orderId: t.id, ...(r.status && { status: r.status }) })
    d.settleTarget(t, change, true)
    return 'ok'
  }
  d.failed(a, [change], () => d.settleTarget(t, change, true))
  return a.outcome
}
export async function amend(d: Desk, rng: Rng, m: Market): Promise<Outcome> {
  const t = d.take(rng, m.symbol, 'order')
  if (!t) return place(d, rng, m, false)
  const units = d.qty.get(t) ?? 0
  if (units < 2) {
    d.release(t)
    return cancel(d, rng, m, true)
  }
  // Not below the market's smallest order, whose notional the amend must still meet (NOTIONAL).
  const newUnits = rng.int(Math.min(m.qty[0], units - 1), units - 1)
  const id = d.s.newId()
  const change = d.s.epoch().begin('amend', 'order.amend.keepPriority', d.name, m.symbol, id, t)
  const params: ParamsOf<'order.amend.keepPriority'> = {
    symbol: m.symbol,
    newQty: decimal(newUnits, m.qtyDecimals),
    newClientOrderId: id,
  }
  if (rng.chance(0.5)) params.origClientOrderId = t.clientId
  else params.orderId = t.id
  const a = await d.call(m.symbol, 'order.amend.keepPriority', () => d.conn.orderAmendKeepPriority(params))
  if (a.ok) {
    d.succeeded(change, { orderId: t.id, status: a.data.amendedOrder.status })
    d.qty.set(t, newUnits)
    d.settleTarget(t, change, false)
    return 'ok'
  }
  d.failed(a, [change], () => {
    if (change.belief === 'yes') d.qty.set(t, newUnits)
    d.settleTarget(t, change, false)
  })
  return a.outcome
}
export async function cancelReplace(d: Desk, rng: Rng, m: Market): Promise<Outcome> {
  const t = d.take(rng, m.symbol, 'order')
  if (!t) return place(d, rng, m, false)
  const epoch = d.s.epoch()
  const cancelId = rng.chance(0.7) ? d.s.newId() : undefined
  const newId = rng.chance(0.5) ? d.s.newId() : undefined
  const cancelPart = epoch.begin('replaceCancel', 'order.cancelReplace', d.name, m.symbol, cancelId, t)
  const placePart = epoch.begin('replacePlace', 'order.cancelReplace', d.name, m.symbol, newId)
  const side = rng.chance(0.5) ? 'BUY' : 'SELL'
  const units = rng.int(...m.qty)
  const params: ParamsOf<'order.cancelReplace'> = {
    symbol: m.symbol,
    cancelReplaceMode: 'STOP_ON_FAILURE',
    side,
    type: 'LIMIT',
    timeInForce: 'GTC',
    price: price(rng.int(...(side === 'BUY' ? m.farBuy : m.farSell))),
    quantity: decimal(units, m.qtyDecimals),
    newOrderRespType: rng.pick(RESP_TYPES),
  }
  if (newId !== undefined) params.newClientOrderId = newId
  if (cancelId !== undefined) params.cancelNewClientOrderId = cancelId
  if (rng.chance(0.5)) params.cancelOrigClientOrderId = t.clientId
  else params.cancelOrderId = t.id
  const a = await d.call(m.symbol, 'order.cancelReplace', () => d.conn.orderCancelReplace(params))
  const adoptNew = (orderId: number, clientId: string) => {
    placePart.marker = clientId
    d.adopt(placePart, 'order', orderId, clientId, true, units)
  }
  if (a.ok) {
    cancelPart.marker = (a.data.cancelResponse as { clientOrderId?: string }).clientOrderId
    d.succeeded(cancelPart, { orderId: t.id })
    d.succeeded(placePart, { orderId: a.data.newOrderResponse.orderId })
    adoptNew(a.data.newOrderResponse.orderId, a.data.newOrderResponse.clientOrderId)
    d.settleTarget(t, cancelPart, true)
    return 'ok'
  }
  if (a.err instanceof BinanceError && a.outcome === 'rejected' && a.err.data?.['cancelResult']) {
    // -2021/-2022 say which part went through.
    const data = a.err.data as unknown as CancelReplaceErrorData
    const end = Date.now()
    for (const c of [cancelPart, placePart])
      Object.assign(c, { outcome: a.outcome, detail: a.detail, endedAt: end })
    cancelPart.belief = data.cancelResult === 'SUCCESS' ? 'yes' : 'no'
    if (cancelPart.belief === 'yes' && 'clientOrderId' in data.cancelResponse)
      cancelPart.marker ??= data.cancelResponse.clientOrderId
    placePart.belief = 'no'
    const placed = data.newOrderResponse
    if (data.newOrderResult === 'SUCCESS' && placed && 'orderId' in placed) {
      placePart.belief = 'yes'
      placePart.claim = { orderId: placed.orderId }
      adoptNew(placed.orderId, placed.clientOrderId)
    }
    d.settleTarget(t, cancelPart, true)
    return a.outcome
  }
  if (a.err instanceof OutcomeUnknownError) placePart.marker ??= a.err.clientOrderId
  // The answer is per half (README, "Order outcome unknown"); anything else is reported.
  const apply = (r: Resolved) => {
    if (r.cancel && r.newOrder) {
      applyResolution(cancelPart, r.cancel)
      applyResolution(placePart, r.newOrder)
    } else if (d.s.unexpected.length < 20) d.s.unexpected.push(`order.cancelReplace resolved as ${r.kind}`)
  }
  d.failed(
    a,
    [placePart, cancelPart],
    () => {
      const orderId = placePart.claim?.orderId
      if (placePart.belief === 'yes' && orderId !== undefined && placePart.marker !== undefined)
        adoptNew(orderId, placePart.marker)
      d.settleTarget(t, cancelPart, true)
    },
    apply,
  )
  return a.outcome
}
