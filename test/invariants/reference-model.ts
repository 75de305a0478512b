// A deliberately naive reference exchange (exchange-core style): orders in plain arrays, matching by
// sorting every time, balances in a map. Slow and obviously right; the engine must agree with it.
// Covers LIMIT (GTC/IOC/FOK), LIMIT_MAKER, MARKET by quantity or by quoteOrderQty, cancel, amend
// (keep priority), cancel-replace (a cancel then a place), STP (EXPIRE_TAKER/EXPIRE_MAKER/EXPIRE_BOTH/
// DECREMENT) and the synthetic liquidity's re-posting.
import { ME_MESSAGES } from '../../src/protocol/errors/me-messages.js'

export type MSide = 'BUY' | 'SELL'
type MType = 'LIMIT' | 'LIMIT_MAKER' | 'MARKET'
type MTif = 'GTC' | 'IOC' | 'FOK'
export type MStp = 'NONE' | 'EXPIRE_TAKER' | 'EXPIRE_MAKER' | 'EXPIRE_BOTH' | 'DECREMENT'

export interface MMarket {
  readonly symbol: string
  readonly base: string
  readonly quote: string
  readonly priceScale: number
  readonly qtyScale: number
}

export interface MOrder {
  readonly id: number
  readonly account: number
  readonly symbol: string
  readonly side: MSide
  readonly type: MType
  readonly tif: MTif
  readonly price: number
  origQty: number
  executed: number
  prevented: number
  status: string
  clientId: string
  readonly stp: MStp
  locked: bigint
  resting: boolean
}

export interface MTrade {
  readonly symbol: string
  readonly id: number
  readonly price: number
  readonly qty: number
  readonly buyer: MOrder
  readonly seller: MOrder
  readonly buyerIsMaker: boolean
  readonly buyerCommission: bigint
  readonly sellerCommission: bigint
}

export interface MPlace {
  readonly account: number
  readonly symbol: string
  readonly side: MSide
  readonly type: MType
  readonly tif: MTif
  readonly price: number
  readonly qty: number
  /** A MARKET order by quoteOrderQty: the quote amount (10^-8 units); `qty` is then unused. */
  readonly quote?: bigint | undefined
  readonly clientId: string | undefined
  readonly stp: MStp
}

export type MResult = { ok: true; order: MOrder; trades: MTrade[] } | { ok: false; msg: string }

const ONE = 100_000_000n
const open = (o: MOrder) => o.status === 'NEW' || o.status === 'PARTIALLY_FILLED'
const remaining = (o: MOrder) => o.origQty - o.executed - o.prevented

export class Model {
  readonly free = new Map<string, bigint>()
  readonly lockedBal = new Map<string, bigint>()
  readonly fees = new Map<string, bigint>()
  readonly orders = new Map<string, MOrder[]>()
  readonly trades: MTrade[] = []
  private readonly lastTrade = new Map<string, number>()

  constructor(
    readonly markets: ReadonlyMap<string, MMarket>,
    /** Commission rates (10^-8) per account; the liquidity account pays none. */
    readonly rates: ReadonlyMap<number, { maker: bigint; taker: bigint }>,
    /** The liquidity provider's account, whose filled orders are re-posted; undefined: none. */
    readonly provider: number | undefined,
  ) {
    for (const s of markets.keys()) this.orders.set(s, [])
  }

  notional(m: MMarket, price: number, qty: number): bigint {
    return BigInt(price) * BigInt(qty) * 10n ** BigInt(8 - m.priceScale - m.qtyScale)
  }

  base(m: MMarket, qty: number): bigint {
    return BigInt(qty) * 10n ** BigInt(8 - m.qtyScale)
  }

  add(map: Map<string, bigint>, key: string, v: bigint): void {
    map.set(key, (map.get(key) ?? 0n) + v)
  }

  /** Adopts an order that already rests on the engine's book (the initial liquidity ladder). */
  adopt(o: MOrder): void {
    this.orders.get(o.symbol)?.push(o)
  }

  lastOrderId(symbol: string): number {
    return this.orders.get(symbol)?.length ?? 0
  }

  /** Resting makers a taker of `side` with `limit` meets, best first, then oldest. */
  makers(symbol: string, side: MSide, limit: number | undefined): MOrder[] {
    return (this.orders.get(symbol) ?? [])
      .filter((o) => o.resting && o.side !== side)
      .filter((o) => limit === undefined || (side === 'BUY' ? o.price <= limit : o.price >= limit))
      .sort((a, b) =>
        a.price !== b.price ? (side === 'BUY' ? a.price - b.price : b.price - a.price) : a.id - b.id,
      )
  }

  private lockAsset(m: MMarket, o: { side: MSide }): string {
    return o.side === 'BUY' ? m.quote : m.base
  }

  private release(m: MMarket, o: MOrder, amount: bigint): void {
    const key = `${o.account}/${this.lockAsset(m, o)}`
    o.locked -= amount
    this.add(this.lockedBal, key, -amount)
    this.add(this.free, key, amount)
  }

  private close(m: MMarket, o: MOrder, status: string): void {
    o.status = status
    o.resting = false
    if (o.locked !== 0n) this.release(m, o, o.locked)
  }

  place(cmd: MPlace, engineClientId: string): MResult {
    const m = this.markets.get(cmd.symbol) as MMarket
    const book = this.orders.get(cmd.symbol) as MOrder[]
    if (
      cmd.clientId !== undefined &&
      book.some((o) => o.account === cmd.account && open(o) && o.clientId === cmd.clientId)
    ) {
      return { ok: false, msg: 'Duplicate order sent.' }
    }
    const limit = cmd.type === 'MARKET' ? undefined : cmd.price
    if (cmd.type === 'LIMIT_MAKER' && this.makers(cmd.symbol, cmd.side, limit).length > 0) {
      return { ok: false, msg: 'Order would immediately match and take.' }
    }
    let qty = cmd.qty
    /** A MARKET order by quoteOrderQty the book ran out for: it expires once its quantity is filled. */
    let short = false
    if (cmd.quote !== undefined) {
      // The most whole steps the book sells (or buys) for the quote amount: every maker's whole remainder, own
      // orders included, but those EXPIRE_MAKER takes off the book. Short: the book ran out while the quote left
      // still pays for one more step at the last price.
      const makers = this.makers(cmd.symbol, cmd.side, undefined)
      if (makers.length === 0) return { ok: false, msg: ME_MESSAGES.LIQUIDITY_BELOW_SYMBOL_MIN }
      qty = 0
      let left = cmd.quote
      let unit = 0n
      let ended = true
      for (const o of makers) {
        if (cmd.stp === 'EXPIRE_MAKER' && o.account === cmd.account) continue
        unit = this.notional(m, o.price, 1)
        const take = Math.min(remaining(o), Number(left / unit))
        qty += take
        left -= unit * BigInt(take)
        if (take < remaining(o)) {
          ended = false
          break
        }
      }
      short = ended && unit > 0n && left >= unit
      if (qty === 0) return { ok: false, msg: ME_MESSAGES.LIQUIDITY_BELOW_LOT_SIZE }
    }
    let lock: bigint
    if (cmd.side === 'SELL') lock = this.base(m, qty)
    else if (cmd.type !== 'MARKET') lock = this.notional(m, cmd.price, qty)
    else if (cmd.quote !== undefined) lock = cmd.quote
    else {
      lock = 0n
      let left = qty
      const walksPastOwn = cmd.stp === 'EXPIRE_MAKER' || cmd.stp === 'DECREMENT'
      for (const o of this.makers(cmd.symbol, 'BUY', undefined)) {
        if (walksPastOwn && o.account === cmd.account) continue
        const take = Math.min(left, remaining(o))
        lock += this.notional(m, o.price, take)
        left -= take
        if (left === 0) break
      }
    }
    const key = `${cmd.account}/${this.lockAsset(m, cmd)}`
    if ((this.free.get(key) ?? 0n) < lock) {
      return { ok: false, msg: 'Account has insufficient balance for requested action.' }
    }
    const order: MOrder = {
      id: book.length + 1,
      account: cmd.account,
      symbol: cmd.symbol,
      side: cmd.side,
      type: cmd.type,
      tif: cmd.type === 'LIMIT_MAKER' ? 'GTC' : cmd.tif,
      price: cmd.type === 'MARKET' ? 0 : cmd.price,
      origQty: qty,
      executed: 0,
      prevented: 0,
      status: 'NEW',
      clientId: engineClientId,
      stp: cmd.stp,
      locked: lock,
      resting: false,
    }
    book.push(order)
    this.add(this.free, key, -lock)
    this.add(this.lockedBal, key, lock)
    const trades: MTrade[] = []
    if (order.tif === 'FOK' && cmd.type !== 'MARKET') {
      // Liquidity up to the first maker STP would act on (the engine's choice: a FOK is all or nothing).
      let available = 0
      for (const o of this.makers(cmd.symbol, cmd.side, limit)) {
        if (cmd.stp !== 'NONE' && o.account === cmd.account) break
        available += remaining(o)
      }
      if (available < cmd.qty) {
        this.close(m, order, 'EXPIRED')
        return { ok: true, order, trades }
      }
    }
    let stpExpired = false
    for (const maker of this.makers(cmd.symbol, cmd.side, limit)) {
      if (remaining(order) === 0) break
      if (order.stp !== 'NONE' && maker.account === order.account) {
        const t = remaining(order)
        const mk = remaining(maker)
        const q = Math.min(t, mk)
        const expireTaker = order.stp === 'EXPIRE_TAKER' || order.stp === 'EXPIRE_BOTH'
        const expireMaker = order.stp === 'EXPIRE_MAKER' || order.stp === 'EXPIRE_BOTH'
        const takerQty = expireTaker ? t : order.stp === 'DECREMENT' ? q : 0
        const makerQty = expireMaker ? mk : order.stp === 'DECREMENT' ? q : 0
        if (makerQty > 0) {
          maker.prevented += makerQty
          this.release(m, maker, this.reserve(m, maker, makerQty))
          if (remaining(maker) === 0) this.close(m, maker, 'EXPIRED_IN_MATCH')
        }
        if (takerQty > 0) {
          order.prevented += takerQty
          if (order.type !== 'MARKET' || order.side === 'SELL')
            this.release(m, order, this.reserve(m, order, takerQty))
          if (remaining(order) === 0) stpExpired = true
        }
        continue
      }
      const wanted = Math.min(remaining(order), remaining(maker))
      // A MARKET BUY never spends more than it locked: the quoteOrderQty, or the cost worked out at placement (which a
      // maker that STP removed may have made cheaper than the levels left). Once it cannot pay for a maker, it stops.
      const affordable =
        order.type === 'MARKET' && order.side === 'BUY'
          ? Number(order.locked / this.notional(m, maker.price, 1))
          : wanted
      if (affordable > 0) trades.push(this.trade(m, order, maker, Math.min(wanted, affordable)))
      if (affordable < wanted) break
    }
    if (remaining(order) === 0) {
      if (stpExpired) this.close(m, order, 'EXPIRED_IN_MATCH')
      else this.close(m, order, short ? 'EXPIRED' : 'FILLED')
    } else if (order.type !== 'MARKET' && order.tif === 'GTC') {
      order.resting = true
      order.status = order.executed > 0 ? 'PARTIALLY_FILLED' : 'NEW'
    } else this.close(m, order, 'EXPIRED')
    this.replenish(trades)
    return { ok: true, order, trades }
  }

  /** What `qty` of a resting/limit order reserves. */
  private reserve(m: MMarket, o: MOrder, qty: number): bigint {
    return o.side === 'BUY' ? this.notional(m, o.price, qty) : this.base(m, qty)
  }

  private trade(m: MMarket, taker: MOrder, maker: MOrder, qty: number): MTrade {
    const buyerIsMaker = maker.side === 'BUY'
    const buyer = buyerIsMaker ? maker : taker
    const seller = buyerIsMaker ? taker : maker
    const quote = this.notional(m, maker.price, qty)
    const base = this.base(m, qty)
    const reserved = buyer.type === 'MARKET' ? quote : this.notional(m, buyer.price, qty)
    buyer.locked -= reserved
    this.add(this.lockedBal, `${buyer.account}/${m.quote}`, -reserved)
    this.add(this.free, `${buyer.account}/${m.quote}`, reserved - quote)
    seller.locked -= base
    this.add(this.lockedBal, `${seller.account}/${m.base}`, -base)
    const rate = (account: number, isMaker: boolean) => {
      const r = this.rates.get(account)
      return r ? (isMaker ? r.maker : r.taker) : 0n
    }
    const halfUp = (v: bigint) => (v * 2n + ONE) / (2n * ONE)
    const buyerCommission = halfUp(base * rate(buyer.account, buyerIsMaker))
    const sellerCommission = halfUp(quote * rate(seller.account, !buyerIsMaker))
    this.add(this.free, `${buyer.account}/${m.base}`, base - buyerCommission)
    this.add(this.free, `${seller.account}/${m.quote}`, quote - sellerCommission)
    if (buyerCommission) this.add(this.fees, m.base, buyerCommission)
    if (sellerCommission) this.add(this.fees, m.quote, sellerCommission)
    for (const o of [taker, maker]) {
      o.executed += qty
      o.status = remaining(o) === 0 ? 'FILLED' : 'PARTIALLY_FILLED'
    }
    if (remaining(maker) === 0) this.close(m, maker, 'FILLED')
    const id = (this.lastTrade.get(m.symbol) ?? 0) + 1
    this.lastTrade.set(m.symbol, id)
    const t: MTrade = {
      symbol: m.symbol,
      id,
      price: maker.price,
      qty,
      buyer,
      seller,
      buyerIsMaker,
      buyerCommission,
      sellerCommission,
    }
    this.trades.push(t)
    return t
  }

  /** The liquidity provider re-posts each of its orders the trades filled completely. */
  private replenish(trades: readonly MTrade[]): void {
    if (this.provider === undefined) return
    const filled = new Set<MOrder>()
    for (const t of trades) {
      for (const o of [t.buyer, t.seller])
        if (o.account === this.provider && o.status === 'FILLED') filled.add(o)
    }
    for (const o of filled) {
      const cmd: MPlace = {
        account: o.account,
        symbol: o.symbol,
        side: o.side,
        type: 'LIMIT_MAKER',
        tif: 'GTC',
        price: o.price,
        qty: o.origQty,
        clientId: undefined,
        stp: 'NONE',
      }
      this.place(cmd, '')
    }
  }

  cancel(account: number, symbol: string, orderId: number): boolean {
    const o = this.orders.get(symbol)?.[orderId - 1]
    if (!o || o.account !== account || !open(o)) return false
    this.close(this.markets.get(symbol) as MMarket, o, 'CANCELED')
    return true
  }

  /** Reduces an open order's quantity in place (keeping its place); the rejection, or undefined. */
  /** `clientId`: the id the order carries after the amend (sent, or generated by the engine). */
  amend(
    account: number,
    symbol: string,
    orderId: number,
    newQty: number,
    clientId: string,
  ): string | undefined {
    const o = this.orders.get(symbol)?.[orderId - 1]
    if (!o || o.account !== account || !open(o)) return 'Unknown order sent.'
    if (newQty === o.origQty) return 'no change'
    if (newQty > o.origQty || newQty <= o.executed + o.prevented) return 'qty'
    const m = this.markets.get(symbol) as MMarket
    this.release(m, o, this.reserve(m, o, o.origQty - newQty))
    o.origQty = newQty
    o.clientId = clientId
    return undefined
  }
}
