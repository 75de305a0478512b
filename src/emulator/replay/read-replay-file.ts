// Reads one of Binance's public spot data files (trades, aggTrades or klines; CSV or the published zip) into
// the symbol's integer units, or a depth snapshots file (depth-file.ts), checking every line: a bad file fails whole, naming the file and the line.
import type { KlineInterval } from '../../protocol/enums.js'
import { type ByteSource, type ChunkParser, chunkSource, fileSource, scanLines } from './byte-source.js'
import { CheckedRows, type MarketScales } from './checked-rows.js'
import { type DepthSnapshots, readDepthFile } from './depth-file.js'
import { identifyFile, type ReplayKind } from './file-name.js'
import type { KlineRow } from './kline-row.js'
import { ReplayInputError } from './replay-input-error.js'
import type { TradeColumns } from './trade-columns.js'
import { tradeRowParser } from './trade-rows.js'
import { zipCsvEntries } from './zip-entries.js'

export type { MarketScales } from './checked-rows.js'

/** A file to replay; `symbol`, `kind` and `interval` default to what Binance's file name says. */
export interface ReplaySource {
  readonly path: string
  readonly symbol?: string | undefined
  readonly kind?: ReplayKind | undefined
  readonly interval?: KlineInterval | undefined
}

export type ReplayData =
  | {
      readonly kind: 'trades' | 'aggTrades'
      readonly file: string
      readonly symbol: string
      readonly trades: TradeColumns
    }
  | {
      readonly kind: 'klines'
      readonly file: string
      readonly symbol: string
      readonly interval: KlineInterval
      readonly klines: readonly KlineRow[]
    }
  | { readonly kind: 'depth'; readonly file: string; readonly symbol: string; readonly depth: DepthSnapshots }

/** Reads and checks `source` whole; `scalesOf` says how each listed symbol counts (undefined: not listed). */
export async function readReplayFile(
  source: ReplaySource,
  scalesOf: (symbol: string) => MarketScales | undefined,
): Promise<ReplayData> {
  const file = source.path
  const named = identifyFile(file)
  const symbol = source.symbol ?? named?.symbol
  const kind = source.kind ?? named?.kind
  if (!symbol || !kind)
    throw new ReplayInputError(
      file,
      0,
      'symbol and kind are not in the file name (SYMBOL-trades-YYYY-MM-DD.zip): give them, { path, symbol, kind }',
    )
  const scales = scalesOf(symbol)
  if (!scales) throw new ReplayInputError(file, 0, `unknown symbol ${symbol} (not listed by the emulator)`)
  if (kind === 'depth') return { kind, file, symbol, depth: await readDepthFile(file, symbol, scales) }
  const interval = source.interval ?? named?.interval
  if (kind === 'klines' && interval === undefined)
    throw new ReplayInputError(
      file,
      0,
      'the klines interval is not in the file name: give it, { path, symbol, kind, interval }',
    )
  const rows = new CheckedRows(file, kind, symbol, scales)
  const sources = await byteSources(file)
  const parse = kind === 'klines' ? rows.lines : sizedOnce(tradeRowParser(rows), rows.trades, sources)
  for (const bytes of sources) await scanLines(file, bytes, parse)
  const { trades, klines } = rows
  if (trades.length === 0 && klines.length === 0) throw new ReplayInputError(file, 0, 'no data rows')
  return kind === 'klines'
    ? { kind, file, symbol, interval: interval!, klines }
    : { kind, file, symbol, trades }
}

/** `parse`, which after its first window sizes `trades` for all the bytes to come, at that window's bytes per row. */
function sizedOnce(parse: ChunkParser, trades: TradeColumns, sources: readonly ByteSource[]): ChunkParser {
  const total = sources.reduce((sum, s) => sum + s.size, 0)
  let sized = false
  return (buf, start, end, final) => {
    const done = parse(buf, start, end, final)
    if (!sized && trades.length > 0 && done > start) {
      sized = true
      trades.reserve(Math.ceil(((trades.length * total) / (done - start)) * 1.02) + 16)
    }
    return done
  }
}

async function byteSources(file: string): Promise<ByteSource[]> {
  if (!file.toLowerCase().endsWith('.zip')) return [await fileSource(file)]
  const entries = await zipCsvEntries(file)
  if (entries.length === 0) throw new ReplayInputError(file, 0, 'the zip holds no .csv file')
  return entries.map((e) => chunkSource(e.size, e.chunks()))
}
