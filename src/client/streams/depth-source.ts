// An OrderBook fed by a streams connection (`<symbol>@depth@100ms`) and the API's `depth` (limit 5000).
import type { DepthUpdateEvent } from '../../protocol/streams.js'
import type { WebsocketAPIConnection } from '../connection.js'
import type { ConnectionStatus } from '../types.js'
import { OrderBook, type OrderBookOptions, type OrderBookSource } from './order-book.js'
import type { WebsocketStreamsConnection } from './streams-client.js'

export interface DepthSourceOptions {
  streams: WebsocketStreamsConnection
  /** Anything with the API's `depth` method: a WebsocketAPIConnection. */
  api: Pick<WebsocketAPIConnection, 'depth'>
  /** Exchange symbol, e.g. `BTCUSDT`. */
  symbol: string
  /** Snapshot depth (default 5000, the most `depth` returns). */
  limit?: number
  /** `@depth@100ms` (default) or `@depth` (1000 ms). */
  speed?: '100ms' | '1000ms'
}

/** The diff stream and snapshots of one symbol; a lost stream connection tells the book to resync. */
export function depthSource(o: DepthSourceOptions): OrderBookSource {
  const lower = o.symbol.toLowerCase()
  const name: `${string}@depth` | `${string}@depth@100ms` =
    o.speed === '1000ms' ? `${lower}@depth` : `${lower}@depth@100ms`
  return {
    async subscribe(onEvent, lost, live) {
      const handle = o.streams.stream(name)
      const onMessage = (e: DepthUpdateEvent) => onEvent(e)
      const onStatus = (s: ConnectionStatus) => {
        if (s.state === 'reconnecting' || s.state === 'closed') lost()
      }
      // A gap is reported once the stream is re-subscribed: what was missed is lost, what follows arrives.
      const onGap = () => {
        lost()
        live?.()
      }
      handle.on('message', onMessage)
      o.streams.on('status', onStatus)
      o.streams.on('gap', onGap)
      await o.streams.subscribe(name)
      return async () => {
        handle.off('message', onMessage)
        o.streams.off('status', onStatus)
        o.streams.off('gap', onGap)
        if (o.streams.isConnected()) await o.streams.unsubscribe(name).catch(() => {})
      }
    },
    async snapshot() {
      const r = await o.api.depth({ symbol: o.symbol, limit: o.limit ?? 5000 })
      return r.data
    },
  }
}

/** A local order book of `symbol`, synced from the streams connection and the API; call `start()`. */
export function createOrderBook(o: DepthSourceOptions & OrderBookOptions): OrderBook {
  const options: OrderBookOptions = {}
  if (o.timers) options.timers = o.timers
  if (o.retryDelay !== undefined) options.retryDelay = o.retryDelay
  return new OrderBook(o.symbol, depthSource(o), options)
}
