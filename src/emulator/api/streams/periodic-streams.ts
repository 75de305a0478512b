// The periodic market streams at Binance's update speeds (spec/web-socket-streams.md, "Update Speed" of each) on the
// emulator clock, so a test's manual clock, the control API's `clock` and a replay's data time drive them: each
// update at a whole multiple of its speed. One clock timer, at the next multiple of the smallest speed subscribed,
// armed only while a periodic stream has a subscriber (docs/emulator-fidelity.md H8a).
import type { Exchange } from '../../exchange/exchange.js'
import type { DepthClock } from './diff-depth.js'
import {
  avgPriceEvent,
  klineEvent,
  miniTicker,
  partialDepth,
  referencePriceEvent,
  rollingTicker,
  ticker,
} from './payloads.js'
import type { StreamSpec } from './stream-names.js'

/** The ms between two updates of a stream published on a clock; undefined for the real-time ones and diff depth. */
function updateSpeed(spec: StreamSpec): number | undefined {
  switch (spec.kind) {
    case 'partialDepth':
      return spec.fast ? 100 : 1000
    case 'kline':
      return spec.interval === '1s' ? 1000 : 2000
    case 'miniTicker':
    case 'ticker':
    case 'rolling':
    case 'avgPrice':
    case 'referencePrice':
    case 'allMiniTicker':
    case 'allRolling':
      return 1000
    case 'trade':
    case 'aggTrade':
    case 'bookTicker':
    case 'blockTrade':
    case 'depth':
      return undefined
  }
}

/**
 * A jump of the clock (or a stall of real time) sends every update of its last 10 s, as real time would; before
 * that, only what `catchUp` keeps.
 */
const CATCH_UP = 10_000

function nextMultiple(t: number, step: number): number {
  return t - (t % step) + step
}

/** The clock timer of the next update and when it is due. */
interface Armed {
  readonly due: number
  cancel(): void
}

export class PeriodicStreams {
  private armed: Armed | undefined
  /** Per all-market stream: the last trade id of each symbol at its previous publication. */
  private readonly arrSeen = new Map<string, Map<string, number>>()

  /** `specs`: the subscribed streams, by name; `flush` publishes the real-time ones first; `publish` sends one. */
  constructor(
    private readonly exchange: Exchange,
    private readonly clock: DepthClock,
    private readonly specs: ReadonlyMap<string, StreamSpec>,
    private readonly flush: () => void,
    private readonly publish: (name: string, payload: unknown) => void,
  ) {
    // Moved back, the clock would reach the armed update only after the time it left: the next is armed from now.
    clock.onRewind(() => this.subscribed())
  }

  /**
   * After a subscription changed: the next update is armed at the next multiple of the smallest speed subscribed (an
   * earlier one replaces a later one; a later one waits for the armed one), and nothing is armed once no periodic
   * stream has a subscriber.
   */
  subscribed(): void {
    const step = this.step()
    if (step === undefined) {
      this.armed?.cancel()
      this.armed = undefined
      return
    }
    const due = nextMultiple(this.clock.now(), step)
    if (this.armed && this.armed.due <= due) return
    this.arm(due)
  }

  private step(): number | undefined {
    let step: number | undefined
    for (const spec of this.specs.values()) {
      const speed = updateSpeed(spec)
      if (speed !== undefined && (step === undefined || speed < step)) step = speed
    }
    return step
  }

  private arm(due: number): void {
    this.armed?.cancel()
    const timer = this.clock.at(due, () => this.fire(due))
    this.armed = { due, cancel: () => timer.cancel() }
  }

  /**
   * The next update is armed from this one's due time, not from now: late after a stall, the ones due meanwhile
   * follow at once. A jump (or stall) longer than CATCH_UP sends only the updates of `catchUp`.
   */
  private fire(due: number): void {
    this.armed = undefined
    const step = this.step()
    if (step === undefined) return
    const horizon = this.clock.horizon()
    if (horizon - due > CATCH_UP) {
      this.arm(this.catchUp(due, horizon, step))
    } else {
      this.update(due)
      this.arm(nextMultiple(due, step))
    }
  }

  /** A stream lost its last subscriber: an all-market stream starts again with every symbol. */
  forget(name: string): void {
    this.arrSeen.delete(name)
    this.subscribed()
  }

  /** After a reset of the exchange: the all-market streams start again with every symbol. */
  restart(): void {
    this.arrSeen.clear()
  }

  /** Publishes every periodic stream now, whatever its speed (a test's `ex.streams.tick()`). */
  tick(): void {
    this.flush()
    const now = this.clock.now()
    for (const [name, spec] of this.specs) this.send(name, spec, now, now)
  }

  /**
   * The updates due at `due`: each stream whose speed divides it. A kline shows the bar holding the ms before, so a
   * bar's last update is its closed state (`x: true`).
   */
  private update(due: number): void {
    this.flush()
    const now = this.clock.now()
    for (const [name, spec] of this.specs) {
      const speed = updateSpeed(spec)
      if (speed !== undefined && due % speed === 0) this.send(name, spec, now, due - 1)
    }
  }

  /**
   * An update time more than CATCH_UP before the end of a jump of the clock to `horizon` (docs/emulator-fidelity.md
   * H8c): only a kline sends, each bar with trades as it closes. The other updates there carry nothing a consumer
   * needs that the jump's last CATCH_UP, sent in full, does not, and sending them all would close it as a slow
   * consumer (H1). Returns the next time something is due. A bar whose first trade comes during the jump (from another
   * timer) is not sent closed unless it closes in the last CATCH_UP.
   */
  private catchUp(due: number, horizon: number, step: number): number {
    this.flush()
    const ex = this.exchange
    const now = this.clock.now()
    let wake = nextMultiple(horizon - CATCH_UP - 1, step)
    for (const [name, spec] of this.specs) {
      if (spec.kind !== 'kline') continue
      const closing = klineEvent(ex, spec.symbol, spec.interval, spec.offsetMs, now, due - 1)
      if (closing.k.T + 1 === due && closing.k.n > 0) this.send(name, spec, now, due - 1)
      const open = klineEvent(ex, spec.symbol, spec.interval, spec.offsetMs, now, due)
      if (open.k.n > 0) wake = Math.min(wake, open.k.T + 1)
    }
    return wake
  }

  private send(name: string, spec: StreamSpec, now: number, barTime: number): void {
    const payload = this.payload(name, spec, now, barTime)
    if (payload !== undefined) this.publish(name, payload)
  }

  private payload(name: string, spec: StreamSpec, now: number, barTime: number): unknown {
    const ex = this.exchange
    // A symbol in BREAK generates no market data (docs/emulator-fidelity.md 3.1.6); one in HALT still does.
    if ('symbol' in spec && ex.symbols.get(spec.symbol)?.info.status === 'BREAK') return undefined
    switch (spec.kind) {
      case 'partialDepth':
        return partialDepth(ex.book(spec.symbol), spec.levels)
      case 'kline':
        return klineEvent(ex, spec.symbol, spec.interval, spec.offsetMs, now, barTime)
      case 'miniTicker':
        return miniTicker(ex, spec.symbol, now)
      case 'ticker':
        return ticker(ex, spec.symbol, now)
      case 'rolling':
        return rollingTicker(ex, spec.symbol, spec.window, now)
      case 'avgPrice':
        return avgPriceEvent(ex, spec.symbol, now)
      case 'referencePrice':
        return referencePriceEvent(ex, spec.symbol, now)
      case 'allMiniTicker':
        return this.changedSymbols(name).map((s) => miniTicker(ex, s, now))
      case 'allRolling':
        return this.changedSymbols(name).map((s) => rollingTicker(ex, s, spec.window, now))
      default:
        return undefined
    }
  }

  /** Symbols with trades since this all-market stream last published (all of them the first time). */
  private changedSymbols(name: string): string[] {
    const seen = this.arrSeen.get(name) ?? new Map<string, number>()
    this.arrSeen.set(name, seen)
    const out: string[] = []
    for (const [symbol, s] of this.exchange.symbols) {
      if (s.info.status === 'BREAK') continue
      const last = this.exchange.book(symbol).lastTradeId
      if (seen.get(symbol) !== last) out.push(symbol)
      seen.set(symbol, last)
    }
    return out
  }
}
