// The conditional fields of order responses (docs/emulator-fidelity.md 3.11.4), each group in the spec's
// position.
import type { ConditionalOrderFields, OrderPreventedMatch } from '../../../protocol/results.js'
import type { Order } from '../../engine/order.js'
import type { PreventedMatch } from '../../engine/prevented-match.js'
import { NO_TRADE_GROUP } from '../../engine/stp.js'
import { priceText, qtyText } from '../../exchange/units.js'

type Fields = ConditionalOrderFields

/** `price` as responses echo it: a pegged order's requested price (0 if none), else its limit price. */
export function echoedPrice(o: Order): string {
  return priceText(o.market, o.peg ? o.peg.sentPrice : o.price)
}

/** pegPriceType, pegOffsetType, pegOffsetValue, peggedPrice: right after `price`. */
export function pegFields(o: Order): Fields {
  const out: Fields = {}
  if (!o.peg) return out
  out.pegPriceType = o.peg.priceType
  if (o.peg.offsetType !== undefined) out.pegOffsetType = o.peg.offsetType
  if (o.peg.offsetValue !== undefined) out.pegOffsetValue = o.peg.offsetValue
  if (o.price > 0) out.peggedPrice = priceText(o.market, o.price)
  return out
}

/** stopPrice (stop orders), trailingDelta and trailingTime (trailing orders), icebergQty (icebergs). */
export function triggerFields(o: Order): Fields {
  const out: Fields = {}
  if (o.isStop) out.stopPrice = priceText(o.market, o.stopPrice)
  Object.assign(out, trailingFields(o))
  if (o.icebergQty > 0) out.icebergQty = qtyText(o.market, o.icebergQty)
  return out
}

/** trailingDelta and trailingTime (-1 until tracking starts), for trailing orders only. */
export function trailingFields(o: Order): Fields {
  return o.trailingDelta === undefined ? {} : { trailingDelta: o.trailingDelta, trailingTime: o.trailingTime }
}

export function strategyFields(o: Order): Fields {
  const out: Fields = {}
  if (o.strategyId !== undefined) out.strategyId = o.strategyId
  if (o.strategyType !== undefined) out.strategyType = o.strategyType
  return out
}

/** preventedMatchId (unless `withId` is false) and preventedQuantity, once STP prevented part of the order. */
export function preventionFields(o: Order, withId: boolean): Fields {
  const out: Fields = {}
  if (o.preventedQty === 0) return out
  if (withId && o.preventedMatchId !== undefined) out.preventedMatchId = o.preventedMatchId
  out.preventedQuantity = qtyText(o.market, o.preventedQty)
  return out
}

/** The taker's `preventedMatches` of a FULL response. */
export function preventedMatchList(o: Order, matches: readonly PreventedMatch[]): OrderPreventedMatch[] {
  return matches.map((m) => {
    const out: OrderPreventedMatch = {
      preventedMatchId: m.id,
      makerSymbol: m.maker.market.symbol,
      makerOrderId: m.maker.id,
      price: priceText(o.market, m.price),
    }
    if (m.takerQty !== undefined) out.takerPreventedQuantity = qtyText(o.market, m.takerQty)
    if (m.makerQty !== undefined) out.makerPreventedQuantity = qtyText(o.market, m.makerQty)
    return out
  })
}

/** The taker's trade group in a FULL response with prevented matches; undefined when it has none. */
export function tradeGroupOf(matches: readonly PreventedMatch[]): number | undefined {
  const group = matches[0]?.tradeGroupId
  return group === undefined || group === NO_TRADE_GROUP ? undefined : group
}
