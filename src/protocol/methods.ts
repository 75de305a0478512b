// The method catalogue: one row per wire method. Client, emulator and CLI all derive from it.

import type { SecurityType } from './enums.js'
import { accountMethods } from './methods/account.js'
import { marketDataMethods } from './methods/market-data.js'
import { orderListMethods } from './methods/order-lists.js'
import type { Returns } from './methods/returns.js'
import { sessionMethods } from './methods/session.js'
import { tradingMethods } from './methods/trading.js'

/** Spelled out so the declaration file refers to the parts instead of repeating every row (54 KB). */
type Catalogue = readonly [
  ...typeof marketDataMethods,
  ...typeof tradingMethods,
  ...typeof orderListMethods,
  ...typeof accountMethods,
  ...typeof sessionMethods,
]

export const METHODS: Catalogue = [
  ...marketDataMethods,
  ...tradingMethods,
  ...orderListMethods,
  ...accountMethods,
  ...sessionMethods,
]

/** A catalogue row as its literal type. */
export type MethodEntry = (typeof METHODS)[number]
/** Wire method name, e.g. `order.place`. */
export type Method = MethodEntry['wire']
/** Client method name, e.g. `orderPlace`. */
export type MethodName = MethodEntry['name']
export type EntryOf<M extends Method> = Extract<MethodEntry, { wire: M }>
export type WireOf<N extends MethodName> = Extract<MethodEntry, { name: N }>['wire']

/** The `result` of method `M`, as its catalogue row declares it. */
export type ResultOf<M extends Method> = EntryOf<M>['result'] extends Returns<infer R> ? R : never

/** A decimal number as text (`'0.00100000'`): money never travels as a float. */
export type Decimal = string

/** How a parameter is typed on the wire. An array is the enum's allowed values. */
export type ParamKind =
  | 'STRING'
  | 'DECIMAL'
  | 'LONG'
  | 'INT'
  | 'BOOLEAN'
  | 'STRING_ARRAY'
  | 'STRING_OR_ARRAY'
  | readonly string[]

/**
 * `recvWindow`: milliseconds, at most 60000 with up to 3 decimals. A number as well as a string (the spec's examples
 * send `5000`): JSON writes such a number as the digits meant, unlike a price computed in floating point.
 */
export type RecvWindow = number | Decimal

type ValueOf<K> = K extends 'STRING'
  ? string
  : K extends 'DECIMAL'
    ? Decimal
    : K extends 'LONG' | 'INT'
      ? number
      : K extends 'BOOLEAN'
        ? boolean
        : K extends 'STRING_ARRAY'
          ? readonly string[]
          : K extends 'STRING_OR_ARRAY'
            ? string | readonly string[]
            : K extends readonly (infer E)[]
              ? E
              : never

type Simplify<T> = { [K in keyof T]: T[K] } & {}

/** Parameters every method accepts. */
export interface CommonParams {
  /** `false` omits `rateLimits` from this response. */
  returnRateLimits?: boolean
}

/** The type of param `N` of kind `K`: its kind's, but `recvWindow`'s own. */
type ParamValue<N, K> = N extends 'recvWindow' ? RecvWindow : ValueOf<K>

/** The parameters of method `M`, derived from its catalogue row (auth params are added by the client). */
export type ParamsOf<M extends Method> = Simplify<
  { -readonly [K in keyof EntryOf<M>['required']]: ParamValue<K, EntryOf<M>['required'][K]> } & {
    -readonly [K in keyof EntryOf<M>['optional']]?: ParamValue<K, EntryOf<M>['optional'][K]>
  } & CommonParams
>

/** How a method authenticates: signed params, an API key only, the logged-on session, or not at all. */
export type AuthKind = 'SIGNED' | 'API_KEY' | 'SESSION' | 'NONE'

/** A weight that depends on the parameters. */
export type WeightRule =
  | {
      kind: 'byLimit'
      param: string
      default: number
      ranges: readonly { min: number; max: number; weight: number }[]
    }
  | {
      kind: 'bySymbolParam'
      none: number
      symbol?: number
      symbols?: number
      symbolsPerSymbol?: number
      symbolsCap?: number
      symbolStatus?: number
    }
  | {
      kind: 'bySymbolCount'
      ranges: readonly { min: number; max: number | null; weight?: number; perSymbol?: number }[]
      all?: number
      maxSymbols?: number
    }
  | { kind: 'perSymbol'; perSymbol: number; capAbove: number; cap: number }
  | { kind: 'byFlag'; param: string; false: number; true: number }
  | { kind: 'byParamPresence'; param: string; absent: number; present: number }
  | { kind: 'byQuery'; invalidSymbol: number; preventedMatchId: number; orderId: number }

/**
 * SIGNED methods that carry their own `apiKey` and signature even on a logged-on session: `session.logon`, and
 * `userDataStream.subscribe.signature`, whose params are mandatory and which works "in any session, authenticated or
 * not" (spec/web-socket-api.md, user-data-signature). The client signs them, the emulator requires it.
 */
export const SIGNED_IN_SESSION: ReadonlySet<string> = new Set([
  'session.logon',
  'userDataStream.subscribe.signature',
])

/** An HTTP verb of the REST API. */
export type RestVerb = 'GET' | 'POST' | 'PUT' | 'DELETE'

/** The REST endpoint of a method that has one (spec/rest-api.md): its verb and path. */
interface RestRoute {
  readonly verb: RestVerb
  readonly path: `/api/v3/${string}`
  /** The endpoint answers the one element of the WebSocket API's array `result` (`POST /api/v3/sor/order`). */
  readonly single?: true
}

/** A catalogue row as plain data, for code that walks all methods at run time. */
export interface MethodSpec {
  readonly wire: Method
  readonly name: MethodName
  readonly group: string
  readonly summary: string
  readonly security: SecurityType
  readonly auth: AuthKind
  readonly weight: number | WeightRule
  /**
   * REQUEST_WEIGHT charged when the request succeeds, where it differs from `weight` (charged when it fails):
   * 0 for placing and cancelling orders since 2026-04-02 (CHANGELOG 2026-03-27).
   */
  readonly successWeight?: 0
  /** How many orders this request adds to the unfilled order count. */
  readonly unfilledOrders: number
  readonly required: Readonly<Record<string, ParamKind>>
  readonly optional: Readonly<Record<string, ParamKind>>
  /** At least one name of each group must be sent. */
  readonly oneOf: readonly (readonly string[])[]
  /** At most one name of each group may be sent (`symbol` and `symbols` exclude each other). */
  readonly exclusive?: readonly (readonly string[])[]
  /** The type of the method's `result`; nothing to read at run time. */
  readonly result: Returns<unknown>
  /** False for the legacy listenKey methods, which Binance retired on 2026-02-20 and the spec no longer documents. */
  readonly inSpec: boolean
  /** The REST twin of the method, with the same params, weight and result; none for session methods. */
  readonly rest?: RestRoute
}

export const METHOD_LIST: readonly MethodSpec[] = METHODS
export const METHOD_BY_WIRE: ReadonlyMap<string, MethodSpec> = new Map(METHOD_LIST.map((m) => [m.wire, m]))
export const METHOD_BY_NAME: ReadonlyMap<string, MethodSpec> = new Map(METHOD_LIST.map((m) => [m.name, m]))
