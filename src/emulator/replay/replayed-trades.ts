// Which files make a symbol's market when several are given: the finest data wins — its trades files when it has
// any, else its aggTrades files, else its klines files of the finest interval, as synthetic trades
// (kline-trades.ts). Files of one symbol and kind that share a moment are refused: their trades would be replayed
// twice. Depth files make no trades.
import { KLINE_INTERVAL } from '../../protocol/enums.js'
import type { MarketScales } from './checked-rows.js'
import { klineTrades } from './kline-trades.js'
import type { ReplayData } from './read-replay-file.js'
import { ReplayInputError } from './replay-input-error.js'
import type { TradeColumns } from './trade-columns.js'

interface Kept {
  readonly symbol: string
  readonly file: string
  /** `trades`, `aggTrades` or `1m klines`: what the file holds, for a refusal. */
  readonly what: string
  readonly trades: TradeColumns
}

/** The trades replayed, one entry per file kept (in the order given); files set aside were still read and checked. */
export function replayedTrades(
  data: readonly ReplayData[],
  scalesOf: (symbol: string) => MarketScales | undefined,
): Kept[] {
  const finest = new Map<string, number>()
  for (const d of data) {
    const rank = fineness(d)
    if (rank !== undefined) finest.set(d.symbol, Math.min(rank, finest.get(d.symbol) ?? rank))
  }
  const kept: Kept[] = []
  for (const d of data) {
    if (d.kind === 'depth' || fineness(d) !== finest.get(d.symbol)) continue
    const { symbol, file } = d
    if (d.kind === 'klines')
      kept.push({
        symbol,
        file,
        what: `${d.interval} klines`,
        trades: klineTrades(d.klines, scalesOf(symbol)!),
      })
    else kept.push({ symbol, file, what: d.kind, trades: d.trades })
  }
  refuseOverlaps(kept)
  return kept
}

/** 0 for trades, 1 for aggTrades, then klines by interval (1s first); undefined for depth (no trades). */
function fineness(d: ReplayData): number | undefined {
  if (d.kind === 'trades') return 0
  if (d.kind === 'aggTrades') return 1
  if (d.kind === 'klines') return 2 + KLINE_INTERVAL.indexOf(d.interval)
  return undefined
}

/** Throws when two files kept for one symbol have a moment (µs) in common, naming both. */
function refuseOverlaps(kept: readonly Kept[]): void {
  const spans = kept
    .filter((k) => k.trades.length > 0)
    .map((k) => ({ ...k, first: k.trades.time[0]!, last: k.trades.time[k.trades.length - 1]! }))
    .sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : a.first - b.first))
  for (let i = 1; i < spans.length; i++) {
    const [before, k] = [spans[i - 1]!, spans[i]!]
    if (before.symbol !== k.symbol || k.first > before.last) continue
    const iso = (us: number) => new Date(Math.floor(us / 1000)).toISOString()
    throw new ReplayInputError(
      k.file,
      0,
      `its ${k.symbol} ${k.what} (${iso(k.first)} to ${iso(k.last)}) overlap those of ${before.file} (${iso(before.first)} to ${iso(before.last)}): give each period once`,
    )
  }
}
