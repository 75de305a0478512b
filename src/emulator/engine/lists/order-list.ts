// One order list (OCO, OTO, OTOCO, OPO, OPOCO): its legs as engine orders and its list status.
import type { ContingencyType, ListOrderStatus, ListStatusType } from '../../../protocol/enums.js'
import type { Order } from '../order.js'

/**
 * What the list is; OTO, OTOCO, OPO and OPOCO all report contingencyType OTO (docs/emulator-fidelity.md
 * 3.6.2).
 */
export type ListKind = 'OCO' | 'OTO' | 'OTOCO' | 'OPO' | 'OPOCO'

export interface OrderListInit {
  readonly id: number
  readonly accountId: number
  readonly symbol: string
  readonly kind: ListKind
  readonly listClientOrderId: string
  /** In orderId order: the working order first (OTO kinds), then the stop-loss leg of a pair. */
  readonly legs: readonly Order[]
  readonly time: number
}

export class OrderList {
  readonly id: number
  readonly accountId: number
  readonly symbol: string
  readonly kind: ListKind
  readonly legs: readonly Order[]
  listClientOrderId: string
  listStatusType: ListStatusType = 'EXEC_STARTED'
  listOrderStatus: ListOrderStatus = 'EXECUTING'
  /** When the list status last changed. */
  transactionTime: number
  /** OPO: base (money units) received by the working order and held for the pending order(s). */
  opoLocked = 0n

  constructor(init: OrderListInit) {
    this.id = init.id
    this.accountId = init.accountId
    this.symbol = init.symbol
    this.kind = init.kind
    this.listClientOrderId = init.listClientOrderId
    this.legs = init.legs
    this.transactionTime = init.time
  }

  /** A copy of the list and its legs as they are now (a placement's answer, before its pending legs start). */
  snapshot(): OrderList {
    const copy = Object.assign(Object.create(OrderList.prototype) as OrderList, this)
    return Object.assign(copy, { legs: this.legs.map((o) => o.snapshot()) })
  }

  get contingencyType(): ContingencyType {
    return this.kind === 'OCO' ? 'OCO' : 'OTO'
  }

  /** Whether the pending orders take their quantity from what the working order receives. */
  get paysOther(): boolean {
    return this.kind === 'OPO' || this.kind === 'OPOCO'
  }

  /** The working order of an OTO-kind list. */
  get working(): Order | undefined {
    return this.kind === 'OCO' ? undefined : this.legs[0]
  }

  /** The orders placed once the working order fills (none for OCO). */
  get pending(): readonly Order[] {
    return this.kind === 'OCO' ? [] : this.legs.slice(1)
  }

  /** The legs that cancel each other: both legs of an OCO, the pending pair of OTOCO/OPOCO. */
  get pair(): readonly Order[] {
    if (this.kind === 'OCO') return this.legs
    return this.kind === 'OTOCO' || this.kind === 'OPOCO' ? this.legs.slice(1) : []
  }

  get isOpen(): boolean {
    return this.listOrderStatus === 'EXECUTING'
  }
}

/** A list's status as a listStatus event shows it, frozen when it changed. */
export interface ListUpdate {
  readonly list: OrderList
  readonly listStatusType: ListStatusType
  readonly listOrderStatus: ListOrderStatus
  readonly listClientOrderId: string
  readonly time: number
  readonly orders: readonly { readonly orderId: number; readonly clientOrderId: string }[]
}

export function listUpdate(list: OrderList, time: number): ListUpdate {
  return {
    list,
    listStatusType: list.listStatusType,
    listOrderStatus: list.listOrderStatus,
    listClientOrderId: list.listClientOrderId,
    time,
    orders: list.legs.map((o) => ({ orderId: o.id, clientOrderId: o.clientOrderId })),
  }
}
