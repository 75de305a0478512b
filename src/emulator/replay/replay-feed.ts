// The market replayed (the files read by `load-replay.ts`): merged in time order and given to the exchange as
// `recordMarketTrades` commands, one data event (one millisecond of data) at a time, with the emulator's clock set to
// the event's time first; a depth snapshot due then rides on its symbol's command. Pacing: N× real time, or `max`
// (docs/replay.md).
import type { BookSnapshot, MarketTrade } from '../exchange/commands.js'
import type { Exchange } from '../exchange/exchange.js'
import type { SynthBookSettings } from '../exchange/market-data/synth-book.js'
import type { DepthCursor } from './depth-cursors.js'
import { HistoryFills } from './history-fills.js'
import { Lockstep, type LockstepOptions } from './lockstep.js'
import type { TradeColumns } from './trade-columns.js'

/** Where a replay stands. */
export interface ReplayProgress {
  /** Data time reached (ms); the clock's time. */
  readonly time: number
  readonly firstTime: number
  readonly lastTime: number
  /** Trades replayed of those in the window. */
  readonly trades: number
  readonly totalTrades: number
  /** The data has ended. */
  readonly done: boolean
  /** The feed was stopped (the emulator closed) before the data ended. */
  readonly stopped: boolean
}

/** The clock the feed moves: the emulator's. */
interface FeedClock {
  now(): number
  set(time: number): void
  /** When its next timer is due (a stream's update, a connection's age), if one is armed. */
  nextDue(): number | undefined
}

/** What the feed sees of the emulator's clients: how many connections are open. */
interface FeedClients {
  connections(): number
}

/** One replayed file's trades in the window: `[index, end)`. */
export interface Cursor {
  readonly symbol: string
  readonly trades: TradeColumns
  index: number
  end: number
}

export class ReplayFeed {
  readonly firstTime: number
  readonly lastTime: number
  readonly totalTrades: number
  #time: number
  #trades = 0
  #timer: NodeJS.Timeout | NodeJS.Immediate | undefined
  #stopped = false
  #fills: HistoryFills | undefined
  #resolveDone!: () => void
  /** Settles when the data has ended (the clock stays at the last event) or the feed stopped. */
  readonly done = new Promise<void>((resolve) => {
    this.#resolveDone = resolve
  })

  #lockstep: Lockstep | undefined
  /** The symbols whose book a snapshot has replaced: the trades no longer re-centre it. */
  readonly #snapshotBooks = new Set<string>()

  constructor(
    private readonly cursors: readonly Cursor[],
    readonly speed: number | 'max',
    private readonly lockstep: LockstepOptions,
    /** The synthesized book of each replayed symbol, resolved. */
    readonly synthBook: Readonly<Record<string, SynthBookSettings>>,
    private readonly depth: readonly DepthCursor[] = [],
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
    for (const d of depth) if (d.end > d.index) last = Math.max(last, d.time[d.end - 1]!)
    this.lastTime = last
    this.totalTrades = total
    this.#time = first
  }

  progress(): ReplayProgress {
    const done = this.#next() === undefined
    return {
      time: this.#time,
      firstTime: this.firstTime,
      lastTime: this.lastTime,
      trades: this.#trades,
      totalTrades: this.totalTrades,
      done,
      stopped: this.#stopped && !done,
    }
  }

  /**
   * Starts feeding `exchange`; `afterEvent` runs after each data event (the market streams flush). With `max`, one
   * step of data at a time, synchronously, then a wait until the clients are quiet (docs/replay.md).
   */
  start(exchange: Exchange, clock: FeedClock, afterEvent: () => void, clients: FeedClients): void {
    this.#fills = new HistoryFills(exchange, new Set(this.cursors.map((c) => c.symbol)))
    forward(clock, this.firstTime)
    if (this.speed === 'max') this.#startLockstep(exchange, clock, afterEvent, clients)
    else if (this.lockstep.waitForClients === 0) this.#startPaced(this.speed, exchange, clock, afterEvent)
    else {
      // The clock stands at the first event until the clients are in and their setup is quiet, as at max.
      const { speed } = this
      this.#lockstep = new Lockstep(this.lockstep, clients.connections)
      this.#lockstep.afterClients(() => this.#startPaced(speed, exchange, clock, afterEvent))
    }
  }

  /** A request arrived, or a client connected: the quiet window starts again. */
  activity(): void {
    this.#lockstep?.activity()
  }

  #startPaced(speed: number, exchange: Exchange, clock: FeedClock, afterEvent: () => void): void {
    const realStart = performance.now()
    const run = () => {
      this.#timer = undefined
      if (this.#stopped) return
      const due = this.firstTime + (performance.now() - realStart) * speed
      for (let next = this.#next(); next !== undefined; next = this.#next()) {
        // A timer in a gap of the data (a stream's update) comes at the pace, not all at once with the next event.
        const wake = Math.min(next, clock.nextDue() ?? next)
        if (wake > due) {
          this.#timer = setTimeout(run, Math.max(1, (wake - due) / speed))
          return
        }
        if (wake < next) {
          forward(clock, wake)
          continue
        }
        this.#event(next, exchange, clock)
        afterEvent()
      }
      this.#resolveDone()
    }
    this.#timer = setImmediate(run)
  }

  /**
   * Steps of `step` ms of data from the first event; a step applies every event it holds, in one turn. A gap in the
   * data is crossed one step at a time where a clock timer is due in it (the streams' updates: each step's, then the
   * quiet window, as for a step of data), else at once.
   */
  #startLockstep(exchange: Exchange, clock: FeedClock, afterEvent: () => void, clients: FeedClients): void {
    const { step } = this.lockstep
    const stepOf = (ms: number) => this.firstTime + Math.floor((ms - this.firstTime) / step) * step
    const applyStep = () => {
      const first = this.#next()
      if (first === undefined) return false
      const timer = clock.nextDue()
      if (timer !== undefined && stepOf(timer) < stepOf(first)) {
        forward(clock, stepOf(timer) + step - 1)
        return true
      }
      const end = stepOf(first) + step
      for (let next: number | undefined = first; next !== undefined && next < end; next = this.#next()) {
        this.#event(next, exchange, clock)
        afterEvent()
      }
      return true
    }
    this.#lockstep = new Lockstep(this.lockstep, clients.connections)
    this.#lockstep.start(applyStep, this.#resolveDone)
  }

  /** Stops feeding; the clock stays where the data left it. */
  stop(): void {
    this.#stopped = true
    this.#lockstep?.stop()
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
    for (const d of this.depth) {
      if (d.index >= d.end) continue
      const ms = this.#snapshotTime(d)
      if (t === undefined || ms < t) t = ms
    }
    return t
  }

  /** When `d`'s next snapshot applies: at its time, or with the first data event when it comes before it. */
  #snapshotTime(d: DepthCursor): number {
    return Math.max(this.firstTime, d.time[d.index]!)
  }

  /** The latest snapshot of each symbol due at `ms`, the cursors moved past them. */
  #dueSnapshots(ms: number): Map<string, BookSnapshot> | undefined {
    let due: Map<string, BookSnapshot> | undefined
    for (const d of this.depth) {
      let book: BookSnapshot | undefined
      while (d.index < d.end && this.#snapshotTime(d) <= ms) book = d.books[d.index++]
      if (!book) continue
      due ??= new Map()
      due.set(d.symbol, book)
      this.#snapshotBooks.add(d.symbol)
    }
    return due
  }

  /** Every trade of millisecond `ms`, per symbol (in symbol order), as one command each. */
  #event(ms: number, exchange: Exchange, clock: FeedClock): void {
    forward(clock, ms)
    this.#time = ms
    const snapshots = this.#dueSnapshots(ms)
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
        const price = t.price[i]!
        const qty = t.qty[i]!
        const buyerIsMaker = t.buyerIsMaker[i] === 1
        const fills = this.#fills?.plan(c.symbol, price, qty, buyerIsMaker)
        list.push(
          fills ? { price, qty, time: ms, buyerIsMaker, fills } : { price, qty, time: ms, buyerIsMaker },
        )
      }
    }
    for (const [symbol, trades] of bySymbol) {
      this.#trades += trades.length
      const depth = snapshots?.get(symbol)
      snapshots?.delete(symbol)
      const keepBook = this.#snapshotBooks.has(symbol)
      exchange.execute(
        keepBook
          ? { kind: 'recordMarketTrades', symbol, trades, depth, keepBook }
          : { kind: 'recordMarketTrades', symbol, trades },
        ms,
      )
      this.#fills?.applied(symbol)
    }
    for (const [symbol, depth] of snapshots ?? [])
      exchange.execute({ kind: 'recordMarketTrades', symbol, trades: [], depth, keepBook: true }, ms)
  }
}

/**
 * Moves `clock` to `time` unless it is past it: the replay never takes the clock back (a clock whose source runs on,
 * `startEmulator({ now })`, may be ahead of the data; its timers have fired and its streams' times must not fall).
 */
function forward(clock: FeedClock, time: number): void {
  if (time >= clock.now()) clock.set(time)
}

function msOf(us: number): number {
  return Math.floor(us / 1000)
}
