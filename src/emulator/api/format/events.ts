// User data stream events: executionReport (every field of the spec, in its order) and outboundAccountPosition.
import type { ExecutionReport, OutboundAccountPosition } from '../../../protocol/events.js'
import type { Execution } from '../../engine/effects.js'
import type { Balances } from '../../exchange/exchange.js'
import { moneyText as money, priceText, qtyText } from '../../exchange/units.js'
import {
  orderEventFields,
  pegEventFields,
  preventionEventFields,
  sorEventFields,
} from './execution-fields.js'

export function executionReport(x: Execution): ExecutionReport {
  const o = x.order
  const price = (units: number) => priceText(o.market, units)
  const qty = (units: number) => qtyText(o.market, units)
  const traded = x.executionType === 'TRADE'
  const report: ExecutionReport = {
    e: 'executionReport',
    E: x.time,
    s: o.market.symbol,
    c: x.clientOrderId,
    S: o.side,
    o: o.type,
    f: o.timeInForce,
    q: qty(x.origQty),
    p: price(o.peg ? o.peg.sentPrice : o.price),
    P: price(o.stopPrice),
    F: qty(o.icebergQty),
    g: o.orderListId,
    C: x.origClientOrderId,
    x: x.executionType,
    X: x.status,
    r: x.rejectReason ?? 'NONE',
    i: o.id,
    l: qty(x.lastQty),
    z: qty(x.cumQty),
    L: price(x.lastPrice),
    n: traded ? money(x.commission) : '0',
    N: x.commissionAsset,
    T: x.time,
    t: x.tradeId,
    ...(x.prevention ? { v: x.prevention.match.id } : {}),
    I: x.executionId,
    w: x.onBook,
    m: x.isMaker,
    M: traded,
    O: o.time,
    Z: money(x.cumQuote),
    Y: money(x.lastQuote),
    Q: money(o.quoteOrderQty),
    ...(x.workingTime === -1 ? {} : { W: x.workingTime }),
    V: o.selfTradePreventionMode,
    ...orderEventFields(x),
    ...preventionEventFields(x),
    ...pegEventFields(x),
  }
  if (o.workingFloor !== undefined) Object.assign(report, sorEventFields(x))
  if (x.expiryReason !== undefined) report.eR = x.expiryReason
  return report
}

/** The balances of `assets` after an event, as the account holds them now. */
export function accountPosition(
  balances: Balances,
  accountId: number,
  assets: Iterable<string>,
  time: number,
): OutboundAccountPosition {
  const B = []
  for (const a of assets) {
    const h = balances.balance(accountId, a)
    B.push({ a, f: money(h.free), l: money(h.locked) })
  }
  return { e: 'outboundAccountPosition', E: time, u: time, B }
}
