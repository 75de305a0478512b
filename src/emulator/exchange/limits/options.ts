// Configurable limits of the emulator: IP bans, connection attempts, unfilled-order credits, subscriptions.

export interface LimitOptions {
  /**
   * 429 answers an IP may get within one rate-limit window before it is banned: the next violation is the ban
   * (default 10); `false`: never ban.
   */
  banAfter?: number | false
  /** Length in ms of an IP's 1st, 2nd, … ban; the last one repeats (default 2 min, 10 min, 1 h, 6 h, 1 d, 3 d). */
  banDurations?: readonly number[]
  /** Connection attempts allowed per IP per 5 minutes, the CONNECTIONS rule (default 300). */
  connectionAttempts?: number
  /** REQUEST_WEIGHT allowed per IP per minute (default 6000). */
  requestWeight?: number
  /** REST requests allowed per IP per 5 minutes whatever their weight, the RAW_REQUESTS rule (default 300 000). */
  rawRequests?: number
  /** ORDERS (unfilled order count) allowed per account per 10 seconds (default 50). */
  ordersPer10Seconds?: number
  /** ORDERS allowed per account per day (default 160 000). */
  ordersPerDay?: number
  /** Unfilled orders given back when an order first fills as taker / as maker (default 1 / 1). */
  firstFillDecrement?: { taker?: number; maker?: number }
  /** User data stream subscriptions a connection may hold at once (default 1000). */
  maxActiveSubscriptions?: number
  /** Subscriptions a connection may open over its life (default 65 535). */
  maxSubscriptionIds?: number
}

export interface Limits {
  readonly banAfter: number | false
  readonly banDurations: readonly number[]
  readonly connectionAttempts: number
  readonly requestWeight: number
  readonly rawRequests: number
  readonly ordersPer10Seconds: number
  readonly ordersPerDay: number
  readonly firstFillDecrement: { readonly taker: number; readonly maker: number }
  readonly maxActiveSubscriptions: number
  readonly maxSubscriptionIds: number
}

const MINUTE = 60_000
const DAY = 1440 * MINUTE

const DEFAULT_LIMITS: Limits = {
  banAfter: 10,
  banDurations: [2 * MINUTE, 10 * MINUTE, 60 * MINUTE, 360 * MINUTE, DAY, 3 * DAY],
  connectionAttempts: 300,
  requestWeight: 6000,
  rawRequests: 300_000,
  ordersPer10Seconds: 50,
  ordersPerDay: 160_000,
  firstFillDecrement: { taker: 1, maker: 1 },
  maxActiveSubscriptions: 1000,
  maxSubscriptionIds: 65_535,
}

/** The options with defaults filled in; throws a TypeError naming a bad one. */
export function limits(options: LimitOptions = {}): Limits {
  const out: Limits = {
    ...DEFAULT_LIMITS,
    ...options,
    firstFillDecrement: { ...DEFAULT_LIMITS.firstFillDecrement, ...options.firstFillDecrement },
  }
  const counts: [string, number][] = [
    ['connectionAttempts', out.connectionAttempts],
    ['requestWeight', out.requestWeight],
    ['rawRequests', out.rawRequests],
    ['ordersPer10Seconds', out.ordersPer10Seconds],
    ['ordersPerDay', out.ordersPerDay],
    ['maxActiveSubscriptions', out.maxActiveSubscriptions],
    ['maxSubscriptionIds', out.maxSubscriptionIds],
    ['firstFillDecrement.taker', out.firstFillDecrement.taker],
    ['firstFillDecrement.maker', out.firstFillDecrement.maker],
  ]
  if (out.banAfter !== false) counts.push(['banAfter', out.banAfter])
  for (const [name, n] of counts) {
    if (!Number.isInteger(n) || n < 0) throw new TypeError(`limits.${name}: ${n} is not an integer ≥ 0`)
  }
  if (out.banDurations.length === 0 || out.banDurations.some((d) => !(d > 0))) {
    throw new TypeError('limits.banDurations: give at least one duration > 0')
  }
  return out
}
