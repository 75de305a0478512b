// An account's equity over data time: its holdings rebuilt trade by trade from the opening ones, valued at the
// replayed prices at the end of every data minute; the maximum drawdown of that curve.
import { formatUnits, MONEY_SCALE } from '../engine/decimal.js'
import type { Market } from '../engine/market.js'
import { type PriceSeries, valueAt } from './report-prices.js'

/** One of the account's trades, in money units (10^-8 of an asset) but its price (the symbol's tick units). */
export interface ReportTrade {
  readonly market: Market
  readonly isBuyer: boolean
  readonly price: number
  readonly base: bigint
  readonly quote: bigint
  readonly fee: bigint
  readonly feeAsset: string
  readonly time: number
}

/** Equity and the value of the positions in it (money units of the valuation asset) at a data time. */
export interface EquitySample {
  readonly time: number
  readonly equity: bigint
  readonly positions: bigint
}

export interface EquityPoint {
  /** Data time (ms): just before the first data, the last ms of a data minute, or the last data time reached. */
  readonly time: number
  /** The valuation asset plus the replayed symbols' base assets at their prices then. */
  readonly equity: string
  /** Value of the base assets / equity, 4 decimals. */
  readonly exposure: string
}

export interface Drawdown {
  readonly amount: string
  /** Of the peak, 2 decimals. */
  readonly percent: string
  readonly peakTime: number
  readonly troughTime: number
}

const MINUTE = 60_000
const text = (n: bigint) => formatUnits(n, MONEY_SCALE)

/** Equity at `firstTime` (before any trade), at the end of each data minute, and at `time` (the last sample). */
export function equityCurve(
  opening: ReadonlyMap<string, bigint>,
  trades: readonly ReportTrade[],
  prices: PriceSeries,
  markets: readonly Market[],
  valuation: string,
  window: { readonly firstTime: number; readonly time: number },
): EquitySample[] {
  const held = new Map(opening)
  const add = (asset: string, delta: bigint) => held.set(asset, (held.get(asset) ?? 0n) + delta)
  const valued = new Map<string, Market>()
  for (const m of markets)
    if (m.quoteAsset === valuation && !valued.has(m.baseAsset)) valued.set(m.baseAsset, m)
  const samples: EquitySample[] = []
  let next = 0
  const sample = (time: number) => {
    for (; next < trades.length && trades[next]!.time <= time; next++) {
      const t = trades[next]!
      const sign = t.isBuyer ? 1n : -1n
      add(t.market.baseAsset, sign * t.base)
      add(t.market.quoteAsset, -sign * t.quote)
      add(t.feeAsset, -t.fee)
    }
    let positions = 0n
    for (const [asset, m] of valued)
      positions += valueAt(m, held.get(asset) ?? 0n, prices.priceAt(m.symbol, time))
    samples.push({ time, equity: (held.get(valuation) ?? 0n) + positions, positions })
  }
  sample(window.firstTime - 1)
  for (
    let end = Math.floor(window.firstTime / MINUTE) * MINUTE + MINUTE - 1;
    end < window.time;
    end += MINUTE
  )
    sample(end)
  sample(window.time)
  return samples
}

/** positions / equity in units of 10^-4. */
const exposureOf = ({ equity, positions }: EquitySample) =>
  equity > 0n ? (positions * 10_000n) / equity : 0n

/** The samples as the report shows them. */
export function equityPoints(samples: readonly EquitySample[]): EquityPoint[] {
  return samples.map((s) => ({
    time: s.time,
    equity: text(s.equity),
    exposure: formatUnits(exposureOf(s), 4, 4),
  }))
}

/** The largest exposure of the curve, 4 decimals. */
export function maxExposure(samples: readonly EquitySample[]): string {
  return formatUnits(
    samples.reduce((max, s) => (exposureOf(s) > max ? exposureOf(s) : max), 0n),
    4,
    4,
  )
}

/** The largest fall from a peak of the curve to a later point. */
export function maxDrawdown(curve: readonly EquitySample[]): Drawdown {
  let peak: bigint | undefined
  let peakTime = 0
  let worst = 0n
  let best = { peak: 0n, peakTime: 0, troughTime: 0 }
  for (const { time, equity } of curve) {
    if (peak === undefined || equity > peak) {
      peak = equity
      peakTime = time
    }
    if (peak - equity > worst) {
      worst = peak - equity
      best = { peak, peakTime, troughTime: time }
    }
  }
  const percent = best.peak > 0n ? formatUnits((worst * 10_000n) / best.peak, 2, 2) : '0.00'
  return { amount: text(worst), percent, peakTime: best.peakTime, troughTime: best.troughTime }
}
