// One order's state, with the intrusive links of its price level's FIFO queue.
import type {
  ExpiryReason,
  OrderStatus,
  OrderType,
  PegOffsetType,
  PegPriceType,
  SelfTradePreventionMode,
  Side,
  TimeInForce,
  WorkingFloor,
} from '../../protocol/enums.js'
import type { Market } from './market.js'
import type { PriceLevel } from './price-level.js'

/** Order types the engine executes (all of them). */
export type EngineOrderType = OrderType

/** A peg instruction: the limit price comes from the book (DIGEST §3.3.9). */
export interface PegSpec {
  readonly priceType: PegPriceType
  readonly offsetType: PegOffsetType | undefined
  readonly offsetValue: number | undefined
  /** The `price` the request sent (price units), 0 if none: responses echo it as `price`. */
  readonly sentPrice: number
}

/** What a new order is made of. Prices and quantities are in the market's units. */
export interface OrderInit {
  readonly id: number
  readonly accountId: number
  readonly market: Market
  readonly side: Side
  readonly type: EngineOrderType
  readonly timeInForce: TimeInForce
  /** 0 for market-like orders, and for pegged orders until the peg is determined. */
  readonly price: number
  readonly origQty: number
  /** Quote amount (money units) of a MARKET order placed by `quoteOrderQty`; else 0. */
  readonly quoteOrderQty: bigint
  readonly clientOrderId: string
  readonly time: number
  readonly selfTradePreventionMode: SelfTradePreventionMode
  readonly strategyId: number | undefined
  readonly strategyType: number | undefined
  /** 0 when unused. */
  readonly stopPrice?: number
  readonly trailingDelta?: number | undefined
  /** 0 for a non-iceberg order. */
  readonly icebergQty?: number
  readonly peg?: PegSpec | undefined
}

const MARKET_LIKE: ReadonlySet<OrderType> = new Set(['MARKET', 'STOP_LOSS', 'TAKE_PROFIT'])
const STOP_TYPES: ReadonlySet<OrderType> = new Set([
  'STOP_LOSS',
  'STOP_LOSS_LIMIT',
  'TAKE_PROFIT',
  'TAKE_PROFIT_LIMIT',
])

export class Order {
  readonly id: number
  readonly accountId: number
  readonly market: Market
  readonly side: Side
  readonly type: EngineOrderType
  readonly timeInForce: TimeInForce
  readonly quoteOrderQty: bigint
  readonly time: number
  readonly selfTradePreventionMode: SelfTradePreventionMode
  readonly strategyId: number | undefined
  readonly strategyType: number | undefined
  readonly stopPrice: number
  readonly trailingDelta: number | undefined
  readonly icebergQty: number
  readonly peg: PegSpec | undefined
  /** The working limit price (the pegged price once determined); 0 for market-like orders. */
  price: number
  /** Reduced by order.amend.keepPriority. */
  origQty: number
  clientOrderId: string
  /** -1 unless the order is a leg of an order list. */
  orderListId = -1
  executedQty = 0
  /** Cumulative quantity expired by self-trade prevention. */
  preventedQty = 0
  /** The last prevented match this order took part in. */
  preventedMatchId: number | undefined = undefined
  /** Σ price × qty of the fills, in quote money units. */
  cumQuote = 0n
  status: OrderStatus = 'NEW'
  expiryReason: ExpiryReason | undefined = undefined
  /** Funds still reserved for this order (quote for BUY, base for SELL), in money units. */
  locked = 0n
  /** The price a BUY order's quote reservation was computed at (its limit price, or an estimate). */
  lockPrice = 0
  /** When trailing started; -1 until then. */
  trailingTime = -1
  /** The extreme trade price seen since trailing started (lowest for BUY, highest for SELL); 0 before. */
  trailExtreme = 0
  /** What is left of the iceberg's visible slice while it rests. */
  sliceLeft = 0
  amendCount = 0
  /** Set on SOR orders only (their `usedSor` is true): `SOR` while routed, `EXCHANGE` once resting. */
  workingFloor: WorkingFloor | undefined = undefined
  updateTime: number
  /** -1 while not working (an untriggered stop, a pending list leg). */
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
    this.stopPrice = init.stopPrice ?? 0
    this.trailingDelta = init.trailingDelta
    this.icebergQty = init.icebergQty ?? 0
    this.peg = init.peg
    this.updateTime = init.time
    this.workingTime = this.isStop ? -1 : init.time
  }

  /** Quantity still available to trade: origQty − executedQty − preventedQty. */
  get remaining(): number {
    return this.origQty - this.executedQty - this.preventedQty
  }

  /** The quantity the book shows: an iceberg's current slice, else the remainder. */
  get visible(): number {
    return this.icebergQty > 0 ? Math.min(this.sliceLeft, this.remaining) : this.remaining
  }

  /** NEW or PARTIALLY_FILLED: can still trade or be canceled. */
  get isOpen(): boolean {
    return this.status === 'NEW' || this.status === 'PARTIALLY_FILLED'
  }

  /** Whether the order rests on the book. */
  get onBook(): boolean {
    return this.level !== null
  }

  /** STOP_LOSS, STOP_LOSS_LIMIT, TAKE_PROFIT or TAKE_PROFIT_LIMIT ("algo" orders). */
  get isStop(): boolean {
    return STOP_TYPES.has(this.type)
  }

  /** MARKET, and STOP_LOSS/TAKE_PROFIT once triggered: no limit price. */
  get executesAsMarket(): boolean {
    return MARKET_LIKE.has(this.type)
  }

  /** Whether the order is working (on the book or trading), as opposed to waiting for a trigger. */
  get isWorking(): boolean {
    return this.workingTime !== -1
  }

  /** Starts a new visible slice of an iceberg (no-op for other orders). */
  startSlice(): void {
    if (this.icebergQty > 0) this.sliceLeft = Math.min(this.icebergQty, this.remaining)
  }
}
