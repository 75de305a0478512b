// Publishes market data streams from the exchange's state: real-time streams on every flush (after each
// request), periodic ones on `tick`. Depth diffs compare the levels the book reports changed with what was last
// published, so `U`…`u` always equal the book's update ids, whatever changed the book, and a diff costs what
// changed, not the size of the book.
import type { StreamEvent } from '../../../protocol/streams.js'
import type { BookView, Exchange } from '../../exchange/exchange.js'
import type { ListedSymbol } from '../../exchange/symbols.js'
import {
  aggTradeEvent,
  avgPriceEvent,
  bookTicker,
  klineEvent,
  levelsText,
  miniTicker,
  partialDepth,
  referencePriceEvent,
  rollingTicker,
  ticker,
  tradeEvent,
} from './payloads.js'
import { type ParsedName, parseStreamName, type StreamSpec } from './stream-names.js'

/** A subscriber (one stream connection): formats and sends one payload of a stream. */
export interface StreamSink {
  deliver(stream: string, payload: unknown, cache: Map<string, Buffer>): void
}

type Levels = Map<number, number>

interface SymbolState {
  /** The symbol's exchangeInfo entry: its `status` is read at each flush (BREAK publishes nothing). */
  readonly info: { readonly status: string }
  /** Update id of the book as last published (depth diffs start at this + 1). */
  updateId: number
  /** Levels as last published; kept from the first diff depth subscriber on (so a re-subscribe costs nothing). */
  depth: { bids: Levels; asks: Levels } | undefined
  depthListeners: number
  tradeId: number
  aggId: number
  top: string
  /** `top` was not recomputed at a book change because nobody listened to the book ticker (see freshenTops). */
  topStale: boolean
  /** The symbol's real-time stream names. */
  readonly names: {
    readonly trade: string
    readonly aggTrade: string
    /** The diff depth stream's names: its default speed (1000 ms, with and without the suffix) and 100 ms. */
    readonly depth: readonly string[]
    readonly bookTicker: string
  }
}

const toMap = (levels: readonly (readonly [number, number])[]): Levels =>
  new Map(levels.map(([p, q]) => [p, q]))

/**
 * The levels at `prices` whose quantity differs from `published`, as absolute quantities (0: removed), best
 * first; `published` is brought up to date.
 */
function diff(published: Levels, prices: number[], qtyAt: (price: number) => number, bids: boolean) {
  const out: [number, number][] = []
  for (const p of prices) {
    const q = qtyAt(p)
    if ((published.get(p) ?? 0) === q) continue
    out.push([p, q])
    if (q === 0) published.delete(p)
    else published.set(p, q)
  }
  return out.sort((a, b) => (bids ? b[0] - a[0] : a[0] - b[0]))
}

/** The levels of `book` changed since the last call, against `published` (which is brought up to date). */
function depthDiff(book: BookView, published: { bids: Levels; asks: Levels }) {
  const changed = book.takeChangedLevels()
  return {
    bids: diff(published.bids, changed.bids, (p) => book.bids.qtyAt(p), true),
    asks: diff(published.asks, changed.asks, (p) => book.asks.qtyAt(p), false),
  }
}

export class MarketStreams {
  private readonly subs = new Map<string, Set<StreamSink>>()
  private readonly specs = new Map<string, StreamSpec>()
  private readonly state = new Map<string, SymbolState>()
  private readonly gaps = new Set<string>()
  /** Per all-market stream: the last trade id of each symbol at its previous publication. */
  private readonly arrSeen = new Map<string, Map<string, number>>()

  constructor(
    private readonly exchange: Exchange,
    private readonly clock: () => number,
  ) {
    for (const symbol of exchange.symbols.keys()) {
      const book = exchange.book(symbol)
      const lower = symbol.toLowerCase()
      this.state.set(symbol, {
        info: (exchange.symbols.get(symbol) as ListedSymbol).info,
        updateId: book.updateId,
        depth: undefined,
        depthListeners: 0,
        tradeId: book.lastTradeId,
        aggId: 0,
        top: '',
        topStale: false,
        names: {
          trade: `${lower}@trade`,
          aggTrade: `${lower}@aggTrade`,
          depth: [`${lower}@depth`, `${lower}@depth@1000ms`, `${lower}@depth@100ms`],
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
    if (spec.kind === 'depth') {
      const st = this.state.get(spec.symbol) as SymbolState
      st.depthListeners++
      if (!st.depth) {
        const book = this.exchange.book(spec.symbol)
        book.watchLevels()
        const { bids, asks } = book.depth(Number.MAX_SAFE_INTEGER)
        st.depth = { bids: toMap(bids), asks: toMap(asks) }
      }
    }
  }

  remove(sink: StreamSink, name: string): void {
    const set = this.subs.get(name)
    if (!set?.delete(sink)) return
    const spec = this.specs.get(name)
    if (spec?.kind === 'depth') (this.state.get(spec.symbol) as SymbolState).depthListeners--
    if (set.size === 0) {
      this.subs.delete(name)
      this.specs.delete(name)
      this.arrSeen.delete(name)
    }
  }

  /**
   * After a reset of the exchange, with no subscriber left: every symbol's published positions start again from its
   * book and tape (ids went back), and the depth published so far is forgotten.
   */
  restart(): void {
    for (const [symbol, st] of this.state) {
      const book = this.exchange.book(symbol)
      st.updateId = book.updateId
      st.depth = undefined
      st.tradeId = book.lastTradeId
      st.aggId = this.exchange.tape(symbol).aggregates.lastId
      st.top = ''
      st.topStale = false
    }
    this.gaps.clear()
    this.arrSeen.clear()
  }

  /** The next diff depth event of `symbol` is withheld: the one after it shows a gap in update ids. */
  injectGap(symbol: string): void {
    if (!this.state.has(symbol)) throw new RangeError(`unknown symbol ${symbol}`)
    this.gaps.add(symbol)
  }

  /**
   * Publishes what changed since the last flush: trades, aggregate trades, depth diffs, book tickers. A stream
   * nobody listens to is not formatted: only the positions it would continue from move on.
   */
  flush(): void {
    if (this.subs.size === 0) {
      this.catchUp()
      return
    }
    const now = this.clock()
    for (const [symbol, st] of this.state) {
      // BREAK: nothing is published; the positions stay, so the first flush after it sends what changed.
      if (st.info.status === 'BREAK') continue
      const book = this.exchange.book(symbol)
      if (book.lastTradeId !== st.tradeId) this.publishTrades(symbol, st, now)
      if (book.updateId === st.updateId) continue
      const U = st.updateId + 1
      st.updateId = book.updateId
      if (st.depth) {
        const { bids, asks } = depthDiff(book, st.depth)
        if (st.depthListeners > 0) {
          const m = book.market
          const event = {
            e: 'depthUpdate',
            E: now,
            s: symbol,
            U,
            u: book.updateId,
            b: levelsText(m, bids),
            a: levelsText(m, asks),
          } satisfies StreamEvent
          if (!this.gaps.delete(symbol)) {
            for (const name of st.names.depth) this.publish(name, event)
          }
        }
      }
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
        if (st.depth) depthDiff(book, st.depth)
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

  /** Publishes the periodic streams: the `@100ms` partial depths when `fast`, every periodic stream otherwise. */
  tick(fast = false): void {
    this.flush()
    const now = this.clock()
    for (const [name, spec] of this.specs) {
      if (fast && !(spec.kind === 'partialDepth' && spec.fast)) continue
      const payload = this.periodic(name, spec, now)
      if (payload !== undefined) this.publish(name, payload)
    }
  }

  private periodic(name: string, spec: StreamSpec, now: number): unknown {
    const ex = this.exchange
    // A symbol in BREAK generates no market data (docs/emulator-fidelity.md 3.1.6); one in HALT still does.
    if ('symbol' in spec && ex.symbols.get(spec.symbol)?.info.status === 'BREAK') return undefined
    switch (spec.kind) {
      case 'partialDepth':
        return partialDepth(ex.book(spec.symbol), spec.levels)
      case 'kline':
        return klineEvent(ex, spec.symbol, spec.interval, spec.offsetMs, now)
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

  private publish(name: string, payload: unknown): void {
    const sinks = this.subs.get(name)
    if (!sinks?.size) return
    if (Array.isArray(payload) && payload.length === 0) return
    const cache = new Map<string, Buffer>()
    for (const sink of sinks) sink.deliver(name, payload, cache)
  }
}
