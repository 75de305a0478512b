// Moving the synthetic market: the provider's ladder is withdrawn and posted again around a new price.
// New levels that cross resting orders trade with them (the market moved through them).
import type { Side } from '../../../protocol/enums.js'
import type { Decimal } from '../../../protocol/methods.js'
import { DECIMAL_PATTERN, toSafeUnits } from '../../engine/decimal.js'
import type { Exchange } from '../../exchange/exchange.js'
import { LIQUIDITY_ACCOUNT_ID, type LiquiditySettings } from '../../exchange/liquidity.js'
import type { UserStreams } from '../user-streams.js'

/** Re-centres `symbol`'s synthetic liquidity (if any) on `price` and makes it the last price. */
export function moveReferencePrice(
  exchange: Exchange,
  streams: UserStreams,
  liquidity: LiquiditySettings | undefined,
  symbol: string,
  price: Decimal,
  now: number,
): void {
  const listed = exchange.symbols.get(symbol)
  if (!listed) throw new RangeError(`unknown symbol ${symbol}`)
  if (!DECIMAL_PATTERN.test(price)) throw new TypeError(`setReferencePrice: '${price}' is not a decimal`)
  const centre = toSafeUnits(price, listed.spec.priceScale)
  if (centre <= 0) throw new RangeError('setReferencePrice: the price must be > 0')
  const book = exchange.book(symbol)
  if (liquidity && listed.liquidityQty > 0) {
    for (const order of book.openOrders(LIQUIDITY_ACCOUNT_ID)) {
      exchange.engine.cancel(LIQUIDITY_ACCOUNT_ID, symbol, { orderId: order.id }, undefined, now)
    }
    const spacing = Math.max(1, Math.round((centre * liquidity.spacingBps) / 10_000))
    for (let k = 1; k <= liquidity.levels; k++) {
      post(exchange, streams, symbol, 'SELL', centre + k * spacing, listed.liquidityQty, now)
      post(exchange, streams, symbol, 'BUY', centre - k * spacing, listed.liquidityQty, now)
    }
  }
  exchange.tape(symbol).lastPrice = centre
}

function post(
  exchange: Exchange,
  streams: UserStreams,
  symbol: string,
  side: Side,
  price: number,
  quantity: number,
  now: number,
): void {
  if (price <= 0) return
  const placed = exchange.place(
    {
      accountId: LIQUIDITY_ACCOUNT_ID,
      symbol,
      side,
      type: 'LIMIT',
      timeInForce: 'GTC',
      price,
      quantity,
      quoteOrderQty: 0n,
      selfTradePreventionMode: 'NONE',
    },
    now,
  )
  if (placed.ok) streams.publish(placed.effects, now)
}
