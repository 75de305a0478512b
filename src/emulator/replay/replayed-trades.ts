// Which files make a symbol's market when several are given: its trades and aggTrades files when it has any (the
// finest data wins); otherwise its klines files of the finest interval, as synthetic trades (kline-trades.ts). Depth
// files make no trades.
import { KLINE_INTERVAL } from '../../protocol/enums.js'
import type { MarketScales } from './checked-rows.js'
import { klineTrades } from './kline-trades.js'
import type { ReplayData } from './read-replay-file.js'
import type { TradeColumns } from './trade-columns.js'

/** The trades replayed, one entry per file kept (in the order given); files set aside were still read and checked. */
export function replayedTrades(
  data: readonly ReplayData[],
  scalesOf: (symbol: string) => MarketScales | undefined,
): { readonly symbol: string; readonly trades: TradeColumns }[] {
  const withTrades = new Set(
    data.filter((d) => d.kind === 'trades' || d.kind === 'aggTrades').map((d) => d.symbol),
  )
  const finest = new Map<string, number>()
  for (const d of data)
    if (d.kind === 'klines') {
      const rank = KLINE_INTERVAL.indexOf(d.interval)
      finest.set(d.symbol, Math.min(rank, finest.get(d.symbol) ?? rank))
    }
  const kept: { symbol: string; trades: TradeColumns }[] = []
  for (const d of data) {
    if (d.kind === 'trades' || d.kind === 'aggTrades') kept.push({ symbol: d.symbol, trades: d.trades })
    else if (
      d.kind === 'klines' &&
      !withTrades.has(d.symbol) &&
      KLINE_INTERVAL.indexOf(d.interval) === finest.get(d.symbol)
    )
      kept.push({ symbol: d.symbol, trades: klineTrades(d.klines, scalesOf(d.symbol)!) })
  }
  return kept
}
