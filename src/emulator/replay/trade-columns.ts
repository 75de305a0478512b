// Replayed trades held column-wise (typed arrays, not objects): two million trades a day per symbol stay small.

/** Trades (or aggregate trades) of one symbol in time order: prices and quantities in the symbol's units. */
export class TradeColumns {
  length = 0
  /** Trade id, or aggregate trade id. */
  id: Float64Array
  /** An aggregate trade's first and last trade ids (for trades, the same array as `id`). */
  first: Float64Array
  last: Float64Array
  price: Float64Array
  qty: Float64Array
  /** Microseconds since the epoch. */
  time: Float64Array
  buyerIsMaker: Uint8Array

  /** Room for `capacity` trades; `aggregate`: first and last ids of their own. */
  constructor(
    capacity = 1024,
    readonly aggregate = false,
  ) {
    const size = Math.max(capacity, 16)
    this.id = new Float64Array(size)
    this.first = aggregate ? new Float64Array(size) : this.id
    this.last = aggregate ? new Float64Array(size) : this.id
    this.price = new Float64Array(size)
    this.qty = new Float64Array(size)
    this.time = new Float64Array(size)
    this.buyerIsMaker = new Uint8Array(size)
  }

  push(
    id: number,
    first: number,
    last: number,
    price: number,
    qty: number,
    time: number,
    maker: number,
  ): void {
    if (this.length === this.id.length) this.reserve(this.length * 2)
    const i = this.length++
    this.id[i] = id
    if (this.aggregate) {
      this.first[i] = first
      this.last[i] = last
    }
    this.price[i] = price
    this.qty[i] = qty
    this.time[i] = time
    this.buyerIsMaker[i] = maker
  }

  /** Makes room for `capacity` trades in all (one copy of the columns when they must grow). */
  reserve(capacity: number): void {
    if (capacity <= this.id.length) return
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(capacity)
      b.set(a.subarray(0, this.length))
      return b
    }
    this.id = f64(this.id)
    this.first = this.aggregate ? f64(this.first) : this.id
    this.last = this.aggregate ? f64(this.last) : this.id
    this.price = f64(this.price)
    this.qty = f64(this.qty)
    this.time = f64(this.time)
    const maker = new Uint8Array(capacity)
    maker.set(this.buyerIsMaker.subarray(0, this.length))
    this.buyerIsMaker = maker
  }
}
