// Publishes market data streams from the exchange's state: trades, aggregate trades and book tickers on every flush
// (after each request), diff depth at its update speed on the emulator clock (`diff-depth.ts`), the periodic streams
// (partial depth, klines, tickers, avgPrice) at theirs on the emulator clock too (`periodic-streams.ts`; data time in
// a replay). Nothing here walks the book per command: a flush costs what the command changed.
import type { Exchange } from '../../exchange/exchange.js'
import { type DepthClock, DiffDepth, type DiffDepthIntervals } from './diff-depth.js'
import { aggTradeEvent, bookTicker, tradeEvent } from './payloads.js'
import { PeriodicStreams } from './periodic-streams.js'
import { type ParsedName, parseStreamName, type StreamSpec } from './stream-names.js'

/** A subscriber (one stream connection): formats and sends one payload of a stream. */
export interface StreamSink {
  deliver(stream: string, payload: unknown, cache: Map<string, Buffer>): void
}

interface SymbolState {
  /** The symbol's exchangeInfo entry: its `status` is read at each flush (BREAK publishes nothing). */
  readonly info: { readonly status: string }
  /** Update id of the book at the last flush. */
  updateId: number
  readonly depth: DiffDepth
  tradeId: number
  aggId: number
  top: string
  /**
   * `top` was not recomputed at a book change because nobody listened to the book ticker, or never was (see
   * freshenTops): the first subscriber gets the book ticker it would have had.
   */
  topStale: boolean
  /** The symbol's real-time stream names. */
  readonly names: {
    readonly trade: string
    readonly aggTrade: string
    readonly bookTicker: string
  }
}

export class MarketStreams {
  private readonly subs = new Map<string, Set<StreamSink>>()
  private readonly specs = new Map<string, StreamSpec>()
  private readonly state = new Map<string, SymbolState>()
  private readonly periodic: PeriodicStreams

  private readonly publishes = (name: string, event: unknown) => this.publish(name, event)

  constructor(
    private readonly exchange: Exchange,
    private readonly clock: DepthClock,
    private readonly depthIntervals: DiffDepthIntervals,
  ) {
    this.periodic = new PeriodicStreams(exchange, clock, this.specs, () => this.flush(), this.publishes)
    clock.onRewind(() => {
      for (const st of this.state.values()) st.depth.rewound()
    })
    this.follow()
  }

  /**
   * Keeps a state per listed symbol: the symbols added while running (`addSymbol`) join; after a reset, those it
   * removed leave. Only an addition or a reset changes the listed symbols, and a reset calls `restart`.
   */
  private follow(): void {
    const { symbols } = this.exchange
    if (this.state.size === symbols.size) return
    for (const symbol of this.state.keys()) if (!symbols.has(symbol)) this.state.delete(symbol)
    for (const [symbol, { info }] of symbols) {
      if (this.state.has(symbol)) continue
      const book = this.exchange.book(symbol)
      const lower = symbol.toLowerCase()
      const trading = () => info.status !== 'BREAK'
      this.state.set(symbol, {
        info,
        updateId: book.updateId,
        depth: new DiffDepth(symbol, book, this.depthIntervals, this.clock, this.publishes, trading),
        tradeId: book.lastTradeId,
        aggId: this.exchange.tape(symbol).aggregates.lastId,
        top: '',
        topStale: true,
        names: {
          trade: `${lower}@trade`,
          aggTrade: `${lower}@aggTrade`,
          bookTicker: `${lower}@bookTicker`,
        },
      })
    }
  }

  parse(name: string): ParsedName {
    return parseStreamName(name, (s) => this.exchange.symbols.has(s))
  }

  /** Subscribes `sink` to a parsed stream; brings every stream up to date first so diffs start now. */
  add(sink: StreamSink, name: string, spec: StreamSpec): void {
    const set = this.subs.get(name) ?? new Set()
    if (set.has(sink)) return
    this.flush()
    this.freshenTops()
    this.subs.set(name, set)
    this.specs.set(name, spec)
    set.add(sink)
    if (spec.kind === 'depth') (this.state.get(spec.symbol) as SymbolState).depth.listen(spec.fast)
    this.periodic.subscribed()
  }

  remove(sink: StreamSink, name: string): void {
    const set = this.subs.get(name)
    if (!set?.delete(sink)) return
    const spec = this.specs.get(name)
    // A symbol a reset removed has no state left (its subscribers are being closed).
    if (spec?.kind === 'depth') this.state.get(spec.symbol)?.depth.unlisten(spec.fast)
    if (set.size === 0) {
      this.subs.delete(name)
      this.specs.delete(name)
      this.periodic.forget(name)
    }
  }

  /**
   * After a reset of the exchange, with no subscriber left: every symbol's published positions start again from its
   * book and tape (ids went back), and what diff depth had gathered is forgotten.
   */
  restart(): void {
    this.follow()
    for (const [symbol, st] of this.state) {
      const book = this.exchange.book(symbol)
      st.updateId = book.updateId
      st.depth.restart()
      st.tradeId = book.lastTradeId
      st.aggId = this.exchange.tape(symbol).aggregates.lastId
      st.top = ''
      st.topStale = true
    }
    this.periodic.restart()
  }

  /** The next diff depth event of `symbol` (of each subscribed speed) is withheld: the next one shows a gap. */
  injectGap(symbol: string): void {
    this.follow()
    const st = this.state.get(symbol)
    if (!st) throw new RangeError(`unknown symbol ${symbol}`)
    st.depth.withholdNext()
  }

  /**
   * Publishes what changed since the last flush: trades, aggregate trades, book tickers; arms the diff depth
   * timers. A stream nobody listens to is not formatted: only the positions it would continue from move on.
   */
  flush(): void {
    this.follow()
    if (this.subs.size === 0) {
      this.catchUp()
      return
    }
    const now = this.clock.now()
    for (const [symbol, st] of this.state) {
      // BREAK: nothing is published; the positions stay, so the first flush after it sends what changed.
      if (st.info.status === 'BREAK') continue
      const book = this.exchange.book(symbol)
      if (book.lastTradeId !== st.tradeId) this.publishTrades(symbol, st, now)
      st.depth.changed()
      if (book.updateId === st.updateId) continue
      st.updateId = book.updateId
      if (!this.subs.has(st.names.bookTicker)) {
        st.topStale = true
        continue
      }
      const top = bookTicker(symbol, book)
      const key = `${top.b} ${top.B} ${top.a} ${top.A}`
      st.topStale = false
      if (key !== st.top) {
        st.top = key
        this.publish(st.names.bookTicker, top)
      }
    }
  }

  /** flush() with no subscriber at all: every symbol's published positions move to the book's. */
  private catchUp(): void {
    for (const [symbol, st] of this.state) {
      const book = this.exchange.book(symbol)
      if (book.lastTradeId !== st.tradeId) {
        st.aggId = this.exchange.tape(symbol).aggregates.lastId
        st.tradeId = book.lastTradeId
      }
      if (book.updateId !== st.updateId) {
        st.updateId = book.updateId
        st.topStale = true
        st.depth.changed()
      }
    }
  }

  /**
   * Gives every stale `top` the value a flush would have given it: the book ticker at the last change of the
   * book, which is the book ticker now once flush() has run.
   */
  private freshenTops(): void {
    for (const [symbol, st] of this.state) {
      if (!st.topStale) continue
      const top = bookTicker(symbol, this.exchange.book(symbol))
      st.top = `${top.b} ${top.B} ${top.a} ${top.A}`
      st.topStale = false
    }
  }

  private publishTrades(symbol: string, st: SymbolState, now: number): void {
    const tape = this.exchange.tape(symbol)
    const m = this.exchange.book(symbol).market
    if (this.subs.has(st.names.trade)) {
      for (const t of tape.fromId(st.tradeId + 1, Number.MAX_SAFE_INTEGER)) {
        this.publish(st.names.trade, tradeEvent(symbol, m, t, now))
      }
    }
    if (this.subs.has(st.names.aggTrade)) {
      for (const a of tape.aggregates.fromId(st.aggId + 1, Number.MAX_SAFE_INTEGER)) {
        this.publish(st.names.aggTrade, aggTradeEvent(symbol, m, a, now))
      }
    }
    st.aggId = tape.aggregates.lastId
    st.tradeId = this.exchange.book(symbol).lastTradeId
  }

  /** Publishes every periodic stream now, whatever its speed (a test's `ex.streams.tick()`). */
  tick(): void {
    this.periodic.tick()
  }

  private publish(name: string, payload: unknown): void {
    const sinks = this.subs.get(name)
    if (!sinks?.size) return
    if (Array.isArray(payload) && payload.length === 0) return
    const cache = new Map<string, Buffer>()
    for (const sink of sinks) sink.deliver(name, payload, cache)
  }
}
