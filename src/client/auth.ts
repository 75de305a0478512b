// Adds auth params to a request according to the method's auth kind, and signs when needed.
import { type AuthKind, SIGNED_IN_SESSION } from '../protocol/methods.js'
import { signaturePayload } from '../protocol/signature-payload.js'
import { InvalidParameterError } from './errors.js'
import type { ClientSigner } from './platform.js'

/** Credentials held in closures, never on an inspectable object. */
export interface Credentials {
  readonly apiKey: string | undefined
  readonly signer: ClientSigner | undefined
}

export interface AuthContext {
  credentials: Credentials
  /** The connection is logged on (`session.logon`): signed requests need only `timestamp`. */
  sessionActive: boolean
  timestamp: number
  recvWindow: number | undefined
}

/**
 * A shallow copy to add params to. Not `{ ...params }`: in V8 11 (Node 20) adding properties to a spread copy takes
 * a slow path (~1 µs per property, plus garbage); `Object.assign({}, …)` copies the same own enumerable properties,
 * except that it would run the `__proto__` setter, so an own `__proto__` key keeps the spread.
 */
export function copyParams(params: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  if (params === undefined) return {}
  return Object.hasOwn(params, '__proto__') ? { ...params } : Object.assign({}, params)
}

/**
 * The wire params for a call: the caller's params plus what `auth` needs. Copies at most once and never mutates
 * the caller's object; `owned` says `params` is already the call's private copy, so it is completed in place. A
 * promise when the signer is asynchronous (WebCrypto); synchronous with node:crypto.
 */
export function authorize(
  method: string,
  auth: AuthKind,
  params: Record<string, unknown> | undefined,
  ctx: AuthContext,
  forceSign = false,
  owned = false,
): Record<string, unknown> | undefined | Promise<Record<string, unknown>> {
  if (auth === 'NONE' || auth === 'SESSION') return params
  const { apiKey, signer } = ctx.credentials
  if (!apiKey)
    throw new InvalidParameterError('apiKey', `${method} needs an API key; set apiKey in the config`)
  const out: Record<string, unknown> = owned && params ? params : copyParams(params)
  if (auth === 'API_KEY') {
    out['apiKey'] = apiKey
    return out
  }
  if (out['timestamp'] === undefined) out['timestamp'] = ctx.timestamp
  if (out['recvWindow'] === undefined && ctx.recvWindow !== undefined) out['recvWindow'] = ctx.recvWindow
  if (ctx.sessionActive && !forceSign && out['apiKey'] === undefined && !SIGNED_IN_SESSION.has(method))
    return out
  if (!signer) {
    throw new InvalidParameterError(
      'apiSecret',
      `${method} must be signed; set apiSecret or privateKey in the config`,
    )
  }
  out['apiKey'] = apiKey
  delete out['signature']
  const signature = signer.sign(signaturePayload(out))
  if (typeof signature !== 'string') {
    return signature.then((s) => {
      out['signature'] = s
      return out
    })
  }
  out['signature'] = signature
  return out
}
