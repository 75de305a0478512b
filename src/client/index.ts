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
export type {
  ApiMethods,
  ApiResponse,
  CallOptions,
  ConnectionEvents,
  ConnectionStatus,
  GapEvent,
} from './types.js'
export { UserDataStream } from './user-data-stream.js'
