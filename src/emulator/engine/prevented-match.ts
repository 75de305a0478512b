// Records the engine keeps besides orders and trades: prevented matches (STP) and amendments.
import type { SelfTradePreventionMode } from '../../protocol/enums.js'
import type { Order } from './order.js'

/**
 * A match that self-trade prevention stopped (docs/emulator-fidelity.md 3.10.5). Quantities in quantity
 * units.
 */
export interface PreventedMatch {
  /** Per-symbol sequence, from 0. */
  readonly id: number
  readonly taker: Order
  readonly maker: Order
  readonly tradeGroupId: number
  /** The effective mode that acted. */
  readonly mode: SelfTradePreventionMode
  /** The maker's price. */
  readonly price: number
  /** For EXPIRE_TAKER, EXPIRE_BOTH, DECREMENT, TRANSFER. */
  readonly takerQty: number | undefined
  /** For EXPIRE_MAKER, EXPIRE_BOTH, DECREMENT, TRANSFER. */
  readonly makerQty: number | undefined
  readonly time: number
}

/** One order.amend.keepPriority that went through (`order.amendments`). */
export interface Amendment {
  /** The order's id (not the order: a closed one is then stored compactly). */
  readonly orderId: number
  readonly executionId: number
  readonly origClientOrderId: string
  readonly newClientOrderId: string
  readonly origQty: number
  readonly newQty: number
  readonly time: number
}
