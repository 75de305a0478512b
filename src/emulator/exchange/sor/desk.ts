// The SOR desk of an exchange: the allocator account that trades on the group's books on the
// customer's behalf, the allocations it made, and the ids of both.
import { ClientOrderIds } from '../random.js'

/** The allocator's account id (configured accounts start at 1, liquidity is 0). */
export const ALLOCATOR_ACCOUNT_ID = -1

/** One allocation to a customer's SOR order; prices and amounts in money units (10^-8). */
export interface AllocationRecord {
  readonly symbol: string
  readonly allocationId: number
  readonly accountId: number
  readonly orderId: number
  readonly price: bigint
  readonly qty: bigint
  readonly quoteQty: bigint
  readonly commission: bigint
  readonly commissionAsset: string
  readonly time: number
  readonly isBuyer: boolean
}

export class SorDesk {
  /** Per symbol, oldest first. */
  private readonly bySymbol = new Map<string, AllocationRecord[]>()
  /** Client order ids of SOR orders placed without one. */
  private readonly clientIds: ClientOrderIds

  constructor(seed: number) {
    // Not seed + 7919: the list ids use that stream, and an SOR order given a list leg's client id hid the leg.
    this.clientIds = new ClientOrderIds(seed + 104_729)
  }

  /** A client order id for a SOR order placed without one. */
  newClientOrderId(): string {
    return this.clientIds.next()
  }

  /** The next allocation id of `symbol` (0, 1, 2 …). */
  nextId(symbol: string): number {
    return this.bySymbol.get(symbol)?.length ?? 0
  }

  record(a: AllocationRecord): void {
    const list = this.bySymbol.get(a.symbol) ?? []
    list.push(a)
    this.bySymbol.set(a.symbol, list)
  }

  /** The account's allocations on `symbol`, oldest first. */
  allocations(accountId: number, symbol: string): AllocationRecord[] {
    return (this.bySymbol.get(symbol) ?? []).filter((a) => a.accountId === accountId)
  }
}
