// What every signer shares, on every platform: the canonical payload and the key kinds.

export type KeyType = 'HMAC' | 'RSA' | 'ED25519'

/**
 * The canonical payload: every param but `signature`, sorted by name (code points), `k=v` joined by `&`; each value's
 * text through `encode` when given (the emulator's check of the form-encoded variant some SDKs sign).
 */
export function signaturePayload(
  params: Readonly<Record<string, unknown>>,
  encode?: (text: string) => string,
): string {
  // The default sort compares strings as `<` does (UTF-16 code units), without a comparator call per step.
  const names = Object.keys(params).sort()
  let out = ''
  for (const name of names) {
    const value = params[name]
    if (name === 'signature' || value === undefined) continue
    if (out) out += '&'
    out += `${name}=${encode === undefined ? renderValue(value) : encode(renderValue(value))}`
  }
  return out
}

/** Arrays and objects as their JSON (what the frame carries); String() could throw on an object (no usable toString). */
function renderValue(v: unknown): string {
  if (typeof v === 'object' && v !== null) return JSON.stringify(v)
  return String(v)
}

/** Signs payloads with one key, parsed once. */
export interface Signer {
  readonly keyType: KeyType
  sign(payload: string): string
}
