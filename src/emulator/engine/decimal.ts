// Exact decimal text <-> scaled integers. Money never touches a float.

/** The wire form of a decimal parameter (Binance's own legal range). */
export const DECIMAL_PATTERN = /^([0-9]{1,20})(\.[0-9]{1,20})?$/

/** Decimals every amount is printed with and balances are kept at (asset precision 8). */
export const MONEY_SCALE = 8

const POW10: bigint[] = Array.from({ length: 40 }, (_, i) => 10n ** BigInt(i))

/** 10^n as a bigint. */
export function pow10(n: number): bigint {
  const p = POW10[n]
  if (p === undefined) throw new RangeError(`pow10(${n})`)
  return p
}

/** Decimals after the point once trailing zeros are dropped: `'0.0100'` → 2. */
export function significantDecimals(text: string): number {
  const dot = text.indexOf('.')
  if (dot < 0) return 0
  let end = text.length
  while (end > dot + 1 && text.charCodeAt(end - 1) === 48) end--
  return end - dot - 1
}

/** `text` (matching DECIMAL_PATTERN, at most `scale` significant decimals) in units of 10^-scale. */
export function toUnits(text: string, scale: number): bigint {
  const dot = text.indexOf('.')
  const int = dot < 0 ? text : text.slice(0, dot)
  let frac = dot < 0 ? '' : text.slice(dot + 1)
  frac = frac.length > scale ? frac.slice(0, scale) : frac.padEnd(scale, '0')
  return BigInt(int + frac)
}

/** Like toUnits, as a safe integer (for prices and quantities on the book). */
export function toSafeUnits(text: string, scale: number, param = 'value'): number {
  const n = Number(toUnits(text, scale))
  if (!Number.isSafeInteger(n)) throw new UnitsOverflow(param)
  return n
}

/** A decimal parameter too large for the engine's integer units (answered as -1108 for `param`). */
export class UnitsOverflow extends RangeError {
  constructor(readonly param: string) {
    super(`parameter '${param}' overflows the engine's integer units`)
    this.name = 'UnitsOverflow'
  }
}

/** Units of 10^-scale as text with exactly `decimals` places (truncating extra ones). */
export function formatUnits(units: number | bigint, scale: number, decimals: number = MONEY_SCALE): string {
  let s = String(units)
  const neg = s.charCodeAt(0) === 45
  if (neg) s = s.slice(1)
  if (s.length <= scale) s = s.padStart(scale + 1, '0')
  const int = s.slice(0, s.length - scale)
  let frac = s.slice(s.length - scale)
  frac = frac.length < decimals ? frac.padEnd(decimals, '0') : frac.slice(0, decimals)
  const out = decimals > 0 ? `${int}.${frac}` : int
  return neg ? `-${out}` : out
}

/** a / b rounded half up (a, b > 0 in practice; exact for any sign of a). */
export function divRoundHalfUp(a: bigint, b: bigint): bigint {
  const q = a / b
  const r = a % b
  if (r === 0n) return q
  const twice = (r < 0n ? -r : r) * 2n
  if (twice < b) return q
  return a < 0n ? q - 1n : q + 1n
}
