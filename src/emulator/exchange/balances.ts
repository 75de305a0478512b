// Balance changes from outside the exchange: deposits and withdrawals, and locks by another system.
import { DECIMAL_PATTERN, MONEY_SCALE, significantDecimals, toUnits } from '../engine/decimal.js'
import type { BalanceChange, CommandOf, ExchangeEvent } from './commands.js'
import { reservedByOrders } from './reserved-by-orders.js'
import type { ExchangeState } from './state.js'
import { moneyText } from './units.js'

/**
 * Applies the change to the account's `asset`; throws if the amount is not a positive decimal or the balance lacks it
 * (an unlock: beyond what the account's open orders and order lists hold locked).
 */
export function changeBalance(
  state: ExchangeState,
  cmd: CommandOf<'changeBalance'>,
  now: number,
  events: ExchangeEvent[],
): undefined {
  const { asset, change } = cmd
  const account = state.accountById(cmd.accountId)
  const amount = positiveUnits(cmd.amount, change)
  const ledger = state.engine.ledger
  const h = ledger.holding(account.id, asset)
  if ((change === 'withdraw' || change === 'lock') && h.free < amount) {
    throw new RangeError(`${change}: ${account.apiKey} has only ${moneyText(h.free)} ${asset} free`)
  }
  if (change === 'unlock') {
    if (h.locked < amount) {
      throw new RangeError(`unlock: ${account.apiKey} has only ${moneyText(h.locked)} ${asset} locked`)
    }
    // Only what was locked from outside (lock) may be unlocked: an order's reservation is the order's.
    const reserved = reservedByOrders(state, account.id, asset)
    if (h.locked - reserved < amount) {
      const outside = moneyText(h.locked - reserved)
      throw new RangeError(
        `unlock: ${account.apiKey} has only ${outside} ${asset} locked beyond its open orders (they hold ${moneyText(reserved)})`,
      )
    }
  }
  if (change === 'deposit') ledger.credit(account.id, asset, amount)
  else if (change === 'withdraw') h.free -= amount
  else if (change === 'lock') ledger.lock(account.id, asset, amount)
  else ledger.unlock(account.id, asset, amount)
  account.updateTime = now
  events.push({ kind: 'balance', accountId: account.id, asset, change, amount })
  return undefined
}

function positiveUnits(amount: string, change: BalanceChange): bigint {
  if (!DECIMAL_PATTERN.test(amount) || significantDecimals(amount) > MONEY_SCALE) {
    throw new TypeError(`${change}: '${amount}' is not a decimal with at most ${MONEY_SCALE} places`)
  }
  const units = toUnits(amount, MONEY_SCALE)
  if (units === 0n) throw new RangeError(`${change}: the amount must be > 0`)
  return units
}
