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
   * After a subscription changed or an update: the next update is armed at the next multiple of the smallest speed
   * subscribed (an earlier one replaces a later one; a later one waits for the armed one), and nothing is armed
   * once no periodic stream has a subscriber.
   */
  subscribed(): void {
    let step: number | undefined
    for (const spec of this.specs.values()) {
      const speed = updateSpeed(spec)
      if (speed !== undefined && (step === undefined || speed < step)) step = speed
    }
    if (step === undefined) {
      this.armed?.cancel()
      this.armed = undefined
      return
    }
    const now = this.clock.now()
    const due = now - (now % step) + step
    if (this.armed && this.armed.due <= due) return
    this.armed?.cancel()
    const timer = this.clock.at(due, () => {
      this.armed = undefined
      this.update(due)
      this.subscribed()
    })
    this.armed = { due, cancel: () => timer.cancel() }
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
