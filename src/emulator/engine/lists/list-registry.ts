// Every order list of the exchange: by id (one sequence for all symbols), by open listClientOrderId
// per account, and by leg.
import type { Order } from '../order.js'
import type { OrderList } from './order-list.js'

/** How a request names a list: by id, by listClientOrderId, or both. */
export interface ListRef {
  readonly orderListId?: number | undefined
  readonly listClientOrderId?: string | undefined
}

export type ListLookup = { readonly list: OrderList } | { readonly error: 'NOT_FOUND' | 'MISMATCH' }

export class ListRegistry {
  private lastId = 0
  private readonly byId = new Map<number, OrderList>()
  private readonly openByClientId = new Map<number, Map<string, OrderList>>()
  private readonly byOrder = new Map<Order, OrderList>()

  /** The id the next list gets. */
  nextId(): number {
    return ++this.lastId
  }

  add(list: OrderList): void {
    this.byId.set(list.id, list)
    this.clientIds(list.accountId).set(list.listClientOrderId, list)
    for (const leg of list.legs) this.byOrder.set(leg, list)
  }

  /** Frees the list's listClientOrderId once the list is ALL_DONE. */
  close(list: OrderList): void {
    const ids = this.clientIds(list.accountId)
    if (ids.get(list.listClientOrderId) === list) ids.delete(list.listClientOrderId)
  }

  /** Renames an open list (orderList.cancel's newClientOrderId). */
  rename(list: OrderList, listClientOrderId: string): void {
    const ids = this.clientIds(list.accountId)
    if (ids.get(list.listClientOrderId) === list) ids.delete(list.listClientOrderId)
    list.listClientOrderId = listClientOrderId
    if (list.isOpen) ids.set(listClientOrderId, list)
  }

  ofOrder(order: Order): OrderList | undefined {
    return this.byOrder.get(order)
  }

  clientIdInUse(accountId: number, listClientOrderId: string): boolean {
    return this.openByClientId.get(accountId)?.has(listClientOrderId) === true
  }

  /** By id first, then checks the client id; by client id alone: the open list, else the latest one. */
  find(accountId: number, ref: ListRef): ListLookup {
    if (ref.orderListId !== undefined) {
      const list = this.byId.get(ref.orderListId)
      if (!list || list.accountId !== accountId) return { error: 'NOT_FOUND' }
      if (ref.listClientOrderId !== undefined && ref.listClientOrderId !== list.listClientOrderId) {
        return { error: 'MISMATCH' }
      }
      return { list }
    }
    const id = ref.listClientOrderId
    if (id === undefined) return { error: 'NOT_FOUND' }
    const open = this.openByClientId.get(accountId)?.get(id)
    if (open) return { list: open }
    const all = this.all(accountId)
    for (let i = all.length - 1; i >= 0; i--) {
      const list = all[i] as OrderList
      if (list.listClientOrderId === id) return { list }
    }
    return { error: 'NOT_FOUND' }
  }

  /** The account's lists (open ones only if `openOnly`), optionally on one symbol, by id. */
  all(accountId: number, openOnly = false, symbol?: string): OrderList[] {
    const out: OrderList[] = []
    for (const list of this.byId.values()) {
      if (list.accountId !== accountId || (openOnly && !list.isOpen)) continue
      if (symbol === undefined || list.symbol === symbol) out.push(list)
    }
    return out
  }

  private clientIds(accountId: number): Map<string, OrderList> {
    let ids = this.openByClientId.get(accountId)
    if (!ids) {
      ids = new Map()
      this.openByClientId.set(accountId, ids)
    }
    return ids
  }
}
