// Balances per account and asset (free and locked, money units), plus the commission collected.

/** One asset of one account. */
export interface Holding {
  free: bigint
  locked: bigint
}

export class Ledger {
  private readonly accounts = new Map<number, Map<string, Holding>>()
  /** Commission collected by the exchange, per asset. */
  readonly fees = new Map<string, bigint>()

  holding(accountId: number, asset: string): Holding {
    let assets = this.accounts.get(accountId)
    if (!assets) {
      assets = new Map()
      this.accounts.set(accountId, assets)
    }
    let h = assets.get(asset)
    if (!h) {
      h = { free: 0n, locked: 0n }
      assets.set(asset, h)
    }
    return h
  }

  /** The account's holdings, in the order they were first touched. */
  holdings(accountId: number): ReadonlyMap<string, Holding> {
    return this.accounts.get(accountId) ?? new Map()
  }

  free(accountId: number, asset: string): bigint {
    return this.accounts.get(accountId)?.get(asset)?.free ?? 0n
  }

  credit(accountId: number, asset: string, amount: bigint): void {
    this.holding(accountId, asset).free += amount
  }

  lock(accountId: number, asset: string, amount: bigint): void {
    const h = this.holding(accountId, asset)
    h.free -= amount
    h.locked += amount
  }

  unlock(accountId: number, asset: string, amount: bigint): void {
    const h = this.holding(accountId, asset)
    h.locked -= amount
    h.free += amount
  }

  /** Removes `amount` from the locked balance (it leaves the account). */
  spendLocked(accountId: number, asset: string, amount: bigint): void {
    this.holding(accountId, asset).locked -= amount
  }

  collectFee(asset: string, amount: bigint): void {
    if (amount !== 0n) this.fees.set(asset, (this.fees.get(asset) ?? 0n) + amount)
  }

  /** Σ free + locked over all accounts, plus fees: constant for every asset while orders trade. */
  total(asset: string): bigint {
    let sum = this.fees.get(asset) ?? 0n
    for (const assets of this.accounts.values()) {
      const h = assets.get(asset)
      if (h) sum += h.free + h.locked
    }
    return sum
  }
}
