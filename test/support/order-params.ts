// Params of the orders and order lists the tests place, so each test writes only what it is about.
type Side = 'BUY' | 'SELL'

/** A GTC LIMIT order. */
export const limit = (symbol: string, side: Side, price: string, quantity: string) =>
  ({ symbol, side, type: 'LIMIT', timeInForce: 'GTC', price, quantity }) as const

/** The spec's SELL OCO example: LIMIT_MAKER above at 61000, STOP_LOSS_LIMIT below (stop 59000, limit 58900), 0.1 BTC. */
export const SELL_OCO = {
  symbol: 'BTCUSDT',
  side: 'SELL',
  quantity: '0.10000',
  aboveType: 'LIMIT_MAKER',
  abovePrice: '61000.00',
  belowType: 'STOP_LOSS_LIMIT',
  belowStopPrice: '59000.00',
  belowPrice: '58900.00',
  belowTimeInForce: 'GTC',
} as const

/** An OCO of a LIMIT_MAKER above at `abovePrice` and a STOP_LOSS below at `belowStopPrice`. */
export const makerAndStopOco = (
  symbol: string,
  side: Side,
  quantity: string,
  abovePrice: string,
  belowStopPrice: string,
) =>
  ({
    symbol,
    side,
    quantity,
    aboveType: 'LIMIT_MAKER',
    abovePrice,
    belowType: 'STOP_LOSS',
    belowStopPrice,
  }) as const

/** The working order of an OTO, OTOCO, OPO or OPOCO list: a GTC LIMIT. */
export const workingLimit = (symbol: string, side: Side, price: string, quantity: string) =>
  ({
    symbol,
    workingType: 'LIMIT',
    workingSide: side,
    workingPrice: price,
    workingQuantity: quantity,
    workingTimeInForce: 'GTC',
  }) as const

/** The pending order of an OTO: a GTC LIMIT. */
export const pendingLimit = (side: Side, price: string, quantity: string) =>
  ({
    pendingType: 'LIMIT',
    pendingSide: side,
    pendingPrice: price,
    pendingQuantity: quantity,
    pendingTimeInForce: 'GTC',
  }) as const

/** The pending order of an OPO (no quantity: what the working order bought) or, with `quantity`, of an OTO: a LIMIT_MAKER. */
export function pendingMaker(side: Side, price: string): PendingMaker
export function pendingMaker(
  side: Side,
  price: string,
  quantity: string,
): PendingMaker & { pendingQuantity: string }
export function pendingMaker(side: Side, price: string, quantity?: string) {
  const leg = { pendingType: 'LIMIT_MAKER', pendingSide: side, pendingPrice: price } as const
  return quantity === undefined ? leg : { ...leg, pendingQuantity: quantity }
}
type PendingMaker = { pendingType: 'LIMIT_MAKER'; pendingSide: Side; pendingPrice: string }

/** The pending pair of an OPOCO or, with `quantity`, of an OTOCO: a LIMIT_MAKER above, a STOP_LOSS below. */
export function pendingMakerAndStop(side: Side, abovePrice: string, belowStopPrice: string): PendingPair
export function pendingMakerAndStop(
  side: Side,
  abovePrice: string,
  belowStopPrice: string,
  quantity: string,
): PendingPair & { pendingQuantity: string }
export function pendingMakerAndStop(
  side: Side,
  abovePrice: string,
  belowStopPrice: string,
  quantity?: string,
) {
  const pair = {
    pendingSide: side,
    pendingAboveType: 'LIMIT_MAKER',
    pendingAbovePrice: abovePrice,
    pendingBelowType: 'STOP_LOSS',
    pendingBelowStopPrice: belowStopPrice,
  } as const
  return quantity === undefined ? pair : { ...pair, pendingQuantity: quantity }
}
type PendingPair = {
  pendingSide: Side
  pendingAboveType: 'LIMIT_MAKER'
  pendingAbovePrice: string
  pendingBelowType: 'STOP_LOSS'
  pendingBelowStopPrice: string
}
