// All resting orders at one price: an intrusive doubly-linked FIFO, O(1) append and unlink.
import type { Order } from './order.js'

export class PriceLevel {
  head: Order | null = null
  tail: Order | null = null
  /** Σ visible quantity of the queued orders (an iceberg counts its current slice only). */
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
    this.qty += order.visible
    this.count++
  }

  /** Removes `order` (queued here) and subtracts its visible quantity. */
  unlink(order: Order): void {
    if (order.prev) order.prev.next = order.next
    else this.head = order.next
    if (order.next) order.next.prev = order.prev
    else this.tail = order.prev
    this.qty -= order.visible
    this.count--
    order.prev = null
    order.next = null
    order.level = null
  }
}
