// Comparing decimal texts exactly (`'0.0010'` = `'0.001'`), without floats.

/** The digits of `text` scaled to `scale` decimals, or undefined when it is not a plain decimal. */
function scaled(text: string, scale: number): bigint | undefined {
  const m = /^(\d*)(?:\.(\d*))?$/.exec(text)
  if (!m || text === '' || text === '.') return undefined
  const frac = (m[2] ?? '').padEnd(scale, '0')
  return BigInt(`${m[1] || '0'}${frac}`)
}

/** -1, 0 or 1 as `a` is below, equal to or above `b`; undefined when either is not a decimal text. */
export function compareDecimals(a: unknown, b: unknown): -1 | 0 | 1 | undefined {
  if (typeof a !== 'string' || typeof b !== 'string') return undefined
  const scale = Math.max(a.length, b.length)
  const x = scaled(a, scale)
  const y = scaled(b, scale)
  if (x === undefined || y === undefined) return undefined
  return x < y ? -1 : x > y ? 1 : 0
}
