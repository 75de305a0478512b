// Balances per account and asset (free and locked, money units), plus the commission collected.

/** One asset of one account. */
export interface Holding {
  free: bigint
  locked: bigint
}

const NOTHING: Readonly<Holding> = Object.freeze({ free: 0n, locked: 0n })

export class Ledger {
  private readonly accounts = new Map<number, Map<string, Holding>>()
  /** The same maps by account id for ids 0…65535 (an array index is cheaper than a Map lookup). */
  private readonly byId: (Map<string, Holding> | undefined)[] = []
  /** Commission collected by the exchange, per asset. */
  readonly fees = new Map<string, bigint>()

  holding(accountId: number, asset: string): Holding {
    let assets = this.assetsOf(accountId)
    if (!assets) {
      assets = new Map()
      this.accounts.set(accountId, assets)
      if ((accountId & 0xffff) === accountId) {
        while (this.byId.length < accountId) this.byId.push(undefined)
        this.byId[accountId] = assets
      }
    }
    let h = assets.get(asset)
    if (!h) {
      h = { free: 0n, locked: 0n }
      assets.set(asset, h)
    }
    return h
  }

  /** The account's balance of `asset`, to read (zero when it never had any; nothing is created). */
  balance(accountId: number, asset: string): Readonly<Holding> {
    return this.assetsOf(accountId)?.get(asset) ?? NOTHING
  }

  /** The account's holdings, in the order they were first touched. */
  holdings(accountId: number): ReadonlyMap<string, Holding> {
    return this.assetsOf(accountId) ?? new Map()
  }

  free(accountId: number, asset: string): bigint {
    return this.assetsOf(accountId)?.get(asset)?.free ?? 0n
  }

  private assetsOf(accountId: number): Map<string, Holding> | undefined {
    if ((accountId & 0xffff) === accountId) return this.byId[accountId]
    return this.accounts.get(accountId)
  }

  credit(accountId: number, asset: string, amount: bigint): void {
    const h = this.holding(accountId, asset)
    if (amount !== 0n) h.free += amount
  }

  lock(accountId: number, asset: string, amount: bigint): void {
    if (amount === 0n) {
      this.holding(accountId, asset)
      return
    }
    const h = this.holding(accountId, asset)
    h.free -= amount
    h.locked += amount
  }

  unlock(accountId: number, asset: string, amount: bigint): void {
    if (amount === 0n) {
      this.holding(accountId, asset)
      return
    }
    const h = this.holding(accountId, asset)
    h.locked -= amount
    h.free += amount
  }

  /** Removes `amount` from the locked balance (it leaves the account). */
  spendLocked(accountId: number, asset: string, amount: bigint): void {
    const h = this.holding(accountId, asset)
    if (amount !== 0n) h.locked -= amount
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
