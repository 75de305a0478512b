// One symbol's diff depth streams at Binance's cadence (spec/web-socket-streams.md "Diff. Depth Stream": Update
// Speed 1000ms or 100ms). A command only arms the speed's timer on the emulator clock; the book itself records the
// prices it changed. At the end of an interval with a change, the changed prices are taken once, and one event with
// each level's quantity then (`U` the first update id after the previous event, `u` the book's now) goes to every
// subscriber of the speed. An interval without a change sends nothing (docs/emulator-fidelity.md H8).
import type { StreamEvent } from '../../../protocol/streams.js'
import type { BookView } from '../../exchange/exchange.js'
import type { ClockTimer, EmulatorClock } from '../server-life/clock.js'
import { levelsText } from './payloads.js'

/**
 * Emulator ms between two diff depth events of a symbol: `standard` for `@depth` and `@depth@1000ms`, `fast` for
 * `@depth@100ms`. 0: an event after every command that changes the book.
 */
export interface DiffDepthIntervals {
  readonly standard: number
  readonly fast: number
}

/** Binance's update speeds. */
const BINANCE_DEPTH_INTERVALS: DiffDepthIntervals = { standard: 1000, fast: 100 }

/** The intervals of `options` over Binance's; throws a TypeError naming one that is not an integer ≥ 0. */
export function diffDepthIntervals(options: Partial<DiffDepthIntervals> = {}): DiffDepthIntervals {
  const intervals = { ...BINANCE_DEPTH_INTERVALS, ...options }
  for (const [name, ms] of Object.entries(intervals)) {
    if (!Number.isSafeInteger(ms) || ms < 0) {
      throw new TypeError(
        `diffDepthInterval.${name}: ${JSON.stringify(ms)} is not an integer number of ms ≥ 0`,
      )
    }
  }
  return intervals
}

/** What the symbol's events need from the emulator clock. */
export type DepthClock = Pick<EmulatorClock, 'now' | 'at' | 'onRewind' | 'horizon'>

interface Speed {
  /** The stream names it publishes on (`@depth` and `@depth@1000ms`, or `@depth@100ms`). */
  readonly names: readonly string[]
  readonly interval: number
  listeners: number
  /** The book's update id at this speed's last event (or first listener): the next event's `U` is this + 1. */
  from: number
  /** Prices changed since the last event, per side. */
  readonly bids: Set<number>
  readonly asks: Set<number>
  /** Armed while a change waits for the end of its interval. */
  timer: ClockTimer | undefined
  /** Set by a test's gap fault: the next event is built, then not sent. */
  withhold: boolean
}

function speed(names: readonly string[], interval: number): Speed {
  return {
    names,
    interval,
    listeners: 0,
    from: 0,
    bids: new Set(),
    asks: new Set(),
    timer: undefined,
    withhold: false,
  }
}

export class DiffDepth {
  private readonly standard: Speed
  private readonly fast: Speed
  private readonly speeds: readonly Speed[]
  private watching = false
  /** The book's update id when its changed prices were last taken. */
  private taken: number

  /** `trading()`: false while the symbol is in BREAK, which publishes nothing. */
  constructor(
    private readonly symbol: string,
    private readonly book: BookView,
    intervals: DiffDepthIntervals,
    private readonly clock: DepthClock,
    private readonly publish: (name: string, event: StreamEvent) => void,
    private readonly trading: () => boolean,
  ) {
    const lower = symbol.toLowerCase()
    this.standard = speed([`${lower}@depth`, `${lower}@depth@1000ms`], intervals.standard)
    this.fast = speed([`${lower}@depth@100ms`], intervals.fast)
    this.speeds = [this.standard, this.fast]
    this.taken = book.updateId
  }

  /** One more subscriber of a speed; the first one's events start at the book's next update. */
  listen(fast: boolean): void {
    const s = fast ? this.fast : this.standard
    if (s.listeners > 0) {
      s.listeners++
      return
    }
    if (!this.watching) this.book.watchLevels()
    this.watching = true
    this.take()
    s.listeners = 1
    s.from = this.book.updateId
  }

  /** One subscriber fewer; the last one's leaving forgets what the speed had gathered. */
  unlisten(fast: boolean): void {
    const s = fast ? this.fast : this.standard
    if (--s.listeners > 0) return
    s.timer?.cancel()
    s.timer = undefined
    s.bids.clear()
    s.asks.clear()
  }

  /** After a reset refilled the book in place (its update ids went back): every speed starts again from it. */
  restart(): void {
    for (const s of this.speeds) {
      s.timer?.cancel()
      s.timer = undefined
      s.bids.clear()
      s.asks.clear()
      s.from = this.book.updateId
      s.withhold = false
    }
    this.taken = this.book.updateId
    this.watching = this.speeds.some((s) => s.listeners > 0)
    if (this.watching) this.book.watchLevels()
  }

  /** The next event of each speed that has subscribers (of both when none has) is withheld: the one after it shows a gap. */
  withholdNext(): void {
    const listened = this.speeds.filter((s) => s.listeners > 0)
    for (const s of listened.length > 0 ? listened : this.speeds) s.withhold = true
  }

  /**
   * After a command (while the symbol is not in BREAK): a speed whose book moved since its last event has its
   * timer armed for the end of the current interval, or publishes now with interval 0. O(1) per command.
   */
  changed(): void {
    if (this.standard.listeners === 0 && this.fast.listeners === 0) {
      if (this.watching) this.take()
      return
    }
    for (const s of this.speeds) {
      if (s.listeners === 0 || s.timer !== undefined || this.book.updateId === s.from) continue
      if (s.interval === 0) this.send(s)
      else {
        const now = this.clock.now()
        s.timer = this.clock.at(now - (now % s.interval) + s.interval, () => {
          s.timer = undefined
          if (s.listeners > 0 && this.trading()) this.send(s)
        })
      }
    }
  }

  /** The clock moved back: a speed waiting for the end of an interval waits for the end of the one it is in now. */
  rewound(): void {
    for (const s of this.speeds) {
      s.timer?.cancel()
      s.timer = undefined
    }
    if (this.trading()) this.changed()
  }

  /** Gives the prices the book changed since the last take to every speed that listens. */
  private take(): void {
    if (this.book.updateId === this.taken) return
    this.taken = this.book.updateId
    const { bids, asks } = this.book.takeChangedLevels()
    for (const s of this.speeds) {
      if (s.listeners === 0) continue
      for (const p of bids) s.bids.add(p)
      for (const p of asks) s.asks.add(p)
    }
  }

  /** Formats the speed's event once, for all its names, and starts its next interval. */
  private send(s: Speed): void {
    this.take()
    const u = this.book.updateId
    if (u === s.from) return
    const levels = (prices: Set<number>, side: BookView['bids'], best: (a: number, b: number) => number) =>
      levelsText(
        this.book.market,
        [...prices].sort(best).map((p) => [p, side.qtyAt(p)]),
      )
    const event = {
      e: 'depthUpdate',
      E: this.clock.now(),
      s: this.symbol,
      U: s.from + 1,
      u,
      b: levels(s.bids, this.book.bids, (a, b) => b - a),
      a: levels(s.asks, this.book.asks, (a, b) => a - b),
    } satisfies StreamEvent
    s.from = u
    s.bids.clear()
    s.asks.clear()
    if (s.withhold) {
      s.withhold = false
      return
    }
    for (const name of s.names) this.publish(name, event)
  }
}
