// The error table: every API error the spec defines, and the matching-engine messages.
import type { ApiErrorBody } from './envelope.js'
import { API_ERRORS, type ApiErrorKey, type ErrorDef } from './errors/api-errors.js'

export { API_ERRORS, type ApiErrorKey, type ErrorDef } from './errors/api-errors.js'
export { ME_MESSAGES, type MeMessageKey } from './errors/me-messages.js'

/** The error body for `key`, with each `%s` replaced by the next argument. */
export function apiError(key: ApiErrorKey, ...args: (string | number)[]): ApiErrorBody {
  const def: ErrorDef = API_ERRORS[key]
  let i = 0
  const msg = def.msg.replace(/%s/g, () => String(args[i++] ?? ''))
  return { code: def.code, msg }
}
