// The market moved from outside: the synthetic liquidity re-centred on a new price (new levels that cross resting
// orders trade with them), a symbol's trading status, the exchange canceling open orders
// (docs/emulator-fidelity.md 3.11.8).
import { type Side, SYMBOL_TRADING_STATUS } from '../../protocol/enums.js'
import { DECIMAL_PATTERN, toSafeUnits } from '../engine/decimal.js'
import type { CommandOf, ExchangeEvent } from './commands.js'
import { LIQUIDITY_ACCOUNT_ID, liquidityOrder } from './liquidity.js'
import type { ExchangeState } from './state.js'
import type { ListedSymbol } from './symbols.js'

function listedOf(state: ExchangeState, symbol: string): ListedSymbol {
  const listed = state.symbols.get(symbol)
  if (!listed) throw new RangeError(`unknown symbol ${symbol}`)
  return listed
}

/** Re-centres `symbol`'s synthetic liquidity (if any) on `price` and makes it the last price. */
export function moveReferencePrice(
  state: ExchangeState,
  cmd: CommandOf<'moveReferencePrice'>,
  now: number,
  events: ExchangeEvent[],
): undefined {
  const { symbol, price } = cmd
  const listed = listedOf(state, symbol)
  if (!DECIMAL_PATTERN.test(price)) throw new TypeError(`setReferencePrice: '${price}' is not a decimal`)
  const centre = toSafeUnits(price, listed.spec.priceScale)
  if (centre <= 0) throw new RangeError('setReferencePrice: the price must be > 0')
  const book = state.book(symbol)
  const liquidity = state.config.liquidity
  if (liquidity && listed.liquidityQty > 0) {
    for (const order of book.openOrders(LIQUIDITY_ACCOUNT_ID)) {
      const canceled = state.cancel(LIQUIDITY_ACCOUNT_ID, symbol, { orderId: order.id }, undefined, now)
      if (canceled.ok) events.push(canceled.effects)
    }
    const spacing = Math.max(1, Math.round((centre * liquidity.spacingBps) / 10_000))
    const post = (side: Side, at: number) => {
      if (at <= 0) return
      const placed = state.place(liquidityOrder(symbol, side, 'LIMIT', at, listed.liquidityQty), now)
      if (placed.ok) events.push(placed.effects)
    }
    for (let k = 1; k <= liquidity.levels; k++) {
      post('SELL', centre + k * spacing)
      post('BUY', centre - k * spacing)
    }
  }
  state.tape(symbol).lastPrice = centre
  return undefined
}

/**
 * Moves `symbol` to a trading status: new orders need TRADING ("Market is closed."), cancels stay allowed, and in
 * BREAK no market data streams are published (docs/emulator-fidelity.md 3.1.6).
 */
export function setSymbolStatus(state: ExchangeState, cmd: CommandOf<'setSymbolStatus'>): undefined {
  const listed = listedOf(state, cmd.symbol)
  if (!SYMBOL_TRADING_STATUS.includes(cmd.status)) throw new TypeError(`unknown symbol status ${cmd.status}`)
  listed.info.status = cmd.status
  return undefined
}

/** The exchange cancels the open orders on `symbol` (EXPIRED, EXCHANGE_CANCELED); returns how many expired. */
export function expireOrders(
  state: ExchangeState,
  cmd: CommandOf<'expireOrders'>,
  now: number,
  events: ExchangeEvent[],
): number {
  listedOf(state, cmd.symbol)
  const { effects, count } = state.expireOrders(cmd.symbol, cmd.accountId, now)
  events.push(effects)
  return count
}
