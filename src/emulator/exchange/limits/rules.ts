// The exchange's rate limits, as exchangeInfo publishes them.
import type { RateLimitRule } from '../../../protocol/results.js'

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

/** REST's limit on requests per IP, whatever their weight (CHANGELOG 2026-03-27: 300,000 per 5 minutes). */
export const RAW_REQUESTS_RULE: RateLimitRule = {
  rateLimitType: 'RAW_REQUESTS',
  interval: 'MINUTE',
  intervalNum: 5,
  limit: 300_000,
}

/** Every limit of the WebSocket API, in exchangeInfo's order. */
export const ALL_RULES: readonly RateLimitRule[] = [REQUEST_WEIGHT_RULE, ...ORDER_RULES, CONNECTIONS_RULE]

/**
 * What REST's exchangeInfo lists (rest-api.md, "General Info on Limits": RAW_REQUESTS, REQUEST_WEIGHT and ORDERS):
 * the WebSocket API's list with RAW_REQUESTS where CONNECTIONS, a WebSocket limit, is.
 */
export function restRules(wsRules: readonly RateLimitRule[], rawRequests: RateLimitRule): RateLimitRule[] {
  return wsRules.map((r) => (r.rateLimitType === 'CONNECTIONS' ? rawRequests : r))
}

/** REQUEST_WEIGHT charged for opening a connection. */
export const CONNECTION_WEIGHT = 2

/** The rules with configured limits, as exchangeInfo lists them and the counters enforce them. */
export interface RateLimitRules {
  readonly requestWeight: RateLimitRule
  readonly orders: readonly RateLimitRule[]
  readonly connections: RateLimitRule
  /** In exchangeInfo's order. */
  readonly all: readonly RateLimitRule[]
}

/**
 * `rules` with the limits only the API layer enforces (REQUEST_WEIGHT, connection attempts) at their defaults: what a
 * replay of the commands depends on (the ORDERS limits decide whether an order is taken).
 */
export function stateRules(rules: RateLimitRules): RateLimitRules {
  const { orders } = rules
  return {
    requestWeight: REQUEST_WEIGHT_RULE,
    orders,
    connections: CONNECTIONS_RULE,
    all: [REQUEST_WEIGHT_RULE, ...orders, CONNECTIONS_RULE],
  }
}

/** The default rules with these limits. */
export function rateLimitRules(limits: {
  readonly requestWeight: number
  readonly ordersPer10Seconds: number
  readonly ordersPerDay: number
  readonly connectionAttempts: number
}): RateLimitRules {
  const requestWeight = { ...REQUEST_WEIGHT_RULE, limit: limits.requestWeight }
  const [tenSeconds, day] = ORDER_RULES as [RateLimitRule, RateLimitRule]
  const orders = [
    { ...tenSeconds, limit: limits.ordersPer10Seconds },
    { ...day, limit: limits.ordersPerDay },
  ]
  const connections = { ...CONNECTIONS_RULE, limit: limits.connectionAttempts }
  return { requestWeight, orders, connections, all: [requestWeight, ...orders, connections] }
}
