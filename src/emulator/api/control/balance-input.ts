// Assets and amounts the control API is given (deposit and the other balance calls, an account's balances), checked
// before they become commands: a wrong one throws a ControlParamError naming it.
import { DECIMAL_PATTERN, MONEY_SCALE, significantDecimals, toUnits } from '../../engine/decimal.js'
import { ControlParamError } from './control-param-error.js'

/** Binance's asset names: upper-case letters and digits (BTC, USDT, 1000SATS). */
const ASSET_NAME = /^[A-Z0-9]{1,20}$/

/** `value` as an asset name (an asset no symbol trades is allowed: accounts hold such assets too). */
export function assetName(field: string, value: unknown): string {
  if (typeof value === 'string' && ASSET_NAME.test(value)) return value
  throw new ControlParamError(
    field,
    'must be an asset name: 1 to 20 upper-case letters or digits (BTC, 1000SATS)',
  )
}

/** `value` as an amount: a decimal string with at most 8 places; `positive`: above 0. */
export function amountInput(field: string, value: unknown, positive: boolean): string {
  if (typeof value !== 'string' || !DECIMAL_PATTERN.test(value) || significantDecimals(value) > MONEY_SCALE)
    throw new ControlParamError(
      field,
      `must be a decimal string with at most ${MONEY_SCALE} places${decimalHint(value)}`,
    )
  if (positive && toUnits(value, MONEY_SCALE) === 0n) throw new ControlParamError(field, 'must be > 0')
  return value
}

/**
 * Why `value` is no decimal string, when it is not plain: a JSON number, too many digits (DECIMAL_PATTERN takes 20 on
 * each side of the point), or a text with a sign, exponent or space.
 */
export function decimalHint(value: unknown): string {
  if (typeof value === 'number') return ' (not a JSON number)'
  if (typeof value !== 'string' || DECIMAL_PATTERN.test(value)) return ''
  const digits = /^([0-9]+)(?:\.([0-9]+))?$/.exec(value)
  if (digits?.[1] && digits[1].length > 20) return ' (at most 20 integer digits)'
  if (digits) return ' (at most 20 digits after the point)'
  return ' (digits and an optional point: no sign, exponent or spaces)'
}

/** Balances as an account entry takes them: an object of asset → decimal string (throws ControlParamError). */
export function balancesInput(balances: unknown): Record<string, string> {
  if (typeof balances !== 'object' || balances === null || Array.isArray(balances))
    throw new ControlParamError('balances', 'must be an object of asset: amount')
  for (const [asset, amount] of Object.entries(balances)) {
    assetName(`balances.${asset}`, asset)
    amountInput(`balances.${asset}`, amount, false)
  }
  return balances as Record<string, string>
}
