// `replay.book`: the book a replay synthesizes around the replayed price, per symbol, with its documented defaults
// (docs/replay.md "Marketable orders"): 10 levels a side, the first one tick from the replayed price, one tick
// apart, each of the median quantity of the symbol's replayed trades.
import { DECIMAL_PATTERN, significantDecimals, toSafeUnits } from '../engine/decimal.js'
import type { SynthBookSettings } from '../exchange/market-data/synth-book.js'
import type { MarketScales } from './read-replay-file.js'

/** One symbol's synthesized book; every field optional. */
export interface ReplayBookOptions {
  /** Levels on each side. Default 10. */
  levels?: number
  /** Ticks from the replayed price to each side's first level. Default 1. */
  offsetTicks?: number
  /** Ticks between levels. Default 1. */
  stepTicks?: number
  /** Quantity of each level (a decimal). Default: the median quantity of the symbol's replayed trades. */
  qty?: string
}

/** A window of one symbol's replayed quantities (units). */
export interface QtyWindow {
  readonly qty: Float64Array
  readonly index: number
  readonly end: number
}

/** At most this many quantities are sampled (evenly) for the median. */
const SAMPLE = 100_001

/** The median of the quantities in `windows`, sampled evenly; 0 when there are none. */
export function medianQty(windows: readonly QtyWindow[]): number {
  const total = windows.reduce((n, w) => n + w.end - w.index, 0)
  if (total === 0) return 0
  const stride = Math.max(1, Math.floor(total / SAMPLE))
  const sample: number[] = []
  for (const w of windows) for (let i = w.index; i < w.end; i += stride) sample.push(w.qty[i]!)
  const sorted = Float64Array.from(sample).sort()
  return sorted[sorted.length >> 1]!
}

function whole(path: string, value: unknown, min: number, fallback: number): number {
  if (value === undefined) return fallback
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > 10_000)
    throw new TypeError(`${path}: ${String(value)} is not a whole number from ${min} to 10000`)
  return value as number
}

/** Resolves `options` for `symbol`, whose replayed trades have median quantity `median` (units). */
export function synthBookSettings(
  symbol: string,
  options: ReplayBookOptions | undefined,
  scales: MarketScales,
  median: number,
): SynthBookSettings {
  const path = `replay.book.${symbol}`
  let qty = Math.max(1, median)
  if (options?.qty !== undefined) {
    const text = options.qty
    if (
      typeof text !== 'string' ||
      !DECIMAL_PATTERN.test(text) ||
      significantDecimals(text) > scales.qtyScale
    )
      throw new TypeError(
        `${path}.qty: '${String(text)}' is not a decimal of at most ${scales.qtyScale} places`,
      )
    qty = toSafeUnits(text, scales.qtyScale, `${path}.qty`)
  }
  return {
    levels: whole(`${path}.levels`, options?.levels, 0, 10),
    offsetTicks: whole(`${path}.offsetTicks`, options?.offsetTicks, 0, 1),
    stepTicks: whole(`${path}.stepTicks`, options?.stepTicks, 1, 1),
    qty,
  }
}
