// Closed orders in struct-of-arrays form. A book answers order.status and allOrders for every order it ever
// accepted; keeping each closed one as an Order object made every order outlive two scavenges (copied twice,
// then promoted), and GC was ~40 % of the engine's time. A plain closed order (no stop, iceberg, peg, list,
// STP or amend state) is kept here instead, appended in close order: 80 bytes of typed arrays the GC never
// scans, plus its client id and cumulative quote.
import { EXPIRY_REASON, ORDER_STATUS, ORDER_TYPE, SIDE, STP, TIF } from '../../protocol/enums.js'
import type { Market } from './market.js'
import { Order } from './order.js'

/** Records per chunk: chunks are never copied or grown, only added. */
const CHUNK_BITS = 12
const CHUNK = 1 << CHUNK_BITS
const IN_CHUNK = CHUNK - 1

/** Float64 fields per record, in this order. */
const F_ID = 0
const F_ACCOUNT = 1
const F_PRICE = 2
const F_ORIG_QTY = 3
const F_EXECUTED_QTY = 4
const F_TIME = 5
const F_UPDATE_TIME = 6
const F_WORKING_TIME = 7
const F_LOCK_PRICE = 8
const F_STRIDE = 9

/** Uint8 fields per record: indexes into the protocol's enum lists (expiry reason: 0 for none, else index + 1). */
const C_SIDE = 0
const C_TYPE = 1
const C_TIF = 2
const C_STP = 3
const C_STATUS = 4
const C_EXPIRY = 5
const C_STRIDE = 8

/** Each value's index in its list (a Map lookup instead of indexOf over the list, per field and closed order). */
function codes<T extends string>(list: readonly T[]): ReadonlyMap<T, number> {
  return new Map(list.map((v, i) => [v, i]))
}
const SIDE_CODE = codes(SIDE)
const TYPE_CODE = codes(ORDER_TYPE)
const TIF_CODE = codes(TIF)
const STP_CODE = codes(STP)
const STATUS_CODE = codes(ORDER_STATUS)
const EXPIRY_CODE = codes(EXPIRY_REASON)

export class ClosedOrders {
  private readonly nums: Float64Array[] = []
  private readonly codes: Uint8Array[] = []
  private readonly clientIds: string[] = []
  private readonly cumQuotes: bigint[] = []
  /** Records in use. */
  private count = 0

  constructor(private readonly market: Market) {}

  /** Stores a closed order if it is plain enough: its record number, or -1 if it must stay an object. */
  add(o: Order): number {
    if (
      o.hasExtras ||
      o.market !== this.market ||
      o.level !== null ||
      o.preventedQty !== 0 ||
      o.locked !== 0n ||
      o.status === 'NEW' ||
      o.status === 'PARTIALLY_FILLED' ||
      o.status === 'PENDING_NEW'
    ) {
      return -1
    }
    const side = SIDE_CODE.get(o.side) ?? -1
    const type = TYPE_CODE.get(o.type) ?? -1
    const tif = TIF_CODE.get(o.timeInForce) ?? -1
    const stp = STP_CODE.get(o.selfTradePreventionMode) ?? -1
    const status = STATUS_CODE.get(o.status) ?? -1
    const expiry = o.expiryReason === undefined ? 0 : (EXPIRY_CODE.get(o.expiryReason) ?? -2) + 1
    if (side < 0 || type < 0 || tif < 0 || stp < 0 || status < 0 || expiry < 0) return -1
    const i = this.count
    if ((i & IN_CHUNK) === 0) {
      this.nums.push(new Float64Array(CHUNK * F_STRIDE))
      this.codes.push(new Uint8Array(CHUNK * C_STRIDE))
    }
    this.count = i + 1
    const nums = this.nums[i >> CHUNK_BITS] as Float64Array
    const f = (i & IN_CHUNK) * F_STRIDE
    nums[f + F_ID] = o.id
    nums[f + F_ACCOUNT] = o.accountId
    nums[f + F_PRICE] = o.price
    nums[f + F_ORIG_QTY] = o.origQty
    nums[f + F_EXECUTED_QTY] = o.executedQty
    nums[f + F_TIME] = o.time
    nums[f + F_UPDATE_TIME] = o.updateTime
    nums[f + F_WORKING_TIME] = o.workingTime
    nums[f + F_LOCK_PRICE] = o.lockPrice
    const codes = this.codes[i >> CHUNK_BITS] as Uint8Array
    const c = (i & IN_CHUNK) * C_STRIDE
    codes[c + C_SIDE] = side
    codes[c + C_TYPE] = type
    codes[c + C_TIF] = tif
    codes[c + C_STP] = stp
    codes[c + C_STATUS] = status
    codes[c + C_EXPIRY] = expiry
    this.clientIds.push(o.clientOrderId)
    this.cumQuotes.push(o.cumQuote)
    return i
  }

  accountId(i: number): number {
    return (this.nums[i >> CHUNK_BITS] as Float64Array)[(i & IN_CHUNK) * F_STRIDE + F_ACCOUNT] as number
  }

  clientOrderId(i: number): string {
    return this.clientIds[i] as string
  }

  /** A new Order object with the state of the closed order in record `i`. */
  get(i: number): Order {
    const nums = this.nums[i >> CHUNK_BITS] as Float64Array
    const f = (i & IN_CHUNK) * F_STRIDE
    const codes = this.codes[i >> CHUNK_BITS] as Uint8Array
    const c = (i & IN_CHUNK) * C_STRIDE
    const expiry = codes[c + C_EXPIRY] as number
    const o = new Order({
      id: nums[f + F_ID] as number,
      accountId: nums[f + F_ACCOUNT] as number,
      market: this.market,
      side: SIDE[codes[c + C_SIDE] as number] as Order['side'],
      type: ORDER_TYPE[codes[c + C_TYPE] as number] as Order['type'],
      timeInForce: TIF[codes[c + C_TIF] as number] as Order['timeInForce'],
      price: nums[f + F_PRICE] as number,
      origQty: nums[f + F_ORIG_QTY] as number,
      quoteOrderQty: 0n,
      clientOrderId: this.clientIds[i] as string,
      time: nums[f + F_TIME] as number,
      selfTradePreventionMode: STP[codes[c + C_STP] as number] as Order['selfTradePreventionMode'],
      strategyId: undefined,
      strategyType: undefined,
    })
    o.executedQty = nums[f + F_EXECUTED_QTY] as number
    o.cumQuote = this.cumQuotes[i] as bigint
    o.status = ORDER_STATUS[codes[c + C_STATUS] as number] as Order['status']
    o.expiryReason = expiry === 0 ? undefined : EXPIRY_REASON[expiry - 1]
    o.lockPrice = nums[f + F_LOCK_PRICE] as number
    o.updateTime = nums[f + F_UPDATE_TIME] as number
    o.workingTime = nums[f + F_WORKING_TIME] as number
    return o
  }
}
