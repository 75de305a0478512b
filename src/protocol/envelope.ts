// Wire frames of the WebSocket API: requests, responses, rate-limit entries and pushed events.
import type { RateLimitInterval, RateLimitType } from './enums.js'

export type RequestId = string | number | null

export interface RequestFrame {
  id: RequestId
  method: string
  params?: Record<string, unknown>
}

/** Usage of one rate limit after this request (`count` includes it). */
export interface RateLimit {
  rateLimitType: RateLimitType
  interval: RateLimitInterval
  intervalNum: number
  limit: number
  count: number
}

export interface ApiErrorBody {
  code: number
  msg: string
  data?: Record<string, unknown>
}

export interface SuccessFrame<R = unknown> {
  id: RequestId
  status: 200
  result: R
  rateLimits?: RateLimit[]
}

export interface ErrorFrame {
  id: RequestId
  status: number
  error: ApiErrorBody
  rateLimits?: RateLimit[]
}

export type ResponseFrame<R = unknown> = SuccessFrame<R> | ErrorFrame

/** A pushed event: user data (with `subscriptionId`) or a connection event such as `serverShutdown`. */
export interface EventFrame<E = { e: string; E: number }> {
  subscriptionId?: number
  event: E
}

export const WS_API_PATH = '/ws-api/v3'
export const PRODUCTION_WS_API_URL = 'wss://ws-api.binance.com:443/ws-api/v3'
export const TESTNET_WS_API_URL = 'wss://ws-api.testnet.binance.vision/ws-api/v3'

/** True for a JSON object (not null, not an array): what a frame, or a frame's `error` or `event`, must be. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
