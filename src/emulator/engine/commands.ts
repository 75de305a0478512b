// The engine's commands and their results.
import type { RejectReason, SelfTradePreventionMode, Side, TimeInForce } from '../../protocol/enums.js'
import type { Effects, Execution, Trade } from './effects.js'
import type { EngineOrderType, Order, PegSpec } from './order.js'
import type { PreventedMatch } from './prevented-match.js'

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
  /** Price units; 0 or absent when not sent. */
  readonly stopPrice?: number | undefined
  /** BIPS; absent for non-trailing orders. */
  readonly trailingDelta?: number | undefined
  /** Quantity units; 0 or absent for non-iceberg orders. */
  readonly icebergQty?: number | undefined
  /** With a peg, `price` is the pegged price for LIMIT/LIMIT_MAKER (the caller resolves it, see
   * peggedPrice) and 0 for stop-limit orders, which peg when they trigger. */
  readonly peg?: PegSpec | undefined
  /** -1 or absent for single orders. */
  readonly orderListId?: number | undefined
}

export type PlaceResult =
  | {
      readonly ok: true
      readonly order: Order
      /** The new order's own fills (its taker phase), not those of stops it triggered. */
      readonly trades: readonly Trade[]
      /** The new order's prevented matches as a taker. */
      readonly prevented: readonly PreventedMatch[]
      readonly effects: Effects
    }
  | {
      readonly ok: false
      readonly reason: RejectReason
      readonly msg: string
      /** Set when the engine found a filter failure (-1013) only the book could tell, not an engine rejection. */
      readonly filter?: 'MARKET_LOT_SIZE'
    }

export type AmendResult =
  | {
      readonly ok: true
      readonly order: Order
      readonly origClientOrderId: string
      readonly executionId: number
      readonly effects: Effects
    }
  | { readonly ok: false; readonly error: 'NOT_FOUND' | 'MISMATCH' | 'REJECTED'; readonly msg?: string }

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

/** Called for every execution as the engine creates it (order lists hook in here). */
export type ExecutionListener = (x: Execution, effects: Effects, now: number) => void
