// The accounts and keys the control API adds, checked before they become commands: every field as the config
// file's account entries take it, a key as an HMAC secret or a PEM public key (Ed25519 or RSA). A wrong field
// throws a ControlParamError naming it; secrets never appear in a message.
import { createVerifier } from '../../../protocol/signing.js'
import { DECIMAL_PATTERN, MONEY_SCALE, significantDecimals } from '../../engine/decimal.js'
import type { AccountKey } from '../../exchange/commands.js'
import {
  ACCOUNT_FIELDS,
  type AccountOptions,
  ALL_API_PERMISSIONS,
  type CommissionOptions,
  TRADING_ACTIONS,
} from '../../exchange/options.js'
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
  if (input.balances !== undefined) {
    if (!isRecord(input.balances))
      throw new ControlParamError('balances', 'must be an object of asset: amount')
    for (const [asset, amount] of Object.entries(input.balances)) decimal(`balances.${asset}`, amount)
  }
  if (input.commission !== undefined) {
    if (!isRecord(input.commission)) throw new ControlParamError('commission', 'must be an object')
    for (const [name, rate] of Object.entries(input.commission)) {
      if (!COMMISSION_KEYS.includes(name as keyof CommissionOptions))
        throw new ControlParamError(`commission.${name}`, `unknown rate (${COMMISSION_KEYS.join(', ')})`)
      decimal(`commission.${name}`, rate)
    }
  }
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
