// Byte-level reading of one CSV line's fields, without making strings (the checked path, `checked-rows.ts`).
// Every reader returns a sentinel on bad input; the caller words the error.

const COMMA = 44
const DOT = 46
const ZERO = 48
const NINE = 57

/**
 * Writes the field boundaries of `buf[start, end)` into `cuts` (field i is `[cuts[i] + 1, cuts[i + 1])`) and
 * returns the number of fields; stops counting past `cuts.length - 1`.
 */
export function splitFields(buf: Buffer, start: number, end: number, cuts: Int32Array): number {
  cuts[0] = start - 1
  let fields = 1
  const max = cuts.length - 1
  for (let i = start; i < end; i++) {
    if (buf[i] === COMMA) {
      if (fields >= max) return fields + 1
      cuts[fields++] = i
    }
  }
  cuts[fields] = end
  return fields
}

/** A non-negative integer field; -1 when it is not one or not a safe integer. */
export function readInteger(buf: Buffer, start: number, end: number): number {
  if (start >= end) return -1
  let n = 0
  for (let i = start; i < end; i++) {
    const c = buf[i]!
    if (c < ZERO || c > NINE) return -1
    n = n * 10 + (c - ZERO)
  }
  return n <= Number.MAX_SAFE_INTEGER ? n : -1
}

const POW10 = Array.from({ length: 17 }, (_, i) => 10 ** i)

/**
 * A non-negative decimal field in units of 10^-scale (digits past `scale` must be zeros); -1 when it is not a
 * decimal, has non-zero digits past the scale, or overflows a safe integer.
 */
export function readUnits(buf: Buffer, start: number, end: number, scale: number): number {
  let n = 0
  let decimals = -1
  let digits = 0
  for (let i = start; i < end; i++) {
    const c = buf[i]!
    if (c === DOT) {
      if (decimals >= 0) return -1
      decimals = 0
      continue
    }
    if (c < ZERO || c > NINE) return -1
    digits++
    if (decimals >= 0) {
      if (decimals >= scale) {
        if (c !== ZERO) return -1
        continue
      }
      decimals++
    }
    n = n * 10 + (c - ZERO)
  }
  if (digits === 0) return -1
  const units = n * POW10[scale - Math.max(decimals, 0)]!
  return units <= Number.MAX_SAFE_INTEGER ? units : -1
}

/** Whether a field is a non-negative decimal (digits, at most one dot). */
export function isDecimal(buf: Buffer, start: number, end: number): boolean {
  let dots = 0
  for (let i = start; i < end; i++) {
    const c = buf[i]!
    if (c === DOT) dots++
    else if (c < ZERO || c > NINE) return false
  }
  return dots <= 1 && end > start + dots
}

/** A decimal field as exact units of 10^-scale (bigint: quote volumes); undefined when it is not one. */
export function readBigUnits(buf: Buffer, start: number, end: number, scale: number): bigint | undefined {
  const text = buf.toString('latin1', start, end)
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text)
  if (!m) return undefined
  const frac = m[2] ?? ''
  if (frac.length > scale && /[1-9]/.test(frac.slice(scale))) return undefined
  return BigInt(m[1]! + frac.slice(0, scale).padEnd(scale, '0'))
}

/** `True`/`true` → 1, `False`/`false` → 0, anything else → -1. */
export function readBoolean(buf: Buffer, start: number, end: number): number {
  const c = buf[start]
  if (end - start === 4 && (c === 84 || c === 116) && buf[start + 1] === 114 && buf[start + 2] === 117)
    return buf[start + 3] === 101 ? 1 : -1
  if (end - start === 5 && (c === 70 || c === 102) && buf[start + 1] === 97 && buf[start + 2] === 108)
    return buf[start + 3] === 115 && buf[start + 4] === 101 ? 0 : -1
  return -1
}
