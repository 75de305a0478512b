// One order's state, with the intrusive links of its price level's FIFO queue.
import type {
  ExpiryReason,
  OrderStatus,
  SelfTradePreventionMode,
  Side,
  TimeInForce,
} from '../../protocol/enums.js'
import type { Market } from './market.js'
import type { PriceLevel } from './price-level.js'

/** Order types the engine executes. */
export type EngineOrderType = 'LIMIT' | 'LIMIT_MAKER' | 'MARKET'

/** What a new order is made of. Prices and quantities are in the market's units. */
export interface OrderInit {
  readonly id: number
  readonly accountId: number
  readonly market: Market
  readonly side: Side
  readonly type: EngineOrderType
  readonly timeInForce: TimeInForce
  /** 0 for MARKET orders. */
  readonly price: number
  readonly origQty: number
  /** Quote amount (money units) of a MARKET order placed by `quoteOrderQty`; else 0. */
  readonly quoteOrderQty: bigint
  readonly clientOrderId: string
  readonly time: number
  readonly selfTradePreventionMode: SelfTradePreventionMode
  readonly strategyId: number | undefined
  readonly strategyType: number | undefined
}

export class Order {
  readonly id: number
  readonly accountId: number
  readonly market: Market
  readonly side: Side
  readonly type: EngineOrderType
  readonly timeInForce: TimeInForce
  readonly price: number
  readonly origQty: number
  readonly quoteOrderQty: bigint
  readonly time: number
  readonly selfTradePreventionMode: SelfTradePreventionMode
  readonly strategyId: number | undefined
  readonly strategyType: number | undefined
  clientOrderId: string
  executedQty = 0
  /** Σ price × qty of the fills, in quote money units. */
  cumQuote = 0n
  status: OrderStatus = 'NEW'
  expiryReason: ExpiryReason | undefined = undefined
  /** Funds still reserved for this order (quote for BUY, base for SELL), in money units. */
  locked = 0n
  updateTime: number
  workingTime: number
  prev: Order | null = null
  next: Order | null = null
  level: PriceLevel | null = null

  constructor(init: OrderInit) {
    this.id = init.id
    this.accountId = init.accountId
    this.market = init.market
    this.side = init.side
    this.type = init.type
    this.timeInForce = init.timeInForce
    this.price = init.price
    this.origQty = init.origQty
    this.quoteOrderQty = init.quoteOrderQty
    this.clientOrderId = init.clientOrderId
    this.time = init.time
    this.selfTradePreventionMode = init.selfTradePreventionMode
    this.strategyId = init.strategyId
    this.strategyType = init.strategyType
    this.updateTime = init.time
    this.workingTime = init.time
  }

  get remaining(): number {
    return this.origQty - this.executedQty
  }

  /** NEW or PARTIALLY_FILLED: can still trade or be canceled. */
  get isOpen(): boolean {
    return this.status === 'NEW' || this.status === 'PARTIALLY_FILLED'
  }

  /** Whether the order rests on the book. */
  get onBook(): boolean {
    return this.level !== null
  }
}
