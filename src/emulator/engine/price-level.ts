// All resting orders at one price: an intrusive doubly-linked FIFO, O(1) append and unlink.
import type { Order } from './order.js'

export class PriceLevel {
  head: Order | null = null
  tail: Order | null = null
  /** Σ remaining quantity of the queued orders. */
  qty = 0
  count = 0

  constructor(readonly price: number) {}

  get isEmpty(): boolean {
    return this.head === null
  }

  push(order: Order): void {
    order.level = this
    order.prev = this.tail
    order.next = null
    if (this.tail) this.tail.next = order
    else this.head = order
    this.tail = order
    this.qty += order.remaining
    this.count++
  }

  /** Removes `order` (queued here) and subtracts its remaining quantity. */
  unlink(order: Order): void {
    if (order.prev) order.prev.next = order.next
    else this.head = order.next
    if (order.next) order.next.prev = order.prev
    else this.tail = order.prev
    this.qty -= order.remaining
    this.count--
    order.prev = null
    order.next = null
    order.level = null
  }
}
