// Replayed trades held column-wise (typed arrays, not objects): two million trades a day per symbol stay small.

/** Trades (or aggregate trades) of one symbol in time order: prices and quantities in the symbol's units. */
export class TradeColumns {
  length = 0
  /** Trade id, or aggregate trade id. */
  id = new Float64Array(1024)
  /** An aggregate trade's first and last trade ids (a trade's own id for trades). */
  first = new Float64Array(1024)
  last = new Float64Array(1024)
  price = new Float64Array(1024)
  qty = new Float64Array(1024)
  /** Microseconds since the epoch. */
  time = new Float64Array(1024)
  buyerIsMaker = new Uint8Array(1024)

  push(
    id: number,
    first: number,
    last: number,
    price: number,
    qty: number,
    time: number,
    maker: number,
  ): void {
    if (this.length === this.id.length) this.grow()
    const i = this.length++
    this.id[i] = id
    this.first[i] = first
    this.last[i] = last
    this.price[i] = price
    this.qty[i] = qty
    this.time[i] = time
    this.buyerIsMaker[i] = maker
  }

  private grow(): void {
    const size = this.id.length * 2
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(size)
      b.set(a)
      return b
    }
    this.id = f64(this.id)
    this.first = f64(this.first)
    this.last = f64(this.last)
    this.price = f64(this.price)
    this.qty = f64(this.qty)
    this.time = f64(this.time)
    const maker = new Uint8Array(size)
    maker.set(this.buyerIsMaker)
    this.buyerIsMaker = maker
  }
}
