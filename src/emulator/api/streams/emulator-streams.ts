// The streams part of a running emulator: its publisher and endpoints, and the controls tests use.
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Exchange } from '../../exchange/exchange.js'
import type { DepthClock, DiffDepthIntervals } from './diff-depth.js'
import { holdDepth } from './held-depth.js'
import type { ListenKeyStreams } from './listen-key-streams.js'
import { MarketStreams } from './market-streams.js'
import { type StreamGuard, StreamServer } from './stream-server.js'

/** Market data streams of a running emulator (`ex.streams`), with fault injection for tests. */
export interface EmulatorStreams {
  /** `ws://<host>:<port>`: raw streams at `/ws/<stream>`, combined at `/stream?streams=a/b`. */
  readonly url: string
  /** Open stream connections. */
  readonly connections: number
  /** Withholds the next diff depth event of `symbol` (uppercase) of each subscribed speed: the next one skips update ids. */
  injectGap(symbol: string): void
  /** The next `depth` request of `symbol` is answered with the book as it is now: a late, stale snapshot. */
  delaySnapshot(symbol: string): void
  /** Drops every stream connection without a close frame; returns how many. */
  dropStreams(): number
  /** Sends `serverShutdown` on every stream connection, without planning a close (`ex.serverShutdown()` does both). */
  announceShutdown(): void
  /** Publishes every periodic stream (partial depth, klines, tickers, avgPrice) now. */
  tick(): void
}

/**
 * Builds the publisher and server (which also serves the legacy listenKeys); `controls(url)` gives the test-facing
 * object once the port is known.
 */
export function createStreams(
  exchange: Exchange,
  clock: DepthClock,
  depthIntervals: DiffDepthIntervals,
  listenKeys: ListenKeyStreams,
  guard: StreamGuard,
) {
  const market = new MarketStreams(exchange, clock, depthIntervals)
  const server = new StreamServer(market, listenKeys, guard)
  return {
    upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer, url: URL) =>
      server.upgrade(req, socket, head, url),
    /** Publishes what the last request changed. */
    flush: () => market.flush(),
    /** After a reset of the exchange: closes every stream connection, then publishing starts again from the books. */
    restart: (code: number, reason: string) => {
      server.closeAll(code, reason)
      market.restart()
    },
    /** `serverShutdown` now on every stream connection, each closed (1001) at `closeAt`; returns how many. */
    shutdown: (now: number, closeAt: number) => server.shutdown(now, closeAt),
    close: () => server.close(),
    /** Open stream connections. */
    connections: () => server.connections,
    controls: (url: string): EmulatorStreams => ({
      url,
      get connections() {
        return server.connections
      },
      injectGap: (symbol) => market.injectGap(symbol),
      delaySnapshot: (symbol) => holdDepth(exchange, symbol),
      dropStreams: () => server.drop(),
      announceShutdown: () => server.announceShutdown(clock.now()),
      tick: () => market.tick(),
    }),
  }
}
