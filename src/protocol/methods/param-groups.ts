// Param groups several catalogue rows share: a new order's params and the params of one order of a list.
import { OCO_BELOW, PEG_OFFSET, PEG_PRICE, RESP, STP, TIF } from '../enums.js'
import type { ParamKind } from '../methods.js'

type Group = Readonly<Record<string, ParamKind>>
type Prefixed<P extends string, G extends Group> = { readonly [K in keyof G & string as `${P}${K}`]: G[K] }

/** `group` without the params `names`, keeping the order of the rest. */
function omit<G extends Group, K extends keyof G & string>(group: G, names: readonly K[]): Omit<G, K> {
  const kept = Object.entries(group).filter(([name]) => !names.includes(name as K))
  return Object.fromEntries(kept) as Omit<G, K>
}

/** `group`'s params renamed `prefix` + name, as a list leg's params are (`pendingAbove` + `Price`). */
function prefixed<P extends string, G extends Group>(prefix: P, group: G): Prefixed<P, G> {
  return Object.fromEntries(Object.entries(group).map(([name, kind]) => [prefix + name, kind])) as Prefixed<
    P,
    G
  >
}

/** A new order's optional params but the pegged ones, in the spec's order (order.place, order.test, cancelReplace). */
export const NEW_ORDER = {
  timeInForce: TIF,
  price: 'DECIMAL',
  quantity: 'DECIMAL',
  quoteOrderQty: 'DECIMAL',
  newClientOrderId: 'STRING',
  newOrderRespType: RESP,
  stopPrice: 'DECIMAL',
  trailingDelta: 'INT',
  icebergQty: 'DECIMAL',
  strategyId: 'LONG',
  strategyType: 'INT',
  selfTradePreventionMode: STP,
} as const

/** A pegged order's params, which cancelReplace lists after its own. */
export const PEGGED = { pegPriceType: PEG_PRICE, pegOffsetValue: 'INT', pegOffsetType: PEG_OFFSET } as const

/** An SOR order's optional params: LIMIT or MARKET only, `quantity` required, no stop, trailing or quote quantity. */
export const SOR_ORDER = omit(NEW_ORDER, ['quantity', 'quoteOrderQty', 'stopPrice', 'trailingDelta'])

/** An order list's own optional params (OTO, OTOCO, OPO, OPOCO; the OCO row lists them around its legs). */
export const LIST = {
  listClientOrderId: 'STRING',
  newOrderRespType: RESP,
  selfTradePreventionMode: STP,
} as const

/** The optional params of one order of a list, each prefixed by its leg: `working`, `pending`, `pendingAbove`, … */
const LEG = {
  ClientOrderId: 'STRING',
  Price: 'DECIMAL',
  StopPrice: 'DECIMAL',
  TrailingDelta: 'DECIMAL',
  IcebergQty: 'DECIMAL',
  TimeInForce: TIF,
  StrategyId: 'LONG',
  StrategyType: 'INT',
  PegPriceType: PEG_PRICE,
  PegOffsetType: PEG_OFFSET,
  PegOffsetValue: 'INT',
} as const

/** A leg of `orderList.place.oco`: the spec lists its iceberg quantity second and types it and the delta LONG. */
const OCO_LEG = {
  ClientOrderId: 'STRING',
  IcebergQty: 'LONG',
  ...omit(LEG, ['ClientOrderId', 'IcebergQty']),
  TrailingDelta: 'LONG',
} as const

/** The working order of OTO/OTOCO/OPO/OPOCO lists: LIMIT or LIMIT_MAKER, its price required. */
const WORKING_LEG = prefixed('working', omit(LEG, ['Price', 'StopPrice', 'TrailingDelta']))

/** The two legs of `orderList.place.oco`. */
export const OCO_LEGS = { ...prefixed('above', OCO_LEG), ...prefixed('below', OCO_LEG) } as const

/** The legs of OTO and OPO lists: a working order and one pending order. */
export const ONE_PENDING_LEGS = { ...WORKING_LEG, ...prefixed('pending', LEG) } as const

/** The legs of OTOCO and OPOCO lists: a working order and a pending OCO pair. */
export const PENDING_OCO_LEGS = {
  ...WORKING_LEG,
  ...prefixed('pendingAbove', LEG),
  pendingBelowType: OCO_BELOW,
  ...prefixed('pendingBelow', LEG),
} as const
