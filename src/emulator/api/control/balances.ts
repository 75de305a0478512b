// Balance changes from outside the exchange: deposits and withdrawals (balanceUpdate) and external locks
// (externalLockUpdate), each followed by outboundAccountPosition, like Binance sends them.
import type { Decimal } from '../../../protocol/methods.js'
import { DECIMAL_PATTERN, MONEY_SCALE, significantDecimals, toUnits } from '../../engine/decimal.js'
import type { Account } from '../../exchange/account.js'
import type { Exchange } from '../../exchange/exchange.js'
import { accountPosition } from '../format/events.js'
import { moneyText } from '../format/units.js'
import type { UserStreams } from '../user-streams.js'

/** The kinds of outside balance change. */
export type BalanceChange = 'deposit' | 'withdraw' | 'lock' | 'unlock'

/** Applies the change to the account's `asset` and sends its events; throws if the balance does not allow it. */
export function changeBalance(
  exchange: Exchange,
  streams: UserStreams,
  apiKey: string,
  asset: string,
  amount: Decimal,
  change: BalanceChange,
  now: number,
): void {
  const account = accountFor(exchange, apiKey)
  const units = positiveUnits(amount, change)
  const ledger = exchange.engine.ledger
  const h = ledger.holding(account.id, asset)
  if ((change === 'withdraw' || change === 'lock') && h.free < units) {
    throw new RangeError(`${change}: ${apiKey} has only ${moneyText(h.free)} ${asset} free`)
  }
  if (change === 'unlock' && h.locked < units) {
    throw new RangeError(`unlock: ${apiKey} has only ${moneyText(h.locked)} ${asset} locked`)
  }
  if (change === 'deposit') ledger.credit(account.id, asset, units)
  else if (change === 'withdraw') h.free -= units
  else if (change === 'lock') ledger.lock(account.id, asset, units)
  else ledger.unlock(account.id, asset, units)
  account.updateTime = now
  const negative = change === 'withdraw' || change === 'unlock'
  const d = moneyText(negative ? -units : units)
  const first =
    change === 'deposit' || change === 'withdraw'
      ? ({ e: 'balanceUpdate', E: now, a: asset, d, T: now } as const)
      : ({ e: 'externalLockUpdate', E: now, a: asset, d, T: now } as const)
  streams.notify(account.id, [first, accountPosition(ledger, account.id, [asset], now)])
}

function accountFor(exchange: Exchange, apiKey: string): Account {
  const account = exchange.account(apiKey)
  if (!account) throw new RangeError(`no account has the API key '${apiKey}'`)
  return account
}

function positiveUnits(amount: Decimal, change: BalanceChange): bigint {
  if (!DECIMAL_PATTERN.test(amount) || significantDecimals(amount) > MONEY_SCALE) {
    throw new TypeError(`${change}: '${amount}' is not a decimal with at most ${MONEY_SCALE} places`)
  }
  const units = toUnits(amount, MONEY_SCALE)
  if (units === 0n) throw new RangeError(`${change}: the amount must be > 0`)
  return units
}
