// The order-list methods' params as one shape: a list of legs, each as order.place params, in
// orderId order (working first, then the stop-loss leg of a pair, then its partner; docs/emulator-fidelity.md
// A32).
import type { OrderResponseType, OrderType, Side } from '../../../../protocol/enums.js'
import type { ParamsOf } from '../../../../protocol/methods.js'
import { fail } from '../../../exchange/api-failure.js'
import type { LegSpec, ListRequest, NewOrder } from '../../../exchange/commands.js'
import { isAbsent } from '../../wire/params.js'

type Raw = Readonly<Record<string, unknown>>

const STOP_LOSS_TYPES: ReadonlySet<OrderType> = new Set(['STOP_LOSS', 'STOP_LOSS_LIMIT'])

const str = (v: unknown): string | undefined => (isAbsent(v) ? undefined : String(v))
const num = (v: unknown): number | undefined => (isAbsent(v) ? undefined : Number(v))

/** The leg `prefix` of `raw` as order.place params; checks which params its type needs or refuses. */
function leg(
  raw: Raw,
  prefix: string,
  base: LegBase,
  type: OrderType,
  quantity: string | undefined,
): NewOrder {
  const name = (field: string) => `${prefix}${field}`
  const get = (field: string) => raw[name(field)]
  const has = (field: string) => !isAbsent(get(field))
  const require = (...fields: string[]) => {
    for (const f of fields) if (!has(f)) base.missing(name(f))
  }
  const refuse = (...fields: string[]) => {
    for (const f of fields) if (has(f)) fail('PARAM_NOT_REQUIRED', name(f))
  }
  const stopOrTrailing = () => {
    if (!has('StopPrice') && !has('TrailingDelta')) {
      fail('PARAM_EITHER', name('StopPrice'), name('TrailingDelta'))
    }
  }
  // A pegged leg takes its price from the book: `price` becomes optional (docs/emulator-fidelity.md 3.3.9,
  // pegged_orders.md).
  const priced = has('PegPriceType') ? [] : ['Price']
  switch (type) {
    case 'LIMIT':
      require(...priced, 'TimeInForce')
      refuse('StopPrice', 'TrailingDelta')
      break
    case 'LIMIT_MAKER':
      require(...priced)
      refuse('StopPrice', 'TrailingDelta', 'TimeInForce')
      break
    case 'MARKET':
      refuse('Price', 'StopPrice', 'TrailingDelta', 'TimeInForce', 'IcebergQty')
      break
    case 'STOP_LOSS':
    case 'TAKE_PROFIT':
      stopOrTrailing()
      refuse('Price', 'TimeInForce', 'IcebergQty')
      break
    case 'STOP_LOSS_LIMIT':
    case 'TAKE_PROFIT_LIMIT':
      require(...priced, 'TimeInForce')
      stopOrTrailing()
      break
  }
  if (has('IcebergQty') && type !== 'LIMIT_MAKER' && get('TimeInForce') !== 'GTC') {
    fail('OCO_ICEBERGQTY_TIMEINFORCE', name('IcebergQty'))
  }
  if (has('PegOffsetType') !== has('PegOffsetValue')) {
    fail('FIELDS_SENT_TOGETHER', `${name('PegOffsetType')}, ${name('PegOffsetValue')}`)
  }
  if (has('PegOffsetType') && !has('PegPriceType')) fail('MANDATORY_PARAM', name('PegPriceType'))
  const offset = num(get('PegOffsetValue'))
  if (offset !== undefined && (offset < 0 || offset > 100)) fail('INVALID_PARAMETER', name('PegOffsetValue'))
  const trailing = get('TrailingDelta')
  if (typeof trailing === 'string' && !/^[0-9]{1,10}$/.test(trailing))
    fail('INVALID_PARAMETER', name('TrailingDelta'))
  return compact({
    symbol: base.symbol,
    side: base.side,
    type,
    timeInForce: str(get('TimeInForce')) as NewOrder['timeInForce'],
    price: str(get('Price')),
    quantity,
    stopPrice: str(get('StopPrice')),
    trailingDelta: num(trailing),
    icebergQty: str(get('IcebergQty')),
    newClientOrderId: str(get('ClientOrderId')),
    strategyId: num(get('StrategyId')),
    strategyType: num(get('StrategyType')),
    selfTradePreventionMode: base.stp,
    pegPriceType: str(get('PegPriceType')) as NewOrder['pegPriceType'],
    pegOffsetType: str(get('PegOffsetType')) as NewOrder['pegOffsetType'],
    pegOffsetValue: num(get('PegOffsetValue')),
  })
}

interface LegBase {
  readonly symbol: string
  readonly side: Side
  readonly stp: NewOrder['selfTradePreventionMode']
  /** Fails for a missing mandatory param (-1102, or -1224 for an OPO working order). */
  readonly missing: (param: string) => never
}

/** Drops undefined members (the params types have exact optional properties). */
function compact(p: { [K in keyof NewOrder]: NewOrder[K] | undefined }): NewOrder {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(p)) if (v !== undefined) out[k] = v
  return out as NewOrder
}

const mandatory = (param: string): never => fail('MANDATORY_PARAM', param)

/** The OCO pair `above`/`below` of `side`: type rules (-1158, -1168, -1165…-1199), stop-loss leg first. */
function ocoPair(
  raw: Raw,
  side: Side,
  abovePrefix: string,
  belowPrefix: string,
  base: LegBase,
  qty: string | undefined,
): LegSpec[] {
  const aboveType = raw[`${abovePrefix}Type`] as OrderType
  const belowTypeRaw = raw[`${belowPrefix}Type`]
  if (isAbsent(belowTypeRaw)) fail('MANDATORY_PARAM', `${belowPrefix}Type`)
  const belowType = belowTypeRaw as OrderType
  const stops = [aboveType, belowType].filter((t) => STOP_LOSS_TYPES.has(t)).length
  if (stops === 0) {
    fail(
      aboveType === 'LIMIT_MAKER' && belowType === 'LIMIT_MAKER'
        ? 'BOTH_OCO_ORDERS_CANNOT_BE_LIMIT'
        : 'OCO_ORDER_TYPE_REJECTED',
    )
  }
  if (stops === 2) fail('OCO_ORDER_TYPE_REJECTED')
  checkPositions(side, aboveType, belowType)
  const above: LegSpec = {
    role: 'above',
    prefix: abovePrefix,
    params: leg(raw, abovePrefix, base, aboveType, qty),
  }
  const below: LegSpec = {
    role: 'below',
    prefix: belowPrefix,
    params: leg(raw, belowPrefix, base, belowType, qty),
  }
  return STOP_LOSS_TYPES.has(aboveType) ? [above, below] : [below, above]
}

/**
 * BUY: limit and take-profit below, stop-loss above; SELL: the reverse. Checked in the table order of
 * docs/emulator-fidelity.md 3.6.6.
 */
function checkPositions(side: Side, aboveType: OrderType, belowType: OrderType): void {
  const buy = side === 'BUY'
  const wrongSide = (test: (t: OrderType) => boolean, belongsAbove: boolean) =>
    test(belongsAbove ? belowType : aboveType)
  if (wrongSide((t) => t === 'LIMIT_MAKER', !buy)) {
    fail(buy ? 'BUY_OCO_LIMIT_MUST_BE_BELOW' : 'SELL_OCO_LIMIT_MUST_BE_ABOVE')
  }
  if (wrongSide((t) => STOP_LOSS_TYPES.has(t), buy)) {
    fail(buy ? 'BUY_OCO_STOP_LOSS_MUST_BE_ABOVE' : 'SELL_OCO_STOP_LOSS_MUST_BE_BELOW')
  }
  if (wrongSide((t) => t === 'TAKE_PROFIT' || t === 'TAKE_PROFIT_LIMIT', !buy)) {
    fail(buy ? 'BUY_OCO_TAKE_PROFIT_MUST_BE_BELOW' : 'SELL_OCO_TAKE_PROFIT_MUST_BE_ABOVE')
  }
}

const respOf = (raw: Raw): OrderResponseType =>
  (raw['newOrderRespType'] as OrderResponseType | undefined) ?? 'FULL'
const stpOf = (raw: Raw) => raw['selfTradePreventionMode'] as NewOrder['selfTradePreventionMode']

/** `orderList.place` (deprecated OCO): a LIMIT_MAKER at `price` and a STOP_LOSS(_LIMIT) at `stopPrice`. */
export function deprecatedOcoRequest(p: ParamsOf<'orderList.place'>): ListRequest {
  const raw = p as Raw
  const base: LegBase = { symbol: p.symbol, side: p.side, stp: stpOf(raw), missing: mandatory }
  const stopType: OrderType = p.stopLimitPrice === undefined ? 'STOP_LOSS' : 'STOP_LOSS_LIMIT'
  if (p.stopLimitPrice === undefined) {
    if (p.stopLimitTimeInForce !== undefined) fail('PARAM_NOT_REQUIRED', 'stopLimitTimeInForce')
    if (p.stopIcebergQty !== undefined) fail('PARAM_NOT_REQUIRED', 'stopIcebergQty')
  } else if (p.stopLimitTimeInForce === undefined) fail('MANDATORY_PARAM', 'stopLimitTimeInForce')
  if (p.stopIcebergQty !== undefined && p.stopLimitTimeInForce !== 'GTC') {
    fail('OCO_ICEBERGQTY_TIMEINFORCE', 'stopIcebergQty')
  }
  const stop = compact({
    symbol: p.symbol,
    side: p.side,
    type: stopType,
    timeInForce: p.stopLimitTimeInForce,
    price: p.stopLimitPrice,
    quantity: p.quantity,
    stopPrice: p.stopPrice,
    trailingDelta: p.trailingDelta,
    icebergQty: p.stopIcebergQty,
    newClientOrderId: p.stopClientOrderId,
    strategyId: p.stopStrategyId,
    strategyType: p.stopStrategyType,
    selfTradePreventionMode: base.stp,
    pegPriceType: undefined,
    pegOffsetType: undefined,
    pegOffsetValue: undefined,
  })
  const limit = compact({
    symbol: p.symbol,
    side: p.side,
    type: 'LIMIT_MAKER',
    timeInForce: undefined,
    price: p.price,
    quantity: p.quantity,
    stopPrice: undefined,
    trailingDelta: undefined,
    icebergQty: p.limitIcebergQty,
    newClientOrderId: p.limitClientOrderId,
    strategyId: p.limitStrategyId,
    strategyType: p.limitStrategyType,
    selfTradePreventionMode: base.stp,
    pegPriceType: undefined,
    pegOffsetType: undefined,
    pegOffsetValue: undefined,
  })
  return {
    kind: 'OCO',
    symbol: p.symbol,
    side: p.side,
    listClientOrderId: p.listClientOrderId,
    respType: respOf(raw),
    legs: [
      { role: p.side === 'BUY' ? 'above' : 'below', prefix: 'stop', params: stop },
      { role: p.side === 'BUY' ? 'below' : 'above', prefix: 'limit', params: limit },
    ],
  }
}

export function ocoRequest(p: ParamsOf<'orderList.place.oco'>): ListRequest {
  const raw = p as Raw
  const base: LegBase = { symbol: p.symbol, side: p.side, stp: stpOf(raw), missing: mandatory }
  return {
    kind: 'OCO',
    symbol: p.symbol,
    side: p.side,
    listClientOrderId: p.listClientOrderId,
    respType: respOf(raw),
    legs: ocoPair(raw, p.side, 'above', 'below', base, p.quantity),
  }
}

type OtoMethod =
  | 'orderList.place.oto'
  | 'orderList.place.otoco'
  | 'orderList.place.opo'
  | 'orderList.place.opoco'

/** OTO, OTOCO, OPO, OPOCO: a working LIMIT/LIMIT_MAKER plus one pending order or a pending OCO pair. */
export function otoRequest<M extends OtoMethod>(
  kind: 'OTO' | 'OTOCO' | 'OPO' | 'OPOCO',
  p: ParamsOf<M>,
): ListRequest {
  const raw = p as Raw
  const opo = kind === 'OPO' || kind === 'OPOCO'
  const workingSide = raw['workingSide'] as Side
  const pendingSide = raw['pendingSide'] as Side
  if (opo) {
    if (workingSide !== 'BUY') fail('OPO_WORKING_MUST_BE_BUY')
    if (pendingSide !== 'SELL') fail('OPO_PENDING_MUST_BE_SELL')
    if (!isAbsent(raw['pendingQuantity'])) fail('PENDING_PARAM_NOT_REQUIRED', 'pendingQuantity')
  }
  const symbol = raw['symbol'] as string
  const stp = stpOf(raw)
  const workingBase: LegBase = {
    symbol,
    side: workingSide,
    stp,
    missing: opo ? (param) => fail('WORKING_PARAM_REQUIRED', param) : mandatory,
  }
  const working: LegSpec = {
    role: 'working',
    prefix: 'working',
    params: leg(raw, 'working', workingBase, raw['workingType'] as OrderType, str(raw['workingQuantity'])),
  }
  const pendingBase: LegBase = { symbol, side: pendingSide, stp, missing: mandatory }
  const pendingQty = opo ? undefined : str(raw['pendingQuantity'])
  let pending: LegSpec[]
  if (kind === 'OTO' || kind === 'OPO') {
    const type = raw['pendingType'] as OrderType
    if (type === 'MARKET' && !isAbsent(raw['pendingQuoteOrderQty']))
      fail('PARAM_NOT_REQUIRED', 'pendingQuoteOrderQty')
    pending = [
      { role: 'pending', prefix: 'pending', params: leg(raw, 'pending', pendingBase, type, pendingQty) },
    ]
  } else {
    pending = ocoPair(raw, pendingSide, 'pendingAbove', 'pendingBelow', pendingBase, pendingQty)
  }
  return {
    kind,
    symbol,
    side: workingSide,
    listClientOrderId: str(raw['listClientOrderId']),
    respType: respOf(raw),
    legs: [working, ...pending],
  }
}
