// The engine's commands and their results.
import type { RejectReason, SelfTradePreventionMode, Side, TimeInForce } from '../../protocol/enums.js'
import type { Effects, Trade } from './effects.js'
import type { EngineOrderType, Order } from './order.js'

/** A new order, in the market's units. */
export interface PlaceCommand {
  readonly accountId: number
  readonly symbol: string
  readonly side: Side
  readonly type: EngineOrderType
  readonly timeInForce: TimeInForce
  /** Price units; 0 for MARKET. */
  readonly price: number
  /** Quantity units; 0 for a MARKET order by `quoteOrderQty`. */
  readonly quantity: number
  /** Quote money units of a MARKET order by `quoteOrderQty`; else 0n. */
  readonly quoteOrderQty: bigint
  readonly clientOrderId?: string | undefined
  readonly selfTradePreventionMode: SelfTradePreventionMode
  readonly strategyId?: number | undefined
  readonly strategyType?: number | undefined
}

export type PlaceResult =
  | { readonly ok: true; readonly order: Order; readonly trades: readonly Trade[]; readonly effects: Effects }
  | { readonly ok: false; readonly reason: RejectReason; readonly msg: string }

/** How a request names an order: by id, by client id, or both (then they must agree). */
export interface OrderRef {
  readonly orderId?: number | undefined
  readonly clientOrderId?: string | undefined
}

export type Lookup = { readonly order: Order } | { readonly error: 'NOT_FOUND' | 'MISMATCH' }

export type CancelResult =
  | {
      readonly ok: true
      readonly order: Order
      readonly origClientOrderId: string
      readonly effects: Effects
    }
  | { readonly ok: false; readonly error: 'NOT_FOUND' | 'MISMATCH' }

export interface EngineOptions {
  /** Generates a client order id when a request has none. */
  readonly newClientOrderId: () => string
}
