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

/** A peg instruction: the limit price comes from the book (docs/emulator-fidelity.md 3.3.9). */
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

const STOP_TYPES: ReadonlySet<OrderType> = new Set([
  'STOP_LOSS',
  'STOP_LOSS_LIMIT',
  'TAKE_PROFIT',
  'TAKE_PROFIT_LIMIT',
])

/**
 * The fields most orders leave at their defaults, kept apart so that a plain order is a smaller object: every
 * order the engine accepts is held (and copied by the young-generation GC) while it lives.
 */
export class OrderExtras {
  quoteOrderQty = 0n
  strategyId: number | undefined = undefined
  strategyType: number | undefined = undefined
  stopPrice = 0
  trailingDelta: number | undefined = undefined
  icebergQty = 0
  peg: PegSpec | undefined = undefined
  orderListId = -1
  preventedMatchId: number | undefined = undefined
  trailingTime = -1
  trailExtreme = 0
  sliceLeft = 0
  amendCount = 0
  workingFloor: WorkingFloor | undefined = undefined
}

export class Order {
  readonly id: number
  readonly accountId: number
  readonly market: Market
  readonly side: Side
  readonly type: EngineOrderType
  readonly timeInForce: TimeInForce
  readonly time: number
  readonly selfTradePreventionMode: SelfTradePreventionMode
  /** The working limit price (the pegged price once determined); 0 for market-like orders. */
  price: number
  /** Reduced by order.amend.keepPriority. */
  origQty: number
  clientOrderId: string
  executedQty = 0
  /** Cumulative quantity expired by self-trade prevention. */
  preventedQty = 0
  /** Σ price × qty of the fills, in quote money units. */
  cumQuote = 0n
  status: OrderStatus = 'NEW'
  expiryReason: ExpiryReason | undefined = undefined
  /** Funds still reserved for this order (quote for BUY, base for SELL), in money units. */
  locked = 0n
  /** The price a BUY order's quote reservation was computed at (its limit price, or an estimate). */
  lockPrice = 0
  updateTime: number
  /** -1 while not working (an untriggered stop, a pending list leg). */
  workingTime: number
  prev: Order | null = null
  next: Order | null = null
  level: PriceLevel | null = null
  /** The rarely used fields; undefined while they all have their defaults. */
  private extras: OrderExtras | undefined = undefined

  constructor(init: OrderInit) {
    this.id = init.id
    this.accountId = init.accountId
    this.market = init.market
    this.side = init.side
    this.type = init.type
    this.timeInForce = init.timeInForce
    this.price = init.price
    this.origQty = init.origQty
    this.clientOrderId = init.clientOrderId
    this.time = init.time
    this.selfTradePreventionMode = init.selfTradePreventionMode
    this.updateTime = init.time
    this.workingTime = STOP_TYPES.has(init.type) ? -1 : init.time
    const stopPrice = init.stopPrice ?? 0
    const icebergQty = init.icebergQty ?? 0
    if (
      init.quoteOrderQty !== 0n ||
      init.strategyId !== undefined ||
      init.strategyType !== undefined ||
      stopPrice !== 0 ||
      init.trailingDelta !== undefined ||
      icebergQty !== 0 ||
      init.peg !== undefined
    ) {
      const x = new OrderExtras()
      x.quoteOrderQty = init.quoteOrderQty
      x.strategyId = init.strategyId
      x.strategyType = init.strategyType
      x.stopPrice = stopPrice
      x.trailingDelta = init.trailingDelta
      x.icebergQty = icebergQty
      x.peg = init.peg
      this.extras = x
    }
  }

  /** Whether any of the rarely used fields was ever set (then the order is not stored compactly once closed). */
  /** A copy of the order as it is now, to answer with while the order goes on changing. */
  snapshot(): Order {
    const copy = Object.assign(Object.create(Order.prototype) as Order, this)
    if (this.extras) copy.extras = { ...this.extras }
    return copy
  }

  get hasExtras(): boolean {
    return this.extras !== undefined
  }

  /** Whether a rarely used field other than the amendment count was ever set. */
  get hasExtrasBesidesAmends(): boolean {
    const x = this.extras
    if (x === undefined) return false
    return (
      x.quoteOrderQty !== 0n ||
      x.strategyId !== undefined ||
      x.strategyType !== undefined ||
      x.stopPrice !== 0 ||
      x.trailingDelta !== undefined ||
      x.icebergQty !== 0 ||
      x.peg !== undefined ||
      x.orderListId !== -1 ||
      x.preventedMatchId !== undefined ||
      x.trailingTime !== -1 ||
      x.trailExtreme !== 0 ||
      x.sliceLeft !== 0 ||
      x.workingFloor !== undefined
    )
  }

  private get x(): OrderExtras {
    if (this.extras === undefined) this.extras = new OrderExtras()
    return this.extras
  }

  /** Quote amount (money units) of a MARKET order placed by `quoteOrderQty`; else 0. */
  get quoteOrderQty(): bigint {
    return this.extras === undefined ? 0n : this.extras.quoteOrderQty
  }

  get strategyId(): number | undefined {
    return this.extras?.strategyId
  }

  get strategyType(): number | undefined {
    return this.extras?.strategyType
  }

  /** 0 when unused. */
  get stopPrice(): number {
    return this.extras === undefined ? 0 : this.extras.stopPrice
  }

  get trailingDelta(): number | undefined {
    return this.extras?.trailingDelta
  }

  /** 0 for a non-iceberg order. */
  get icebergQty(): number {
    return this.extras === undefined ? 0 : this.extras.icebergQty
  }

  get peg(): PegSpec | undefined {
    return this.extras?.peg
  }

  /** -1 unless the order is a leg of an order list. */
  get orderListId(): number {
    return this.extras === undefined ? -1 : this.extras.orderListId
  }

  set orderListId(id: number) {
    if (this.extras !== undefined || id !== -1) this.x.orderListId = id
  }

  /** The last prevented match this order took part in. */
  get preventedMatchId(): number | undefined {
    return this.extras?.preventedMatchId
  }

  set preventedMatchId(id: number | undefined) {
    if (this.extras !== undefined || id !== undefined) this.x.preventedMatchId = id
  }

  /** When trailing started; -1 until then. */
  get trailingTime(): number {
    return this.extras === undefined ? -1 : this.extras.trailingTime
  }

  set trailingTime(time: number) {
    if (this.extras !== undefined || time !== -1) this.x.trailingTime = time
  }

  /** The extreme trade price seen since trailing started (lowest for BUY, highest for SELL); 0 before. */
  get trailExtreme(): number {
    return this.extras === undefined ? 0 : this.extras.trailExtreme
  }

  set trailExtreme(price: number) {
    if (this.extras !== undefined || price !== 0) this.x.trailExtreme = price
  }

  /** What is left of the iceberg's visible slice while it rests. */
  get sliceLeft(): number {
    return this.extras === undefined ? 0 : this.extras.sliceLeft
  }

  set sliceLeft(qty: number) {
    if (this.extras !== undefined || qty !== 0) this.x.sliceLeft = qty
  }

  get amendCount(): number {
    return this.extras === undefined ? 0 : this.extras.amendCount
  }

  set amendCount(n: number) {
    if (this.extras !== undefined || n !== 0) this.x.amendCount = n
  }

  /** Set on SOR orders only (their `usedSor` is true): `SOR` while routed, `EXCHANGE` once resting. */
  get workingFloor(): WorkingFloor | undefined {
    return this.extras?.workingFloor
  }

  set workingFloor(floor: WorkingFloor | undefined) {
    if (this.extras !== undefined || floor !== undefined) this.x.workingFloor = floor
  }

  /** Quantity still available to trade: origQty − executedQty − preventedQty. */
  get remaining(): number {
    return this.origQty - this.executedQty - this.preventedQty
  }

  /** The quantity the book shows: an iceberg's current slice, else the remainder. */
  get visible(): number {
    const x = this.extras
    return x !== undefined && x.icebergQty > 0 ? Math.min(x.sliceLeft, this.remaining) : this.remaining
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
    const t = this.type
    return t === 'STOP_LOSS' || t === 'STOP_LOSS_LIMIT' || t === 'TAKE_PROFIT' || t === 'TAKE_PROFIT_LIMIT'
  }

  /** MARKET, and STOP_LOSS/TAKE_PROFIT once triggered: no limit price. */
  get executesAsMarket(): boolean {
    const t = this.type
    return t === 'MARKET' || t === 'STOP_LOSS' || t === 'TAKE_PROFIT'
  }

  /** Whether the order is working (on the book or trading), as opposed to waiting for a trigger. */
  get isWorking(): boolean {
    return this.workingTime !== -1
  }

  /** Starts a new visible slice of an iceberg (no-op for other orders). */
  startSlice(): void {
    const x = this.extras
    if (x !== undefined && x.icebergQty > 0) x.sliceLeft = Math.min(x.icebergQty, this.remaining)
  }
}
