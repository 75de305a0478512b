// The accounts the control API adds and the config file's accounts, checked before they become commands: every field
// an account entry takes, its key (key-input.ts) and balances (balance-input.ts). A wrong field throws a
// ControlParamError naming it; secrets never appear in a message.
import { PERMISSIONS } from '../../../protocol/enums.js'
import { MONEY_SCALE, pow10, toUnits } from '../../engine/decimal.js'
import {
  ACCOUNT_FIELDS,
  type AccountOptions,
  type CommissionOptions,
  TRADING_ACTIONS,
} from '../../exchange/options.js'
import { SYMBOL_NAME } from '../../exchange/symbol-check.js'
import { amountInput, assetName, balancesInput } from './balance-input.js'
import { ControlParamError } from './control-param-error.js'
import { isRecord, keyMaterial, strings } from './key-input.js'

const COMMISSION_KEYS: readonly (keyof CommissionOptions)[] = ['maker', 'taker', 'buyer', 'seller']

function symbolName(field: string, value: unknown): void {
  if (typeof value !== 'string' || !SYMBOL_NAME.test(value))
    throw new ControlParamError(field, "must be a symbol name: 1 to 20 of A-Z, 0-9, '-', '_', '.'")
}

/** One commission rate: a decimal fraction from 0 to 1 (`"0.001"` is 0.1 %). */
function rate(field: string, value: unknown): void {
  amountInput(field, value, false)
  if (toUnits(value as string, MONEY_SCALE) > pow10(MONEY_SCALE))
    throw new ControlParamError(field, 'must be a rate from 0 to 1 ("0.001" is 0.1 %)')
}

/** Commission rates: an object of decimal fractions from 0 to 1 keyed maker, taker, buyer, seller. */
export function commissionInput(field: string, value: unknown): void {
  if (value === undefined) return
  if (!isRecord(value)) throw new ControlParamError(field, 'must be an object')
  for (const [name, v] of Object.entries(value)) {
    if (!COMMISSION_KEYS.includes(name as keyof CommissionOptions))
      throw new ControlParamError(`${field}.${name}`, `unknown rate (${COMMISSION_KEYS.join(', ')})`)
    rate(`${field}.${name}`, v)
  }
}

const RATE_TYPES = ['standard', 'tax', 'special'] as const

/** Rates of each commission type (`commissions`, or one symbol's entry of its `bySymbol`). */
function rateSet(field: string, value: unknown, more: readonly string[]): void {
  if (!isRecord(value)) throw new ControlParamError(field, 'must be an object')
  for (const [name, v] of Object.entries(value)) {
    if ((RATE_TYPES as readonly string[]).includes(name)) commissionInput(`${field}.${name}`, v)
    else if (!more.includes(name))
      throw new ControlParamError(
        `${field}.${name}`,
        `unknown field (${[...RATE_TYPES, ...more].join(', ')})`,
      )
  }
}

/** `commissions`: tax and special rates, per-symbol overrides, the BNB discount switch. */
function commissions(value: unknown): void {
  rateSet('commissions', value, ['bySymbol', 'payInBnb'])
  const { bySymbol, payInBnb } = value as Record<string, unknown>
  if (payInBnb !== undefined && typeof payInBnb !== 'boolean')
    throw new ControlParamError('commissions.payInBnb', 'must be true or false')
  if (bySymbol === undefined) return
  if (!isRecord(bySymbol))
    throw new ControlParamError('commissions.bySymbol', 'must be an object of symbol: rates')
  for (const [symbol, set] of Object.entries(bySymbol)) {
    symbolName(`commissions.bySymbol.${symbol}`, symbol)
    rateSet(`commissions.bySymbol.${symbol}`, set, [])
  }
}

/** `assetFilters`: MAX_ASSET filters, `{ filterType, asset, limit }`. */
function assetFilters(value: unknown): void {
  if (!Array.isArray(value)) throw new ControlParamError('assetFilters', 'must be a list of filters')
  value.forEach((f: unknown, i) => {
    const at = `assetFilters[${i}]`
    if (!isRecord(f) || f['filterType'] !== 'MAX_ASSET')
      throw new ControlParamError(`${at}.filterType`, 'must be MAX_ASSET')
    for (const name of Object.keys(f)) {
      if (!['filterType', 'asset', 'limit'].includes(name))
        throw new ControlParamError(`${at}.${name}`, 'unknown field (filterType, asset, limit)')
    }
    assetName(`${at}.asset`, f['asset'])
    amountInput(`${at}.limit`, f['limit'], false)
  })
}

/** The account's own fields besides its key: permissions, restrictions, trade group, flags. */
function accountRights(input: AccountOptions): void {
  const permissionNames = 'SPOT, MARGIN, LEVERAGED, TRD_GRP_002 to TRD_GRP_025'
  strings('accountPermissions', input.accountPermissions, PERMISSIONS, permissionNames)
  strings('restrictedSymbols', input.restrictedSymbols)
  for (const [i, s] of input.restrictedSymbols?.entries() ?? []) symbolName(`restrictedSymbols[${i}]`, s)
  strings('disabledActions', input.disabledActions, TRADING_ACTIONS)
  const group = input.tradeGroupId
  if (group !== undefined && !(Number.isSafeInteger(group) && group >= 1))
    throw new ControlParamError(
      'tradeGroupId',
      'must be a whole number ≥ 1 (leave it out for no trade group)',
    )
  for (const flag of ['canTrade', 'preventSor'] as const) {
    if (input[flag] !== undefined && typeof input[flag] !== 'boolean')
      throw new ControlParamError(flag, 'must be true or false')
  }
}

/** `input` checked as a new account (throws ControlParamError), with a Buffer public key turned into its PEM text. */
export function accountInput(input: AccountOptions): AccountOptions {
  if (!isRecord(input)) throw new ControlParamError('account', 'must be an object')
  for (const name of Object.keys(input)) {
    if (!Object.hasOwn(ACCOUNT_FIELDS, name))
      throw new ControlParamError(
        name,
        `unknown field (an account takes ${Object.keys(ACCOUNT_FIELDS).join(', ')})`,
      )
  }
  const key = keyMaterial(input)
  if (input.balances !== undefined) balancesInput(input.balances)
  commissionInput('commission', input.commission)
  if (input.commissions !== undefined) commissions(input.commissions)
  if (input.assetFilters !== undefined) assetFilters(input.assetFilters)
  accountRights(input)
  return { ...input, ...key } as AccountOptions
}
