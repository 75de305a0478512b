// The market replayed: every file read and checked before anything is served, then merged in time order and given
// to the exchange as `recordMarketTrades` commands, one data event (one millisecond of data) at a time, with the
// emulator's clock set to the event's time first. Pacing: N× real time, or `max` (docs/replay.md).
import type { MarketTrade } from '../exchange/commands.js'
import type { Exchange } from '../exchange/exchange.js'
import { type MarketScales, type ReplayData, type ReplaySource, readReplayFile } from './read-replay-file.js'
import { ReplayInputError } from './replay-input-error.js'
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
  /** Writes the report here as JSON when the data ends, and its table beside it (`.txt`): docs/replay.md "Report". */
  report?: string
}

/** Where a replay stands. */
export interface ReplayProgress {
  /** Data time reached (ms); the clock's time. */
  readonly time: number
  readonly firstTime: number
  readonly lastTime: number
  /** Trades replayed of those in the window. */
  readonly trades: number
  readonly totalTrades: number
  readonly done: boolean
}

/** The clock the feed moves: the emulator's. */
interface FeedClock {
  set(time: number): void
}

interface Cursor {
  readonly symbol: string
  readonly trades: TradeColumns
  index: number
  end: number
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
  const data: ReplayData[] = []
  for (const f of options.files)
    data.push(await readReplayFile(typeof f === 'string' ? { path: f } : f, scalesOf))
  const from = (options.from ?? Number.NEGATIVE_INFINITY) * 1000
  const to = options.to === undefined ? Number.POSITIVE_INFINITY : options.to * 1000 + 999
  const cursors: Cursor[] = []
  for (const d of data) {
    if (d.kind === 'klines')
      throw new ReplayInputError(
        d.file,
        0,
        'klines files cannot drive the market yet: replay trades or aggTrades',
      )
    const t = d.trades
    cursors.push({ symbol: d.symbol, trades: t, index: lowerTime(t, from), end: lowerTime(t, to + 1) })
  }
  cursors.sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0))
  return new ReplayFeed(cursors, speed)
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

export class ReplayFeed {
  readonly firstTime: number
  readonly lastTime: number
  readonly totalTrades: number
  #time: number
  #trades = 0
  #timer: NodeJS.Timeout | NodeJS.Immediate | undefined
  #stopped = false
  #resolveDone!: () => void
  /** Settles when the data has ended (the clock stays at the last event) or the feed stopped. */
  readonly done = new Promise<void>((resolve) => {
    this.#resolveDone = resolve
  })

  constructor(
    private readonly cursors: readonly Cursor[],
    readonly speed: number | 'max',
  ) {
    let first = Number.POSITIVE_INFINITY
    let last = Number.NEGATIVE_INFINITY
    let total = 0
    for (const c of cursors) {
      if (c.index >= c.end) continue
      first = Math.min(first, msOf(c.trades.time[c.index]!))
      last = Math.max(last, msOf(c.trades.time[c.end - 1]!))
      total += c.end - c.index
    }
    if (total === 0) throw new TypeError('replay: no trade in the window from..to')
    this.firstTime = first
    this.lastTime = last
    this.totalTrades = total
    this.#time = first
  }

  progress(): ReplayProgress {
    return {
      time: this.#time,
      firstTime: this.firstTime,
      lastTime: this.lastTime,
      trades: this.#trades,
      totalTrades: this.totalTrades,
      done: this.#next() === undefined || this.#stopped,
    }
  }

  /**
   * Starts feeding `exchange`; `afterEvent` runs after each data event (the market streams flush). With `max`, one
   * event per turn of the event loop, after every frame that arrived has been answered.
   */
  start(exchange: Exchange, clock: FeedClock, afterEvent: () => void): void {
    const realStart = performance.now()
    const run = () => {
      this.#timer = undefined
      if (this.#stopped) return
      const due =
        this.speed === 'max' ? undefined : this.firstTime + (performance.now() - realStart) * this.speed
      for (let next = this.#next(); next !== undefined; next = this.#next()) {
        if (due !== undefined && next > due) {
          this.#timer = setTimeout(run, Math.max(1, (next - due) / (this.speed as number)))
          return
        }
        this.#event(next, exchange, clock)
        afterEvent()
        if (due === undefined) {
          this.#timer = setImmediate(run)
          return
        }
      }
      this.#resolveDone()
    }
    clock.set(this.firstTime)
    this.#timer = setImmediate(run)
  }

  /** Stops feeding; the clock stays where the data left it. */
  stop(): void {
    this.#stopped = true
    if (this.#timer) {
      clearTimeout(this.#timer as NodeJS.Timeout)
      clearImmediate(this.#timer as NodeJS.Immediate)
    }
    this.#resolveDone()
  }

  /** The time (ms) of the next data event, or undefined at the end. */
  #next(): number | undefined {
    let t: number | undefined
    for (const c of this.cursors) {
      if (c.index >= c.end) continue
      const ms = msOf(c.trades.time[c.index]!)
      if (t === undefined || ms < t) t = ms
    }
    return t
  }

  /** Every trade of millisecond `ms`, per symbol (in symbol order), as one command each. */
  #event(ms: number, exchange: Exchange, clock: FeedClock): void {
    clock.set(ms)
    this.#time = ms
    const bySymbol = new Map<string, MarketTrade[]>()
    for (const c of this.cursors) {
      const t = c.trades
      while (c.index < c.end && msOf(t.time[c.index]!) === ms) {
        const i = c.index++
        let list = bySymbol.get(c.symbol)
        if (!list) {
          list = []
          bySymbol.set(c.symbol, list)
        }
        list.push({ price: t.price[i]!, qty: t.qty[i]!, time: ms, buyerIsMaker: t.buyerIsMaker[i] === 1 })
      }
    }
    for (const [symbol, trades] of bySymbol) {
      this.#trades += trades.length
      exchange.execute({ kind: 'recordMarketTrades', symbol, trades }, ms)
    }
  }
}

function msOf(us: number): number {
  return Math.floor(us / 1000)
}
