// A replay's options, and its files read and checked whole into a feed (`replay-feed.ts`) before anything is served.
import { realpath } from 'node:fs/promises'
import type { SynthBookSettings } from '../exchange/market-data/synth-book.js'
import { depthCursors } from './depth-cursors.js'
import { lockstepOptions } from './lockstep.js'
import { type MarketScales, type ReplayData, type ReplaySource, readReplayFile } from './read-replay-file.js'
import { type Cursor, ReplayFeed } from './replay-feed.js'
import { replayedTrades } from './replayed-trades.js'
import { medianQty, type ReplayBookOptions, synthBookSettings } from './synth-book-options.js'
import type { TradeColumns } from './trade-columns.js'

/** `startEmulator({ replay })`: Binance's public data files drive the market and the clock. */
export interface ReplayOptions {
  /** Paths (symbol and kind from Binance's file names) or sources naming them. */
  files: (string | ReplaySource)[]
  /** N× real time, or `'max'`: the next data event as soon as the emulator is idle. Default `'max'`. */
  speed?: number | 'max'
  /** The window replayed, ms since the epoch (inclusive). Default: all the data. */
  from?: number
  to?: number
  /** `max` only: data time (ms) applied in one step before the replay waits for the clients. Default 1000. */
  step?: number
  /**
   * Real ms without a request that make the clients idle: after each step at `max`, and once `waitForClients` are
   * in. Default 2.
   */
  quietMs?: number
  /**
   * Hold the data until this many connections (WS API and streams) are open and their setup requests are quiet (at
   * N× real time the clock starts then). Default 0.
   */
  waitForClients?: number
  /** The book synthesized around the replayed price, per symbol (docs/replay.md). */
  book?: Record<string, ReplayBookOptions>
  /**
   * Liquidity a user's order takes from the replay's book (synthesized or snapshot) stays taken until the book is
   * rebuilt: the next replayed trade re-centres a synthesized book, the next snapshot replaces a snapshot book.
   * Default false: a level taken whole is posted again at once (docs/replay.md "Market impact").
   */
  impact?: boolean
  /** Writes the report here as JSON when the data ends, and its table beside it (`.txt`): docs/replay.md "Report". */
  report?: string
}

/** Reads every source (all of them, before anything is served); throws a ReplayInputError on bad input. */
export async function loadReplay(
  options: ReplayOptions,
  scalesOf: (symbol: string) => MarketScales | undefined,
): Promise<ReplayFeed> {
  const speed = options.speed ?? 'max'
  if (speed !== 'max' && !(typeof speed === 'number' && speed > 0 && Number.isFinite(speed)))
    throw new TypeError(`replay.speed: ${String(speed)} is not a number > 0 or 'max'`)
  if (options.files.length === 0) throw new TypeError('replay.files: no file to replay')
  if (options.impact !== undefined && typeof options.impact !== 'boolean')
    throw new TypeError(`replay.impact: ${String(options.impact)} is not true or false`)
  const data: ReplayData[] = []
  const seen = new Set<string>()
  for (const f of options.files) {
    const source = typeof f === 'string' ? { path: f } : f
    // One file given twice (a glob and its name, a link): read once, as first given. A path that is not there is
    // left to the reader to refuse.
    const real = await realpath(source.path).catch(() => source.path)
    if (seen.has(real)) continue
    seen.add(real)
    data.push(await readReplayFile(source, scalesOf))
  }
  const from = (options.from ?? Number.NEGATIVE_INFINITY) * 1000
  const to = options.to === undefined ? Number.POSITIVE_INFINITY : options.to * 1000 + 999
  const cursors: Cursor[] = []
  for (const { symbol, trades: t } of replayedTrades(data, scalesOf))
    cursors.push({ symbol, trades: t, index: lowerTime(t, from), end: lowerTime(t, to + 1) })
  cursors.sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0))
  const synthBook: Record<string, SynthBookSettings> = {}
  for (const symbol of new Set(cursors.map((c) => c.symbol))) {
    const windows = cursors.filter((c) => c.symbol === symbol).map((c) => ({ ...c, qty: c.trades.qty }))
    const scales = scalesOf(symbol) as MarketScales
    const settings = synthBookSettings(symbol, options.book?.[symbol], scales, medianQty(windows))
    synthBook[symbol] = options.impact ? { ...settings, impact: true } : settings
  }
  const depth = depthCursors(
    data,
    new Set(cursors.map((c) => c.symbol)),
    options.from ?? Number.NEGATIVE_INFINITY,
    options.to ?? Number.POSITIVE_INFINITY,
  )
  for (const symbol of Object.keys(options.book ?? {}))
    if (!(symbol in synthBook)) throw new TypeError(`replay.book.${symbol}: no replayed file of ${symbol}`)
  return new ReplayFeed(cursors, speed, lockstepOptions(options), synthBook, depth)
}

/** The first index whose time (µs) is ≥ `us`. */
function lowerTime(t: TradeColumns, us: number): number {
  let lo = 0
  let hi = t.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (t.time[mid]! < us) lo = mid + 1
    else hi = mid
  }
  return lo
}
