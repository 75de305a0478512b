// A synthetic market maker: an internal, well-funded account that keeps a ladder of post-only
// orders around each symbol's reference price and re-posts a level once it has been filled.
import type { Side } from '../../protocol/enums.js'
import { pow10 } from '../engine/decimal.js'
import type { Effects } from '../engine/effects.js'
import type { Engine, PlaceCommand } from '../engine/engine.js'
import type { Order } from '../engine/order.js'
import type { ListedSymbol } from './symbols.js'

/** The provider's account id; configured accounts start at 1. */
export const LIQUIDITY_ACCOUNT_ID = 0

/** Whole units of every asset the provider starts with. */
const FUNDING = 1_000_000_000_000n

/** The synthetic liquidity's GTC order of `quantity` at `price` (LIMIT_MAKER: never trades on entry). */
export function liquidityOrder(
  symbol: string,
  side: Side,
  type: 'LIMIT' | 'LIMIT_MAKER',
  price: number,
  quantity: number,
): PlaceCommand {
  return {
    accountId: LIQUIDITY_ACCOUNT_ID,
    symbol,
    side,
    type,
    timeInForce: 'GTC',
    price,
    quantity,
    quoteOrderQty: 0n,
    selfTradePreventionMode: 'NONE',
  }
}

export interface LiquiditySettings {
  readonly levels: number
  readonly spacingBps: number
}

export class LiquidityProvider {
  constructor(
    private readonly engine: Engine,
    private readonly settings: LiquiditySettings,
  ) {}

  /** Funds the provider in the assets it does not hold yet and posts the initial ladder of every symbol. */
  start(symbols: readonly ListedSymbol[], now: number): void {
    const { ledger } = this.engine
    const held = ledger.holdings(LIQUIDITY_ACCOUNT_ID)
    const assets = new Set(symbols.flatMap((s) => [s.spec.baseAsset, s.spec.quoteAsset]))
    for (const asset of assets)
      if (!held.has(asset)) ledger.credit(LIQUIDITY_ACCOUNT_ID, asset, FUNDING * pow10(8))
    for (const s of symbols) {
      // A symbol in BREAK generates no market data (docs/emulator-fidelity.md 3.1.6): no ladder; in HALT the
      // book stays quoted.
      if (s.liquidityQty <= 0 || s.info.status === 'BREAK') continue
      const spacing = Math.max(1, Math.round((s.referencePrice * this.settings.spacingBps) / 10_000))
      for (let k = 1; k <= this.settings.levels; k++) {
        this.post(s.spec.symbol, 'BUY', s.referencePrice - k * spacing, s.liquidityQty, now)
        this.post(s.spec.symbol, 'SELL', s.referencePrice + k * spacing, s.liquidityQty, now)
      }
    }
  }

  /** Re-posts every provider order that `effects` filled completely. */
  replenish(effects: Effects, now: number): void {
    const filled = new Set<Order>()
    for (const trade of effects.trades) {
      for (const order of [trade.buyer, trade.seller]) {
        if (order.accountId === LIQUIDITY_ACCOUNT_ID && order.status === 'FILLED') filled.add(order)
      }
    }
    for (const order of filled) this.post(order.market.symbol, order.side, order.price, order.origQty, now)
  }

  private post(symbol: string, side: Side, price: number, qty: number, now: number): void {
    if (price <= 0 || qty <= 0) return
    this.engine.place(liquidityOrder(symbol, side, 'LIMIT_MAKER', price, qty), now)
  }
}
