// The accounts and keys the control API adds, checked before they become commands: every field as the config
// file's account entries take it, a key as an HMAC secret or a PEM public key (Ed25519 or RSA). A wrong field
// throws a ControlParamError naming it; secrets never appear in a message.
import { createVerifier } from '../../../protocol/signing.js'
import { DECIMAL_PATTERN, MONEY_SCALE, significantDecimals } from '../../engine/decimal.js'
import type { AccountKey, KeyChange } from '../../exchange/commands.js'
import {
  ACCOUNT_FIELDS,
  type AccountOptions,
  ALL_API_PERMISSIONS,
  type CommissionOptions,
  TRADING_ACTIONS,
} from '../../exchange/options.js'
import { balancesInput } from './balance-input.js'
import { ControlParamError } from './control-param-error.js'

const COMMISSION_KEYS: readonly (keyof CommissionOptions)[] = ['maker', 'taker', 'buyer', 'seller']

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

function decimal(field: string, value: unknown): void {
  if (typeof value !== 'string' || !DECIMAL_PATTERN.test(value) || significantDecimals(value) > MONEY_SCALE) {
    throw new ControlParamError(field, `must be a decimal string with at most ${MONEY_SCALE} places`)
  }
}

function strings(field: string, value: unknown, allowed?: readonly string[]): void {
  if (value === undefined) return
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v === ''))
    throw new ControlParamError(field, 'must be a list of strings')
  const wrong = allowed && value.find((v) => !allowed.includes(v))
  if (wrong !== undefined) throw new ControlParamError(field, `${wrong} is not one of ${allowed?.join(', ')}`)
}

/** Commission rates: an object of decimal strings keyed maker, taker, buyer, seller. */
function rates(field: string, value: unknown): void {
  if (value === undefined) return
  if (!isRecord(value)) throw new ControlParamError(field, 'must be an object')
  for (const [name, rate] of Object.entries(value)) {
    if (!COMMISSION_KEYS.includes(name as keyof CommissionOptions))
      throw new ControlParamError(`${field}.${name}`, `unknown rate (${COMMISSION_KEYS.join(', ')})`)
    decimal(`${field}.${name}`, rate)
  }
}

const RATE_TYPES = ['standard', 'tax', 'special'] as const

/** Rates of each commission type (`commissions`, or one symbol's entry of its `bySymbol`). */
function rateSet(field: string, value: unknown, more: readonly string[]): void {
  if (!isRecord(value)) throw new ControlParamError(field, 'must be an object')
  for (const [name, v] of Object.entries(value)) {
    if ((RATE_TYPES as readonly string[]).includes(name)) rates(`${field}.${name}`, v)
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
  for (const [symbol, set] of Object.entries(bySymbol)) rateSet(`commissions.bySymbol.${symbol}`, set, [])
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
    if (typeof f['asset'] !== 'string' || f['asset'] === '')
      throw new ControlParamError(`${at}.asset`, 'must be a non-empty string')
    decimal(`${at}.limit`, f['limit'])
  })
}

/** The key part of an account or key: its API key and exactly one of an HMAC secret and a PEM public key. */
function keyMaterial(input: AccountKey): AccountKey {
  const { apiKey, hmacSecret, publicKey } = input
  if (typeof apiKey !== 'string' || !/^[\x21-\x7e]{1,128}$/.test(apiKey))
    throw new ControlParamError('apiKey', 'must be 1 to 128 printable characters without spaces')
  if ((hmacSecret === undefined) === (publicKey === undefined))
    throw new ControlParamError(
      'hmacSecret',
      'give either hmacSecret or publicKey (a PEM public key), not both',
    )
  strings('permissions', input.permissions, ALL_API_PERMISSIONS)
  strings('ipWhitelist', input.ipWhitelist)
  if (hmacSecret !== undefined) {
    if (typeof hmacSecret !== 'string' || hmacSecret === '')
      throw new ControlParamError('hmacSecret', 'must be a non-empty string')
    return input
  }
  const pem = Buffer.isBuffer(publicKey) ? publicKey.toString('utf8') : publicKey
  if (typeof pem !== 'string') throw new ControlParamError('publicKey', 'must be a PEM text')
  try {
    createVerifier({ publicKey: pem })
  } catch (err) {
    const why = err instanceof TypeError && err.message.startsWith('publicKey: ') ? err.message.slice(11) : ''
    throw new ControlParamError('publicKey', why || 'not a PEM public key (Ed25519 or RSA)')
  }
  return { ...input, publicKey: pem }
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
  rates('commission', input.commission)
  if (input.commissions !== undefined) commissions(input.commissions)
  if (input.assetFilters !== undefined) assetFilters(input.assetFilters)
  strings('accountPermissions', input.accountPermissions)
  strings('restrictedSymbols', input.restrictedSymbols)
  strings('disabledActions', input.disabledActions, TRADING_ACTIONS)
  if (input.tradeGroupId !== undefined && !Number.isSafeInteger(input.tradeGroupId))
    throw new ControlParamError('tradeGroupId', 'must be an integer')
  for (const flag of ['canTrade', 'preventSor'] as const) {
    if (input[flag] !== undefined && typeof input[flag] !== 'boolean')
      throw new ControlParamError(flag, 'must be true or false')
  }
  return { ...input, ...key } as AccountOptions
}

/** `input` checked as one more key of an account. */
export function keyInput(input: AccountKey): AccountKey {
  if (!isRecord(input)) throw new ControlParamError('key', 'must be an object')
  for (const name of Object.keys(input)) {
    if (!['apiKey', 'hmacSecret', 'publicKey', 'permissions', 'ipWhitelist'].includes(name))
      throw new ControlParamError(
        name,
        'unknown field (a key takes apiKey, hmacSecret or publicKey, permissions, ipWhitelist)',
      )
  }
  return keyMaterial(input)
}

/** `input` checked as a change of a key: its permissions, its IP whitelist (null: any address), or both. */
export function keyChangeInput(input: KeyChange): KeyChange {
  if (!isRecord(input)) throw new ControlParamError('change', 'must be an object')
  for (const name of Object.keys(input)) {
    if (name !== 'permissions' && name !== 'ipWhitelist')
      throw new ControlParamError(name, 'unknown field (a key change takes permissions, ipWhitelist)')
  }
  const { permissions, ipWhitelist } = input as KeyChange
  if (permissions === undefined && ipWhitelist === undefined)
    throw new ControlParamError('permissions', 'give permissions, ipWhitelist (null: any address) or both')
  strings('permissions', permissions, ALL_API_PERMISSIONS)
  if (ipWhitelist !== null) strings('ipWhitelist', ipWhitelist)
  return { permissions, ipWhitelist }
}
