// Closed orders in struct-of-arrays form. A book answers order.status and allOrders for every order it ever
// accepted; keeping each closed one as an Order object made every order outlive two scavenges (copied twice,
// then promoted), and GC was ~40 % of the engine's time. A plain closed order (no stop, iceberg, peg, list,
// STP or amend state) is kept here instead, appended in close order: 88 bytes of typed arrays the GC never scans, plus its
// client id.
import type { Market } from './market.js'
import { Order } from './order.js'

/** Float64 fields per order, in this order. */
const F_ACCOUNT = 0
const F_PRICE = 1
const F_ORIG_QTY = 2
const F_EXECUTED_QTY = 3
const F_TIME = 4
const F_UPDATE_TIME = 5
const F_WORKING_TIME = 6
const F_LOCK_PRICE = 7
const F_STRIDE = 8

/** Uint8 codes per order (indexes into `strings`; 0 is undefined). */
const C_SIDE = 0
const C_TYPE = 1
const C_TIF = 2
const C_STP = 3
const C_STATUS = 4
const C_EXPIRY = 5
const C_STRIDE = 8

const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

export class ClosedOrders {
  private nums = new Float64Array(0)
  private quotes = new BigInt64Array(0)
  private codes = new Uint8Array(0)
  /** Order ids and client order ids by record. */
  private ids = new Float64Array(0)
  private readonly clientIds: string[] = []
  /** Records in use. */
  private count = 0
  /** The strings the codes stand for; code 0 is undefined. */
  private readonly strings: (string | undefined)[] = [undefined]

  constructor(private readonly market: Market) {}

  /** Stores a closed order if it is plain enough: its record number, or -1 if it must stay an object. */
  add(o: Order): number {
    if (
      o.hasExtras ||
      o.market !== this.market ||
      o.level !== null ||
      o.locked !== 0n ||
      o.preventedQty !== 0 ||
      o.cumQuote < INT64_MIN ||
      o.cumQuote > INT64_MAX ||
      o.isOpen ||
      o.status === 'PENDING_NEW'
    ) {
      return -1
    }
    const side = this.code(o.side)
    const type = this.code(o.type)
    const tif = this.code(o.timeInForce)
    const stp = this.code(o.selfTradePreventionMode)
    const status = this.code(o.status)
    const expiry = o.expiryReason === undefined ? 0 : this.code(o.expiryReason)
    if (side < 0 || type < 0 || tif < 0 || stp < 0 || status < 0 || expiry < 0) return -1
    const i = this.count
    if (i === this.ids.length) this.grow()
    this.count = i + 1
    this.ids[i] = o.id
    const f = i * F_STRIDE
    const nums = this.nums
    nums[f + F_ACCOUNT] = o.accountId
    nums[f + F_PRICE] = o.price
    nums[f + F_ORIG_QTY] = o.origQty
    nums[f + F_EXECUTED_QTY] = o.executedQty
    nums[f + F_TIME] = o.time
    nums[f + F_UPDATE_TIME] = o.updateTime
    nums[f + F_WORKING_TIME] = o.workingTime
    nums[f + F_LOCK_PRICE] = o.lockPrice
    this.quotes[i] = o.cumQuote
    const c = i * C_STRIDE
    const codes = this.codes
    codes[c + C_SIDE] = side
    codes[c + C_TYPE] = type
    codes[c + C_TIF] = tif
    codes[c + C_STP] = stp
    codes[c + C_STATUS] = status
    codes[c + C_EXPIRY] = expiry
    this.clientIds.push(o.clientOrderId)
    return i
  }

  accountId(i: number): number {
    return this.nums[i * F_STRIDE + F_ACCOUNT] as number
  }

  clientOrderId(i: number): string {
    return this.clientIds[i] as string
  }

  /** A new Order object with the state of the closed order in record `i`. */
  get(i: number): Order {
    const f = i * F_STRIDE
    const c = i * C_STRIDE
    const nums = this.nums
    const codes = this.codes
    const s = this.strings
    const o = new Order({
      id: this.ids[i] as number,
      accountId: nums[f + F_ACCOUNT] as number,
      market: this.market,
      side: s[codes[c + C_SIDE] as number] as Order['side'],
      type: s[codes[c + C_TYPE] as number] as Order['type'],
      timeInForce: s[codes[c + C_TIF] as number] as Order['timeInForce'],
      price: nums[f + F_PRICE] as number,
      origQty: nums[f + F_ORIG_QTY] as number,
      quoteOrderQty: 0n,
      clientOrderId: this.clientIds[i] as string,
      time: nums[f + F_TIME] as number,
      selfTradePreventionMode: s[codes[c + C_STP] as number] as Order['selfTradePreventionMode'],
      strategyId: undefined,
      strategyType: undefined,
    })
    o.executedQty = nums[f + F_EXECUTED_QTY] as number
    o.cumQuote = this.quotes[i] as bigint
    o.status = s[codes[c + C_STATUS] as number] as Order['status']
    o.expiryReason = s[codes[c + C_EXPIRY] as number] as Order['expiryReason']
    o.lockPrice = nums[f + F_LOCK_PRICE] as number
    o.updateTime = nums[f + F_UPDATE_TIME] as number
    o.workingTime = nums[f + F_WORKING_TIME] as number
    return o
  }

  /** The code of an enum string; -1 once 255 distinct strings are taken. */
  private code(text: string): number {
    const strings = this.strings
    // A few dozen enum literals at most: a scan compares internalized strings by address.
    for (let k = 1; k < strings.length; k++) if (strings[k] === text) return k
    if (strings.length > 255) return -1
    const code = this.strings.length
    strings.push(text)
    return code
  }

  /** Doubles the capacity. */
  private grow(): void {
    const capacity = Math.max(1024, this.ids.length * 2)
    const ids = new Float64Array(capacity)
    ids.set(this.ids)
    this.ids = ids
    const nums = new Float64Array(capacity * F_STRIDE)
    nums.set(this.nums)
    this.nums = nums
    const quotes = new BigInt64Array(capacity)
    quotes.set(this.quotes)
    this.quotes = quotes
    const codes = new Uint8Array(capacity * C_STRIDE)
    codes.set(this.codes)
    this.codes = codes
  }
}
