// Public entry of `binance-spot-ws`: the client.
export { SpotWebsocketAPI } from './api.js'
export type { ClientConfig } from './config.js'
export { WebsocketAPIConnection } from './connection.js'
export {
  BinanceError,
  BinanceWsError,
  ConnectError,
  ConnectionClosedError,
  InvalidParameterError,
  NotConnectedError,
  OutcomeUnknownError,
  RateLimitedError,
  RequestAbortedError,
  RequestTimeoutError,
} from './errors.js'
export type { CancelReplaceResult, ListResult, OrderOutcome, OrderResult, OutcomeRef } from './outcome.js'
export { createOrderBook, type DepthSourceOptions, depthSource } from './streams/depth-source.js'
export {
  type BookChange,
  type BookView,
  type DepthSnapshot,
  OrderBook,
  type OrderBookEvents,
  type OrderBookOptions,
  type OrderBookSource,
  type OrderBookStatus,
  type ResyncEvent,
  type ResyncReason,
  StaleBookError,
} from './streams/order-book.js'
export { StreamSubscription } from './streams/stream-subscription.js'
export {
  PRODUCTION_STREAMS_URL,
  SpotWebsocketStreams,
  type StreamsConfig,
  type StreamsConnectionEvents,
  WebsocketStreamsConnection,
} from './streams/streams-client.js'
export type {
  ApiMethods,
  ApiResponse,
  CallOptions,
  ConnectionEvents,
  ConnectionStatus,
  GapEvent,
} from './types.js'
export { UserDataStream } from './user-data-stream.js'
