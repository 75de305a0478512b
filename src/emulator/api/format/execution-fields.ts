// The conditional fields of executionReport that this emulator's order features add
// (docs/emulator-fidelity.md 3.14.3).
import type { ExecutionReport } from '../../../protocol/events.js'
import type { Execution } from '../../engine/effects.js'
import { moneyText, priceText, qtyText } from '../../exchange/units.js'

type Fields = Partial<ExecutionReport>

/** `d`/`D` for trailing orders, `j`/`J` when a strategy was sent. */
export function orderEventFields(x: Execution): Fields {
  const o = x.order
  const out: Fields = {}
  if (o.trailingDelta !== undefined) {
    out.d = o.trailingDelta
    out.D = o.trailingTime
  }
  if (o.strategyId !== undefined) out.j = o.strategyId
  if (o.strategyType !== undefined) out.J = o.strategyType
  return out
}

/** `A`, `B`, `u`, `U`, `Cs`, `pl`, `pL`, `pY` of a TRADE_PREVENTION execution (`v` sits after `t`). */
export function preventionEventFields(x: Execution): Fields {
  const p = x.prevention
  if (!p) return {}
  const m = x.order.market
  return {
    A: qtyText(m, x.preventedQty),
    B: qtyText(m, p.lastQty),
    u: p.match.tradeGroupId,
    U: p.counter.id,
    Cs: p.counter.market.symbol,
    pl: qtyText(m, p.qty),
    pL: priceText(m, p.match.price),
    pY: moneyText(p.quote),
  }
}

/** `gP`, `gOT`, `gOV`, `gp` of a pegged order (`gp` once the price is known). */
export function pegEventFields(x: Execution): Fields {
  const o = x.order
  if (!o.peg) return {}
  const out: Fields = { gP: o.peg.priceType }
  if (o.peg.offsetType !== undefined) out.gOT = o.peg.offsetType
  if (o.peg.offsetValue !== undefined) out.gOV = o.peg.offsetValue
  if (o.price > 0) out.gp = priceText(o.market, o.price)
  return out
}

/** `b` and `a` of an allocation, `k` and `uS` of a SOR order's report (a later one shows the order's floor then). */
export function sorEventFields(x: Execution): Fields {
  const out: Fields = {}
  if (x.sor?.allocId !== undefined) {
    out.b = 'ONE_PARTY_TRADE_REPORT'
    out.a = x.sor.allocId
  }
  const floor = x.sor?.workingFloor ?? x.order.workingFloor
  if (floor !== undefined) {
    out.k = floor
    out.uS = true
  }
  return out
}
