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

/** The pending order of an OTO (with `quantity`) or an OPO (without): a LIMIT_MAKER. */
export const pendingMaker = (side: Side, price: string, quantity?: string) =>
  ({
    pendingType: 'LIMIT_MAKER',
    pendingSide: side,
    pendingPrice: price,
    ...(quantity === undefined ? {} : { pendingQuantity: quantity }),
  }) as const

/** The pending pair of an OTOCO (with `quantity`) or an OPOCO (without): LIMIT_MAKER above, STOP_LOSS below. */
export const pendingMakerAndStop = (
  side: Side,
  abovePrice: string,
  belowStopPrice: string,
  quantity?: string,
) =>
  ({
    pendingSide: side,
    ...(quantity === undefined ? {} : { pendingQuantity: quantity }),
    pendingAboveType: 'LIMIT_MAKER',
    pendingAbovePrice: abovePrice,
    pendingBelowType: 'STOP_LOSS',
    pendingBelowStopPrice: belowStopPrice,
  }) as const
