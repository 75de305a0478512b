// User data stream events and connection events, discriminated on `e`.
import type {
  ContingencyType,
  ExecutionType,
  ExpiryReason,
  ListOrderStatus,
  ListStatusType,
  OrderStatus,
  OrderType,
  PegOffsetType,
  PegPriceType,
  RejectReason,
  SelfTradePreventionMode,
  Side,
  TimeInForce,
  WorkingFloor,
} from './enums.js'
import type { Decimal } from './methods.js'

/** An order update: one per state change of an order (new, trade, cancel, expiry, amend, STP). */
export interface ExecutionReport {
  e: 'executionReport'
  /** Event time. */
  E: number
  /** Symbol. */
  s: string
  /** Client order id; for a cancel, the cancel request's new id. */
  c: string
  /** Side. */
  S: Side
  /** Order type. */
  o: OrderType
  /** Time in force. */
  f: TimeInForce
  /** Order quantity. */
  q: Decimal
  /** Order price. */
  p: Decimal
  /** Stop price. */
  P: Decimal
  /** Iceberg quantity. */
  F: Decimal
  /** Order list id, `-1` for none. */
  g: number
  /** Client order id of the order being canceled, `""` otherwise. */
  C: string
  /** Execution type. */
  x: ExecutionType
  /** Order status. */
  X: OrderStatus
  /** Reject reason. */
  r: RejectReason
  /** Order id. */
  i: number
  /** Last executed quantity. */
  l: Decimal
  /** Cumulative filled quantity. */
  z: Decimal
  /** Last executed price. */
  L: Decimal
  /** Commission amount, `"0"` without a trade. */
  n: Decimal
  /** Commission asset, `null` without a trade. */
  N: string | null
  /** Transaction time. */
  T: number
  /** Trade id, `-1` without a trade. */
  t: number
  /** Execution id. */
  I: number
  /** Is the order on the book? */
  w: boolean
  /** Is this trade the maker side? */
  m: boolean
  /** Ignore. */
  M: boolean
  /** Order creation time. */
  O: number
  /** Cumulative quote quantity transacted (average price = `Z / z`). */
  Z: Decimal
  /** Last quote quantity transacted (`L * l`). */
  Y: Decimal
  /** Quote order quantity. */
  Q: Decimal
  /** Working time; only once the order is on the book. */
  W?: number
  /** Self-trade prevention mode. */
  V: SelfTradePreventionMode
  /** Trailing delta (trailing orders). */
  d?: number
  /** Trailing time (trailing orders). */
  D?: number
  /** Strategy id, if sent. */
  j?: number
  /** Strategy type, if sent. */
  J?: number
  /** Prevented match id (STP). */
  v?: number
  /** Cumulative prevented quantity (STP). */
  A?: Decimal
  /** Last prevented quantity (STP). */
  B?: Decimal
  /** Trade group id (STP). */
  u?: number
  /** Counter order id (STP). */
  U?: number
  /** Counter symbol (STP). */
  Cs?: string
  /** Prevented execution quantity (STP). */
  pl?: Decimal
  /** Prevented execution price (STP). */
  pL?: Decimal
  /** Prevented execution quote quantity (STP). */
  pY?: Decimal
  /** Match type (allocations), e.g. `ONE_PARTY_TRADE_REPORT`. */
  b?: string
  /** Allocation id (allocations). */
  a?: number
  /** Working floor (orders that may have allocations). */
  k?: WorkingFloor
  /** Used SOR. */
  uS?: boolean
  /** Peg price type (pegged orders). */
  gP?: PegPriceType
  /** Peg offset type (pegged orders). */
  gOT?: PegOffsetType
  /** Peg offset value (pegged orders). */
  gOV?: number
  /** Pegged price (pegged orders). */
  gp?: Decimal
  /** Expiry reason (expired orders). */
  eR?: ExpiryReason
}

/** One asset in `outboundAccountPosition`. */
export interface AccountPositionBalance {
  /** Asset. */
  a: string
  /** Free. */
  f: Decimal
  /** Locked. */
  l: Decimal
}

/** The balances an event may have changed, after the change. */
export interface OutboundAccountPosition {
  e: 'outboundAccountPosition'
  E: number
  /** Time of the last account update. */
  u: number
  B: AccountPositionBalance[]
}

/** A deposit, withdrawal or transfer between accounts. */
export interface BalanceUpdate {
  e: 'balanceUpdate'
  E: number
  /** Asset. */
  a: string
  /** Signed balance delta. */
  d: Decimal
  /** Clear time. */
  T: number
}

/** An order-list change, sent besides the legs' execution reports. */
export interface ListStatusEvent {
  e: 'listStatus'
  E: number
  /** Symbol. */
  s: string
  /** Order list id. */
  g: number
  /** Contingency type. */
  c: ContingencyType
  /** List status type. */
  l: ListStatusType
  /** List order status. */
  L: ListOrderStatus
  /** List reject reason; only `NONE` is documented. */
  r: string
  /** List client order id. */
  C: string
  /** Transaction time. */
  T: number
  /** The legs. */
  O: { s: string; i: number; c: string }[]
}

/** The subscription ended (unsubscribe, logout, listen token expiry); no more events follow on it. */
export interface EventStreamTerminated {
  e: 'eventStreamTerminated'
  E: number
}

/** Part of the spot balance was locked or unlocked by an external system. */
export interface ExternalLockUpdate {
  e: 'externalLockUpdate'
  E: number
  /** Asset. */
  a: string
  /** Delta. */
  d: Decimal
  /** Transaction time. */
  T: number
}

/** Legacy: a listenKey stream expired (WebSocket Streams only). */
export interface ListenKeyExpired {
  e: 'listenKeyExpired'
  E: number
  listenKey: string
}

/** Connection event: the server will close this connection soon; reconnect. Has no `subscriptionId`. */
export interface ServerShutdown {
  e: 'serverShutdown'
  E: number
}

/** Any user data stream event. */
export type UserDataEvent =
  | ExecutionReport
  | OutboundAccountPosition
  | BalanceUpdate
  | ListStatusEvent
  | EventStreamTerminated
  | ExternalLockUpdate
  | ListenKeyExpired

/** Any event pushed on a WS API connection. */
export type ConnectionEvent = ServerShutdown

/** Event type by its `e` name, for typed listeners such as `stream.on('executionReport', fn)`. */
export type UserDataEventMap = { [E in UserDataEvent as E['e']]: E }

/** The `e` names of user data events. */
export type UserDataEventType = UserDataEvent['e']

/** Every user data event name, for run-time dispatch and validation (`results.test.ts` checks it is complete). */
export const USER_DATA_EVENT_TYPES = [
  'executionReport',
  'outboundAccountPosition',
  'balanceUpdate',
  'listStatus',
  'eventStreamTerminated',
  'externalLockUpdate',
  'listenKeyExpired',
] as const satisfies readonly UserDataEventType[]

/** True if `e` names a user data event (as opposed to a connection event or anything unknown). */
export function isUserDataEventType(e: unknown): e is UserDataEventType {
  return typeof e === 'string' && (USER_DATA_EVENT_TYPES as readonly string[]).includes(e)
}
