// What a backtest is read by first, from the equity curve (docs/replay.md "Returns and ratios"): returns per data
// hour and per data day, the total return, Sharpe and Sortino ratios of the hourly returns, the longest drawdown.
// Returns are fractions with 8 places, ratios with 4, both exact integer arithmetic (never a float).
import { divRoundHalfUp, formatUnits, MONEY_SCALE } from '../engine/decimal.js'
import type { EquitySample } from './report-equity.js'

/** A fraction (0.01 = 1 %) with `RETURN_PLACES` places. */
const RETURN_PLACES = 8
const RETURN_ONE = 10n ** BigInt(RETURN_PLACES)
const RATIO_PLACES = 4
const HOUR = 3_600_000
const DAY = 24 * HOUR
/** Hours in a 365-day year: crypto trades around the clock, so hourly Sharpe is annualised by √8760. */
const HOURS_PER_YEAR = 8760n

export interface PeriodReturn {
  /** Data time (ms) of the period's start (an hour or a UTC day); the first and last may be cut by the window. */
  readonly start: number
  /** Equity at the end of the previous period (the curve's first sample for the first period). */
  readonly startEquity: string
  /** Equity at the period's last sample. */
  readonly endEquity: string
  /** endEquity / startEquity − 1, 8 places (half up); null when startEquity is not positive. */
  readonly return: string | null
}

export interface LongestDrawdown {
  /** ms from the peak to the first later sample back at or above it (or to the last sample if none). */
  readonly duration: number
  readonly peakTime: number
  readonly endTime: number
  readonly recovered: boolean
}

export interface Returns {
  readonly totalReturn: string | null
  readonly hourlyReturns: readonly PeriodReturn[]
  readonly dailyReturns: readonly PeriodReturn[]
  /** mean / sample stdev of the hourly returns × √8760, risk-free 0, 4 places (toward zero); null under 2 hours or flat. */
  readonly sharpe: string | null
  /** mean / downside deviation (√(Σ min(r, 0)² / n)) × √8760, 4 places; null under 2 hours or no losing hour. */
  readonly sortino: string | null
  readonly longestDrawdown: LongestDrawdown
}

/** `end / start − 1` in units of 10^-8, half up; undefined when `start` is not positive. */
function ratioUnits(start: bigint, end: bigint): bigint | undefined {
  return start > 0n ? divRoundHalfUp((end - start) * RETURN_ONE, start) : undefined
}

const fraction = (units: bigint | undefined) =>
  units === undefined ? null : formatUnits(units, RETURN_PLACES, RETURN_PLACES)

/** The curve cut into `length`-ms periods (UTC-aligned), each from the previous period's last sample to its own. */
function periodReturns(samples: readonly EquitySample[], length: number): PeriodReturn[] {
  const periods: PeriodReturn[] = []
  let startEquity = samples[0]?.equity
  for (let i = 1; i < samples.length; i++) {
    const start = Math.floor(samples[i]!.time / length) * length
    while (i + 1 < samples.length && samples[i + 1]!.time < start + length) i++
    const end = samples[i]!.equity
    periods.push({
      start,
      startEquity: formatUnits(startEquity!, MONEY_SCALE),
      endEquity: formatUnits(end, MONEY_SCALE),
      return: fraction(ratioUnits(startEquity!, end)),
    })
    startEquity = end
  }
  return periods
}

/** Integer square root (floor) of n ≥ 0, by Newton's method. */
function isqrt(n: bigint): bigint {
  if (n < 2n) return n
  let x = n
  let y = (x + 1n) / 2n
  while (y < x) {
    x = y
    y = (x + n / x) / 2n
  }
  return x
}

/** sign(mean) × √(mean² × 8760 / meanSquare) with 4 places, toward zero; null when `meanSquare` is 0. */
function annualised(mean: bigint, meanSquareNum: bigint, meanSquareDen: bigint): string | null {
  if (meanSquareNum === 0n) return null
  const scale = 10n ** BigInt(2 * RATIO_PLACES)
  const root = isqrt((mean * mean * HOURS_PER_YEAR * scale * meanSquareDen) / meanSquareNum)
  return formatUnits(mean < 0n ? -root : root, RATIO_PLACES, RATIO_PLACES)
}

/** Sharpe and Sortino of per-period returns (units of 10^-8), as the report defines them. */
function sharpeSortino(returns: readonly bigint[]): { sharpe: string | null; sortino: string | null } {
  const n = BigInt(returns.length)
  if (n < 2n) return { sharpe: null, sortino: null }
  const sum = returns.reduce((a, r) => a + r, 0n)
  // With mean = sum / n: mean² / var = sum² / n² / (Σ(n·r − sum)² / (n² (n − 1))) = sum² (n − 1) / Σ(n·r − sum)².
  const spread = returns.reduce((a, r) => a + (n * r - sum) ** 2n, 0n)
  const losses = returns.reduce((a, r) => (r < 0n ? a + r * r : a), 0n)
  // mean² / downside² = sum² / n² / (losses / n) = sum² / (n · losses).
  return {
    sharpe: annualised(sum, spread, n - 1n),
    sortino: annualised(sum, losses * n, 1n),
  }
}

/** The longest stretch the curve spent below a previous peak (equity back at the peak ends it). */
function longestDrawdown(samples: readonly EquitySample[]): LongestDrawdown {
  let best: LongestDrawdown = { duration: 0, peakTime: 0, endTime: 0, recovered: true }
  let peak: EquitySample | undefined
  let below = false
  for (const s of samples) {
    if (peak !== undefined && s.equity < peak.equity) {
      below = true
      continue
    }
    if (peak !== undefined && below && s.time - peak.time > best.duration)
      best = { duration: s.time - peak.time, peakTime: peak.time, endTime: s.time, recovered: true }
    peak = s
    below = false
  }
  const last = samples[samples.length - 1]
  if (peak !== undefined && last !== undefined && below && last.time - peak.time > best.duration)
    best = { duration: last.time - peak.time, peakTime: peak.time, endTime: last.time, recovered: false }
  return best
}

/** Every figure above from one account's curve. */
export function returnsOf(samples: readonly EquitySample[]): Returns {
  const first = samples[0]?.equity ?? 0n
  const last = samples[samples.length - 1]?.equity ?? 0n
  const hourly = periodReturns(samples, HOUR)
  const units = hourly.map((p) => (p.return === null ? undefined : BigInt(p.return.replace('.', ''))))
  return {
    totalReturn: fraction(ratioUnits(first, last)),
    hourlyReturns: hourly,
    dailyReturns: periodReturns(samples, DAY),
    ...sharpeSortino(units.includes(undefined) ? [] : (units as bigint[])),
    longestDrawdown: longestDrawdown(samples),
  }
}
