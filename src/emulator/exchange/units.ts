// Engine units as the spec's 8-decimal strings, and decimal texts as units; both remembered, since an
// order's prices, quantities and amounts repeat (bounded caches: each is cleared when it fills up).
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

/** `toUnits(text, scale)`: `text` matches DECIMAL_PATTERN. */
export function unitsOf(text: string, scale: number): bigint {
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
  const n = Number(unitsOf(text, scale))
  if (!Number.isSafeInteger(n)) throw new UnitsOverflow(param)
  return n
}
