// The exchange's rate limits, as exchangeInfo publishes them.
import type { RateLimitRule } from '../../protocol/results.js'

export const REQUEST_WEIGHT_RULE: RateLimitRule = {
  rateLimitType: 'REQUEST_WEIGHT',
  interval: 'MINUTE',
  intervalNum: 1,
  limit: 6000,
}

export const ORDER_RULES: readonly RateLimitRule[] = [
  { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 50 },
  { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 160_000 },
]

export const CONNECTIONS_RULE: RateLimitRule = {
  rateLimitType: 'CONNECTIONS',
  interval: 'MINUTE',
  intervalNum: 5,
  limit: 300,
}

/** Every limit, in exchangeInfo's order. */
export const ALL_RULES: readonly RateLimitRule[] = [REQUEST_WEIGHT_RULE, ...ORDER_RULES, CONNECTIONS_RULE]

/** REQUEST_WEIGHT charged for opening a connection. */
export const CONNECTION_WEIGHT = 2
