// account.commission, and the `computeCommissionRates` answer of order.test / sor.order.test.
import type { Side } from '../../../protocol/enums.js'
import type { OrderTestResult } from '../../../protocol/results.js'
import type { RateUnits } from '../../engine/settlement.js'
import type { Account } from '../../exchange/account.js'
import {
  type CommissionSchedule,
  discountView,
  ratesView,
  scheduleOf,
} from '../../exchange/commission/schedule.js'
import type { Exchange } from '../../exchange/exchange.js'
import type { ListedSymbol } from '../../exchange/symbols.js'
import { moneyText } from '../../exchange/units.js'
import { accountOf, type Handler } from './context.js'
import { listed } from './symbol-selection.js'

function commissionSchedule(exchange: Exchange, account: Account, s: ListedSymbol): CommissionSchedule {
  return scheduleOf(account, s, exchange.config.bnbDiscount)
}

export const accountCommission: Handler<'account.commission'> = (ctx, p) => {
  const s = commissionSchedule(ctx.exchange, accountOf(ctx), listed(ctx, p.symbol))
  return {
    symbol: p.symbol,
    standardCommission: ratesView(s.standard),
    specialCommission: ratesView(s.special),
    taxCommission: ratesView(s.tax),
    discount: discountView(s),
  }
}

/**
 * Maker and taker rates of an order on `side`, the side rate folded in (docs/emulator-fidelity.md 3.15.6).
 */
function forOrder(r: RateUnits, side: Side) {
  const sideRate = side === 'BUY' ? r.buyer : r.seller
  return { maker: moneyText(r.maker + sideRate), taker: moneyText(r.taker + sideRate) }
}

/** The rates a test order would pay; SOR's answer has no `specialCommissionForOrder`. */
export function commissionForOrder(
  exchange: Exchange,
  account: Account,
  s: ListedSymbol,
  side: Side,
  sor = false,
): OrderTestResult {
  const c = commissionSchedule(exchange, account, s)
  const standardCommissionForOrder = forOrder(c.standard, side)
  const taxCommissionForOrder = forOrder(c.tax, side)
  const discount = discountView(c)
  if (sor) return { standardCommissionForOrder, taxCommissionForOrder, discount }
  return {
    standardCommissionForOrder,
    specialCommissionForOrder: forOrder(c.special, side),
    taxCommissionForOrder,
    discount,
  }
}
