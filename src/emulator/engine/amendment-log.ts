// A book's order.amend.keepPriority history (order.amendments), in typed-array records: an object per amendment
// with its two client id strings was ~220 bytes of heap kept forever; a record is 56 bytes plus the ids' characters.
import type { ChunkStore } from './history-chunks.js'
import type { Amendment } from './prevented-match.js'
import { RecordColumns } from './record-columns.js'
import { TextPool } from './text-pool.js'

const ORDER_ID = 0
const EXECUTION_ID = 1
const ORIG_QTY = 2
const NEW_QTY = 3
const TIME = 4
/** TextPool handles. */
const ORIG_CLIENT_ID = 5
const NEW_CLIENT_ID = 6
const STRIDE = 7

export class AmendmentLog {
  private readonly records = new RecordColumns(STRIDE)
  private readonly ids = new TextPool()

  /** Amendments recorded, of every order. */
  get length(): number {
    return this.records.length
  }

  add(a: Amendment): void {
    const r = this.records
    const i = r.push()
    r.set(i, ORDER_ID, a.orderId)
    r.set(i, EXECUTION_ID, a.executionId)
    r.set(i, ORIG_QTY, a.origQty)
    r.set(i, NEW_QTY, a.newQty)
    r.set(i, TIME, a.time)
    r.set(i, ORIG_CLIENT_ID, this.ids.add(a.origClientOrderId))
    r.set(i, NEW_CLIENT_ID, this.ids.add(a.newClientOrderId))
  }

  /** Spills the full chunks of records and ids to the history file. */
  spill(store: ChunkStore): void {
    this.records.spill(store)
    this.ids.spill(store)
  }

  /** Up to `limit` amendments of the order, from execution id `fromExecutionId` on, oldest first. */
  ofOrder(orderId: number, fromExecutionId: number, limit: number): Amendment[] {
    const r = this.records
    const out: Amendment[] = []
    for (let i = 0; i < r.length && out.length < limit; i++) {
      if (r.get(i, ORDER_ID) !== orderId || r.get(i, EXECUTION_ID) < fromExecutionId) continue
      out.push({
        orderId,
        executionId: r.get(i, EXECUTION_ID),
        origClientOrderId: this.ids.text(r.get(i, ORIG_CLIENT_ID)),
        newClientOrderId: this.ids.text(r.get(i, NEW_CLIENT_ID)),
        origQty: r.get(i, ORIG_QTY),
        newQty: r.get(i, NEW_QTY),
        time: r.get(i, TIME),
      })
    }
    return out
  }
}
