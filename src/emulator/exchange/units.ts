// Engine units as the spec's 8-decimal strings, and decimal texts as units. Texts are remembered, since an order's
// prices, quantities and amounts repeat (bounded caches: each is cleared when it fills up); a decimal text of at most
// 15 digits is parsed as a number instead, which costs less than a cache that thousands of distinct prices keep emptying.
import { formatUnits, MONEY_SCALE, toUnits, UnitsOverflow } from '../engine/decimal.js'

interface Scales {
  readonly priceScale: number
  readonly qtyScale: number
}

/** Entries per cache before it is emptied. */
const CACHE_SIZE = 4096

/** Per scale: units → text with 8 decimals. */
const texts: Map<number, string>[] = []
const moneyTexts = new Map<bigint, string>()
/** Per scale: decimal text → units. */
const units: Map<string, bigint>[] = []

function textOf(n: number, scale: number): string {
  let cache = texts[scale]
  if (cache === undefined) {
    cache = new Map()
    texts[scale] = cache
  }
  let text = cache.get(n)
  if (text === undefined) {
    if (cache.size >= CACHE_SIZE) cache.clear()
    text = formatUnits(n, scale)
    cache.set(n, text)
  }
  return text
}

export const priceText = (m: Scales, n: number): string => textOf(n, m.priceScale)
export const qtyText = (m: Scales, n: number): string => textOf(n, m.qtyScale)

/** Money units (10^-8) as text. */
export function moneyText(n: bigint): string {
  let text = moneyTexts.get(n)
  if (text === undefined) {
    if (moneyTexts.size >= CACHE_SIZE) moneyTexts.clear()
    text = formatUnits(n, MONEY_SCALE)
    moneyTexts.set(n, text)
  }
  return text
}

/** Digits a double holds exactly: a text with no more integer digits plus `scale` is parsed as a number. */
const EXACT_DIGITS = 15
const POW10_EXACT = Array.from({ length: EXACT_DIGITS + 1 }, (_, i) => 10 ** i)

/** `toUnits(text, scale)` as a number when it has at most EXACT_DIGITS digits and only digits and a point, else -1. */
function exactUnits(text: string, scale: number): number {
  const dot = text.indexOf('.')
  const intEnd = dot < 0 ? text.length : dot
  if (intEnd + scale > EXACT_DIGITS || intEnd === 0) return -1
  let n = 0
  for (let i = 0; i < intEnd; i++) {
    const d = text.charCodeAt(i) - 48
    if (d < 0 || d > 9) return -1
    n = n * 10 + d
  }
  let decimals = 0
  if (dot >= 0) {
    const end = Math.min(text.length, dot + 1 + scale)
    if (end === dot + 1) return -1
    for (let i = dot + 1; i < end; i++) {
      const d = text.charCodeAt(i) - 48
      if (d < 0 || d > 9) return -1
      n = n * 10 + d
    }
    decimals = end - dot - 1
    for (let i = end; i < text.length; i++) {
      const d = text.charCodeAt(i) - 48
      if (d < 0 || d > 9) return -1
    }
  }
  return n * (POW10_EXACT[scale - decimals] as number)
}

/** `toUnits(text, scale)`: `text` matches DECIMAL_PATTERN. */
export function unitsOf(text: string, scale: number): bigint {
  const exact = exactUnits(text, scale)
  if (exact >= 0) return BigInt(exact)
  let cache = units[scale]
  if (cache === undefined) {
    cache = new Map()
    units[scale] = cache
  }
  let n = cache.get(text)
  if (n === undefined) {
    if (cache.size >= CACHE_SIZE) cache.clear()
    n = toUnits(text, scale)
    cache.set(text, n)
  }
  return n
}

/** `toSafeUnits(text, scale, param)`: the units as a safe integer, else UnitsOverflow for `param`. */
export function safeUnitsOf(text: string, scale: number, param = 'value'): number {
  const exact = exactUnits(text, scale)
  if (exact >= 0) return exact
  const n = Number(unitsOf(text, scale))
  if (!Number.isSafeInteger(n)) throw new UnitsOverflow(param)
  return n
}
