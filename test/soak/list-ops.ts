// Order lists (OCO, OTO) and their cancels, cancel-all, and the queries of the soak.
import { OutcomeUnknownError } from '../../src/client/index.js'
import type { ParamsOf } from '../../src/protocol/methods.js'
import { isOpen, type Resolved } from './answers.js'
import type { Desk } from './desk.js'
import { decimal, type Market, price } from './markets.js'
import { RESP_TYPES } from './order-ops.js'
import type { Change, Outcome, Tracked } from './records.js'
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
  const a = await d.call(m.symbol, method, send)
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
  const a = await d.call(m.symbol, 'orderList.cancel', () => d.conn.orderListCancel(params))
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

/**
 * openOrders.cancelAll on one symbol: every open order and list of the account, known or not (an order whose
 * placement is still being reconciled gets renamed too: its reconciliation must still find it).
 */
export async function cancelAll(d: Desk, m: Market): Promise<Outcome> {
  const epoch = d.s.epoch()
  const method = 'openOrders.cancelAll'
  const call = epoch.begin('cancelAll', method, d.name, m.symbol, undefined)
  let changes: Change[] = []
  let taken = new Set<Tracked>()
  // A cancel-all held through a restart reaches the new process: its effects may be in either.
  const inDoubt = () => {
    epoch.cancelAllsInDoubt.add(`${d.name}|${m.symbol}`)
    d.s.epoch().cancelAllsInDoubt.add(`${d.name}|${m.symbol}`)
  }
  /** Its targets after it; those busy with a change of their own return to the pool with that change. */
  const settle = () => {
    for (const { target: t, belief } of changes) {
      if (!t) continue
      if (taken.has(t)) d.settleTarget(t, changes.find((c) => c.target === t) as Change, true)
      else if (belief !== 'no') t.open = false
    }
  }
  const a = await d.call(
    m.symbol,
    method,
    () => {
      const targets = d.takeAll(m.symbol)
      taken = targets.taken
      changes = targets.all.map((t) => epoch.begin('cancelAll', method, d.name, m.symbol, undefined, t))
      return d.conn.openOrdersCancelAll({ symbol: m.symbol })
    },
    true,
  )
  const all = [call, ...changes]
  if (a.ok) {
    // The process that answered (a request held through a restart is answered by the new one).
    const served = d.s.epoch()
    const newIds = new Map<string, string>()
    for (const r of a.data) {
      if ('orderReports' in r) {
        newIds.set(`list ${r.orderListId}`, r.listClientOrderId)
        served.renamedLists.add(`${d.name}|${r.orderListId}`)
      } else {
        newIds.set(`order ${r.orderId}`, r.clientOrderId)
        served.renamed.set(`${d.name}|${m.symbol}|${r.origClientOrderId}`, r.orderId)
      }
    }
    // Orders a reconciliation found (and the soak learned) while this was in flight: it canceled them too.
    const named = new Set(changes.map((c) => c.target))
    for (const t of epoch.tracked) {
      if (named.has(t) || t.account !== d.name || t.symbol !== m.symbol || !newIds.has(`${t.type} ${t.id}`))
        continue
      all.push(epoch.begin('cancelAll', method, d.name, m.symbol, undefined, t))
      t.open = false
    }
    for (const c of all) {
      const t = c.target
      const newId = t && newIds.get(`${t.type} ${t.id}`)
      d.succeeded(c, undefined)
      if (t && newId === undefined) c.belief = 'no'
      c.marker = newId
    }
    settle()
    return 'ok'
  }
  // An answer for the whole request: it landed on every order it found, or on none.
  const apply = (r: Resolved) => {
    for (const c of all) {
      c.resolution = r.found === true ? 'found' : r.found === false ? 'notFound' : 'cannotTell'
      c.belief = r.found === false ? 'no' : 'maybe'
    }
  }
  d.failed(
    a,
    all,
    () => {
      if (all.some((c) => c.belief !== 'no') || a.outcome === 'unknownAsError') inDoubt()
      settle()
    },
    apply,
  )
  return a.outcome
}
