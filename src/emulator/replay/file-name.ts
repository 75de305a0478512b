// What Binance's public data file names say: `BTCUSDT-trades-2025-03-01.zip`, `BTCUSDT-aggTrades-2025-03.csv`,
// `BTCUSDT-1m-2025-03-01.zip` (klines); and the depth snapshots users record themselves, `BTCUSDT-depth-2025-03-01.jsonl`
// (or `.jsonl.gz`: docs/replay.md "Depth snapshots").

import { KLINE_INTERVAL, type KlineInterval } from '../../protocol/enums.js'

const REPLAY_KINDS = ['trades', 'aggTrades', 'klines', 'depth'] as const
export type ReplayKind = (typeof REPLAY_KINDS)[number]
/** The kinds Binance publishes, as CSV. */
export type CsvKind = Exclude<ReplayKind, 'depth'>

export interface FileIdentity {
  readonly symbol: string
  readonly kind: ReplayKind
  /** The klines' interval as the API spells it (`1M` for the files' `1mo`). */
  readonly interval?: KlineInterval | undefined
}

const NAME = /^([A-Z0-9]+)-([A-Za-z0-9]+)-\d{4}-\d{2}(?:-\d{2})?\.(zip|csv|jsonl|jsonl\.gz)$/

/** The symbol and kind a Binance file name gives, or undefined when the name is not in Binance's form. */
export function identifyFile(path: string): FileIdentity | undefined {
  const base = path.split(/[\\/]/).pop() ?? path
  const m = NAME.exec(base)
  if (!m) return undefined
  const [, symbol, what, ext] = m as unknown as [string, string, string, string]
  if (ext.startsWith('jsonl')) return what === 'depth' ? { symbol, kind: 'depth' } : undefined
  if (what === 'depth') return undefined
  if (what === 'trades' || what === 'aggTrades') return { symbol, kind: what }
  // The files spell 1M as 1mo, for case-insensitive file systems.
  const interval = what === '1mo' ? '1M' : what
  if (what !== '1M' && (KLINE_INTERVAL as readonly string[]).includes(interval))
    return { symbol, kind: 'klines', interval: interval as KlineInterval }
  return undefined
}
