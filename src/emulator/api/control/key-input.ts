// The API keys the control API adds or changes (addAccount, addKey, updateKey; the config file's accounts), checked
// before they become commands: an HMAC secret or a PEM public key (Ed25519 or RSA, never a private key), what the
// key may do and the addresses it may be used from. A wrong field throws a ControlParamError naming it; key material
// never appears in a message.
import { createPrivateKey } from 'node:crypto'
import { isIP } from 'node:net'
import { createVerifier } from '../../../protocol/signing.js'
import type { AccountKey, KeyChange } from '../../exchange/commands.js'
import { ALL_API_PERMISSIONS } from '../../exchange/options.js'
import { ControlParamError } from './control-param-error.js'

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** A list of non-empty strings, each one of `allowed` (`what` names them in the message) when given. */
export function strings(field: string, value: unknown, allowed?: readonly string[], what?: string): void {
  if (value === undefined) return
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v === ''))
    throw new ControlParamError(field, 'must be a list of strings')
  const wrong = allowed && value.find((v) => !allowed.includes(v))
  if (wrong !== undefined)
    throw new ControlParamError(field, `${wrong} is not one of ${what ?? allowed?.join(', ')}`)
}

/** The addresses a key may be used from: IPv4 or IPv6 addresses, one by one (no ranges). */
function ipWhitelist(value: unknown): void {
  strings('ipWhitelist', value)
  for (const [i, ip] of (value as string[] | undefined)?.entries() ?? []) {
    if (ip.includes('/'))
      throw new ControlParamError(`ipWhitelist[${i}]`, 'CIDR ranges are not supported: list each address')
    if (isIP(ip) === 0) throw new ControlParamError(`ipWhitelist[${i}]`, 'must be an IPv4 or IPv6 address')
  }
}

/** A PEM public key (Ed25519 or RSA) as its text; a private key is refused, as the emulator must never hold one. */
function publicKeyPem(publicKey: unknown): string {
  const pem = Buffer.isBuffer(publicKey) ? publicKey.toString('utf8') : publicKey
  if (typeof pem !== 'string') throw new ControlParamError('publicKey', 'must be a PEM text')
  if (isPrivateKey(pem))
    throw new ControlParamError(
      'publicKey',
      'is a PRIVATE key: give its public key (-----BEGIN PUBLIC KEY-----) and keep the private key with the client',
    )
  try {
    createVerifier({ publicKey: pem })
  } catch (err) {
    const why = err instanceof TypeError && err.message.startsWith('publicKey: ') ? err.message.slice(11) : ''
    throw new ControlParamError('publicKey', why || 'not a PEM public key (Ed25519 or RSA)')
  }
  return pem
}

/** Whether `pem` holds a private key (createPublicKey would take one and derive its public key). */
function isPrivateKey(pem: string): boolean {
  if (/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(pem)) return true
  try {
    createPrivateKey(pem)
    return true
  } catch {
    return false
  }
}

/** The key part of an account or key: its API key and exactly one of an HMAC secret and a PEM public key. */
export function keyMaterial(input: AccountKey): AccountKey {
  const { apiKey, hmacSecret, publicKey } = input
  if (typeof apiKey !== 'string' || !/^[\x21-\x7e]{1,128}$/.test(apiKey))
    throw new ControlParamError('apiKey', 'must be 1 to 128 printable characters without spaces')
  if (hmacSecret === undefined && publicKey === undefined)
    throw new ControlParamError(
      'hmacSecret',
      'one of hmacSecret and publicKey (a PEM public key) is required',
    )
  if (hmacSecret !== undefined && publicKey !== undefined)
    throw new ControlParamError('hmacSecret', 'give either hmacSecret or publicKey, not both')
  strings('permissions', input.permissions, ALL_API_PERMISSIONS)
  ipWhitelist(input.ipWhitelist)
  if (hmacSecret !== undefined) {
    if (typeof hmacSecret !== 'string' || hmacSecret === '')
      throw new ControlParamError('hmacSecret', 'must be a non-empty string')
    return input
  }
  return { ...input, publicKey: publicKeyPem(publicKey) }
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
  const { permissions, ipWhitelist: addresses } = input as KeyChange
  if (permissions === undefined && addresses === undefined)
    throw new ControlParamError('permissions', 'give permissions, ipWhitelist (null: any address) or both')
  strings('permissions', permissions, ALL_API_PERMISSIONS)
  if (addresses !== null) ipWhitelist(addresses)
  return { permissions, ipWhitelist: addresses }
}
