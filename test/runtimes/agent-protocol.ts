// What the Node test and the agent in another runtime say to each other (agent.ts, runtime-host.ts).
import type { ConnectionStatus } from '../../src/client/web.js'
import type { ApiErrorBody, ConformanceAdapter } from '../conformance/adapter.js'

/** Every wait inside the agent ends after this long. */
export const WAIT_MS = 10_000

/** The adapter methods the agent calls for the test (all of ConformanceAdapter but its local helpers). */
export const ADAPTER_METHODS = [
  'time',
  'rules',
  'depth',
  'tickerPrice',
  'placeLimit',
  'placeMarket',
  'orderStatus',
  'cancelOrder',
  'placeOco',
  'cancelOrderList',
  'balances',
] as const satisfies readonly (keyof ConformanceAdapter)[]

export interface AgentRequest {
  id: number
  op: string
  args: unknown[]
}

/** A rejection inside the agent: what the test needs of it (the API error body, when it is one). */
export interface AgentError {
  name: string
  message: string
  api?: ApiErrorBody
}

export type AgentFrame =
  | { hello: string }
  | { id: number; result: unknown }
  | { id: number; error: AgentError }
  | { push: string; event: unknown }

export interface MarketDataRequest {
  apiUrl: string
  streamsUrl: string
  apiKey: string
  privateKeyPem: string
  symbol: string
  quantity: string
  tickSize: string
}

export interface MarketDataReport {
  /** The first `<symbol>@trade` event after the market order. */
  trade: Record<string, unknown>
  /** The market order's FULL answer. */
  market: Record<string, unknown>
  /** The bid placed below the book and the book's level at its price once the change showed it. */
  bid: { orderId: number; price: string; level: [string, string] | undefined }
  /** The book's last update id and size after the bid was canceled. */
  updateId: number | undefined
  levels: { bids: number; asks: number }
}

export interface LivenessRequest {
  apiUrl: string
  streamsUrl: string
  pingInterval: number
  pongTimeout: number
}

/** The first `reconnecting` status of each client. */
export interface LivenessReport {
  api: ConnectionStatus
  streams: ConnectionStatus
}
