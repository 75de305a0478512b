// Order entry rules of the single-order features: iceberg, peg, stop and trailing parameters
// (DIGEST §3.3.5–3.3.9), and the engine-unit fields they add to the command.
import type { OrderType } from '../../../protocol/enums.js'
import { ME_MESSAGES } from '../../../protocol/errors.js'
import type { PlaceCommand } from '../../engine/engine.js'
import { peggedPrice } from '../../engine/peg.js'
import { fail } from '../../exchange/api-failure.js'
import type { ListedSymbol } from '../../exchange/symbols.js'
import { priceText, safeUnitsOf as toSafeUnits } from '../format/units.js'
import type { HandlerContext } from './context.js'
import type { OrderParams } from './order-params.js'

const ICEBERG_TYPES: ReadonlySet<OrderType> = new Set([
  'LIMIT',
  'LIMIT_MAKER',
  'STOP_LOSS_LIMIT',
  'TAKE_PROFIT_LIMIT',
])
const PEG_TYPES = ICEBERG_TYPES

const rejected = (msg: string): never => fail('NEW_ORDER_REJECTED', msg)

/** -2010 rejections of iceberg and peg combinations, checked before the engine. */
export function checkOrderFeatures(s: ListedSymbol, p: OrderParams): void {
  if (p.icebergQty !== undefined) {
    if (!ICEBERG_TYPES.has(p.type)) rejected(ME_MESSAGES.UNSUPPORTED_COMBINATION)
    if (p.type !== 'LIMIT_MAKER' && p.timeInForce !== 'GTC') rejected(ME_MESSAGES.UNSUPPORTED_COMBINATION)
    const { qtyScale } = s.spec
    const ice = toSafeUnits(p.icebergQty, qtyScale, 'icebergQty')
    if (p.quantity !== undefined && ice >= toSafeUnits(p.quantity, qtyScale, 'quantity')) {
      rejected(ME_MESSAGES.ICEBERG_QTY_EXCEEDS_QTY)
    }
  }
  checkPegRules(p)
}

/** -2010 rejections of peg combinations: the order type may peg, and with this peg type and time in force. */
export function checkPegRules(p: OrderParams): void {
  if (p.pegPriceType !== undefined) {
    if (!PEG_TYPES.has(p.type)) rejected(ME_MESSAGES.PEG_ORDER_TYPE)
    if (p.type === 'LIMIT_MAKER' && p.pegPriceType !== 'PRIMARY_PEG') {
      rejected(ME_MESSAGES.PEG_TYPE_FOR_ORDER_TYPE)
    }
    if (p.type === 'LIMIT' && p.pegPriceType === 'PRIMARY_PEG' && p.timeInForce !== 'GTC') {
      rejected(ME_MESSAGES.PEG_TYPE_FOR_ORDER_TYPE)
    }
  }
}

/** The price a LIMIT/LIMIT_MAKER peg selects now (stop-limit orders peg at trigger): undefined if not pegged now. */
export function pegNow(ctx: HandlerContext, s: ListedSymbol, p: OrderParams): number | undefined {
  if (p.pegPriceType === undefined || (p.type !== 'LIMIT' && p.type !== 'LIMIT_MAKER')) return undefined
  const book = ctx.exchange.book(s.info.symbol)
  const price = peggedPrice(book, p.side, p.pegPriceType, p.pegOffsetValue ?? 0)
  return price ?? rejected(ME_MESSAGES.PEG_LIQUIDITY_TOO_LOW)
}

/** The params the filters see for a pegged order: its pegged price in place of `price`. */
export function atPeggedPrice(s: ListedSymbol, p: OrderParams, pegged: number): OrderParams {
  return { ...p, price: priceText(s.spec, pegged) }
}

type FeatureFields = {
  -readonly [K in 'stopPrice' | 'trailingDelta' | 'icebergQty' | 'peg' | 'price']?: NonNullable<
    PlaceCommand[K]
  >
}

/** The stop, trailing, iceberg and peg fields of the engine command (`price`: the pegged price). */
export function featureFields(s: ListedSymbol, p: OrderParams, pegged: number | undefined): FeatureFields {
  const { priceScale, qtyScale } = s.spec
  const out: FeatureFields = {}
  if (p.stopPrice !== undefined) out.stopPrice = toSafeUnits(p.stopPrice, priceScale, 'stopPrice')
  if (p.trailingDelta !== undefined) out.trailingDelta = p.trailingDelta
  if (p.icebergQty !== undefined) out.icebergQty = toSafeUnits(p.icebergQty, qtyScale, 'icebergQty')
  if (p.pegPriceType !== undefined) {
    const sentPrice = p.price === undefined ? 0 : toSafeUnits(p.price, priceScale, 'price')
    out.peg = {
      priceType: p.pegPriceType,
      offsetType: p.pegOffsetType,
      offsetValue: p.pegOffsetValue,
      sentPrice,
    }
    out.price = pegged ?? 0
  }
  return out
}
