// Market data streams (`web-socket-streams.md`): event payloads, control frames, stream names → payload types.
import type { KlineInterval } from './enums.js'

/** `[price, quantity]` as the wire sends them. */
export type DepthLevel = [price: string, qty: string]

export interface TradeEvent {
  e: 'trade'
  E: number
  s: string
  t: number
  p: string
  q: string
  T: number
  m: boolean
  M: boolean
}

export interface AggTradeEvent {
  e: 'aggTrade'
  E: number
  s: string
  a: number
  p: string
  q: string
  f: number
  l: number
  T: number
  m: boolean
  M: boolean
}

export interface KlineEvent {
  e: 'kline'
  E: number
  s: string
  k: {
    t: number
    T: number
    s: string
    i: KlineInterval
    f: number
    L: number
    o: string
    c: string
    h: string
    l: string
    v: string
    n: number
    x: boolean
    q: string
    V: string
    Q: string
    B: string
  }
}

export interface MiniTickerEvent {
  e: '24hrMiniTicker'
  E: number
  s: string
  c: string
  o: string
  h: string
  l: string
  v: string
  q: string
}

export interface TickerEvent {
  e: '24hrTicker'
  E: number
  s: string
  p: string
  P: string
  w: string
  x: string
  c: string
  Q: string
  b: string
  B: string
  a: string
  A: string
  o: string
  h: string
  l: string
  v: string
  q: string
  O: number
  C: number
  F: number
  L: number
  n: number
}

export type RollingWindow = '1h' | '4h' | '1d'

export interface RollingTickerEvent {
  e: `${RollingWindow}Ticker`
  E: number
  s: string
  p: string
  P: string
  o: string
  h: string
  l: string
  c: string
  w: string
  v: string
  q: string
  O: number
  C: number
  F: number
  L: number
  n: number
}

/** `<symbol>@bookTicker`: no event type or time on the wire. */
export interface BookTickerEvent {
  u: number
  s: string
  b: string
  B: string
  a: string
  A: string
}

export interface AvgPriceEvent {
  e: 'avgPrice'
  E: number
  s: string
  i: string
  w: string
  T: number
}

/** `<symbol>@referencePrice`, every second. */
export interface ReferencePriceEvent {
  e: 'referencePrice'
  s: string
  /** null while the symbol has no reference price. */
  r: string | null
  /** When the reference price was valid (engine time). */
  t: number
}

/** `<symbol>@blockTrade`, real time. */
export interface BlockTradeEvent {
  e: 'blockTrade'
  E: number
  s: string
  /** Block trade id. */
  t: number
  p: string
  q: string
  T: number
  /** Is the buyer the maker? */
  m: boolean
}

/** `<symbol>@depth<levels>`: a top-of-book snapshot; no symbol on the wire. */
export interface PartialDepthEvent {
  lastUpdateId: number
  bids: DepthLevel[]
  asks: DepthLevel[]
}

/** `<symbol>@depth`: absolute quantities of the levels that changed in update ids `U`…`u`. */
export interface DepthUpdateEvent {
  e: 'depthUpdate'
  E: number
  s: string
  U: number
  u: number
  b: DepthLevel[]
  a: DepthLevel[]
}

export interface StreamServerShutdown {
  e: 'serverShutdown'
  E: number
}

/** Any payload a market data stream carries. */
export type StreamEvent =
  | TradeEvent
  | AggTradeEvent
  | KlineEvent
  | MiniTickerEvent
  | MiniTickerEvent[]
  | TickerEvent
  | RollingTickerEvent
  | RollingTickerEvent[]
  | BookTickerEvent
  | AvgPriceEvent
  | ReferencePriceEvent
  | BlockTradeEvent
  | PartialDepthEvent
  | DepthUpdateEvent

/** The suffix of a depth stream's update speed: none (1000 ms), `@100ms`, or the default made explicit. */
type DepthSpeed = '' | '@100ms' | '@1000ms'

/** The payload type of a stream, by its name (`btcusdt@depth5@100ms` → PartialDepthEvent). */
export type StreamEventOf<S extends string> = S extends `!miniTicker@arr${'' | '@1000ms'}`
  ? MiniTickerEvent[]
  : S extends `!ticker_${string}@arr`
    ? RollingTickerEvent[]
    : S extends `${string}@trade`
      ? TradeEvent
      : S extends `${string}@aggTrade`
        ? AggTradeEvent
        : S extends `${string}@kline_${string}`
          ? KlineEvent
          : S extends `${string}@miniTicker`
            ? MiniTickerEvent
            : S extends `${string}@ticker`
              ? TickerEvent
              : S extends `${string}@ticker_${RollingWindow}`
                ? RollingTickerEvent
                : S extends `${string}@bookTicker`
                  ? BookTickerEvent
                  : S extends `${string}@avgPrice`
                    ? AvgPriceEvent
                    : S extends `${string}@referencePrice`
                      ? ReferencePriceEvent
                      : S extends `${string}@blockTrade`
                        ? BlockTradeEvent
                        : S extends `${string}@depth${5 | 10 | 20}${DepthSpeed}`
                          ? PartialDepthEvent
                          : S extends `${string}@depth${DepthSpeed}`
                            ? DepthUpdateEvent
                            : StreamEvent

/** The live subscribe/unsubscribe protocol's methods. */
export const STREAM_METHODS = [
  'SUBSCRIBE',
  'UNSUBSCRIBE',
  'LIST_SUBSCRIPTIONS',
  'SET_PROPERTY',
  'GET_PROPERTY',
] as const
export type StreamMethod = (typeof STREAM_METHODS)[number]

/** A control request; `id` is an unsigned integer, a string of ≤ 36 alphanumerics, or null. */
export interface StreamRequest {
  method: StreamMethod
  params?: unknown[]
  id: number | string | null
}

/** The answer to a control request: `result` null for non-queries. */
export type StreamResponse =
  | { result: unknown; id: number | string | null }
  | { error: { code: number; msg: string }; id?: number | string | null }

/** A payload on a combined stream connection. */
export interface CombinedFrame<E = StreamEvent | StreamServerShutdown> {
  stream: string
  data: E
}
