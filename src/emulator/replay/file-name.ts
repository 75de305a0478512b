// What Binance's public data file names say: `BTCUSDT-trades-2025-03-01.zip`, `BTCUSDT-aggTrades-2025-03.csv`,
// `BTCUSDT-1m-2025-03-01.zip` (klines).

import { KLINE_INTERVAL, type KlineInterval } from '../../protocol/enums.js'

const REPLAY_KINDS = ['trades', 'aggTrades', 'klines'] as const
export type ReplayKind = (typeof REPLAY_KINDS)[number]

export interface FileIdentity {
  readonly symbol: string
  readonly kind: ReplayKind
  /** The klines' interval as the API spells it (`1M` for the files' `1mo`). */
  readonly interval?: KlineInterval | undefined
}

const NAME = /^([A-Z0-9]+)-([A-Za-z0-9]+)-\d{4}-\d{2}(?:-\d{2})?\.(?:zip|csv)$/

/** The symbol and kind a Binance file name gives, or undefined when the name is not in Binance's form. */
export function identifyFile(path: string): FileIdentity | undefined {
  const base = path.split(/[\\/]/).pop() ?? path
  const m = NAME.exec(base)
  if (!m) return undefined
  const [, symbol, what] = m as unknown as [string, string, string]
  if (what === 'trades' || what === 'aggTrades') return { symbol, kind: what }
  // The files spell 1M as 1mo, for case-insensitive file systems.
  const interval = what === '1mo' ? '1M' : what
  if (what !== '1M' && (KLINE_INTERVAL as readonly string[]).includes(interval))
    return { symbol, kind: 'klines', interval: interval as KlineInterval }
  return undefined
}
