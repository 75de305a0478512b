// Legacy listenKeys (userDataStream.start/ping/stop): one active key per account, valid 60 minutes
// of emulator time after its last start or ping. `streams/listen-key-streams.ts` serves their events.
import type { Account } from '../../exchange/account.js'
import { base62, SeededRandom } from '../../exchange/random.js'

/** How long a key lives without a ping (ms). */
const LISTEN_KEY_TTL = 3_600_000

interface Entry {
  readonly account: Account
  expiresAt: number
}

/** A change of the keys as a journal keeps it: a key set (made or extended, with the generator's position after), or deleted. */
export type ListenKeyChange =
  | {
      readonly op: 'set'
      readonly key: string
      readonly accountId: number
      readonly expiresAt: number
      readonly random: number
    }
  | { readonly op: 'delete'; readonly key: string }

/** The keys as a snapshot keeps them: `[key, accountId, expiresAt]`, and the generator's position. */
export interface SavedListenKeys {
  readonly random: number
  readonly keys: readonly (readonly [string, number, number])[]
}

export class ListenKeys {
  private readonly keys = new Map<string, Entry>()
  private readonly random: SeededRandom
  private readonly stopListeners: ((key: string) => void)[] = []
  private readonly changeListeners: ((change: ListenKeyChange) => void)[] = []

  constructor(seed: number) {
    this.random = new SeededRandom(seed ^ 0x5f3759df)
  }

  /** The account's active key, its life extended, or a new 60-character key. */
  start(account: Account, now: number): string {
    for (const [key, entry] of this.keys) {
      if (entry.account === account && entry.expiresAt > now) {
        entry.expiresAt = now + LISTEN_KEY_TTL
        this.changed(key, entry)
        return key
      }
    }
    const key = base62(this.random, 60)
    const entry = { account, expiresAt: now + LISTEN_KEY_TTL }
    this.keys.set(key, entry)
    this.changed(key, entry)
    return key
  }

  /** Extends the account's active `key`; false if there is no such key. */
  ping(account: Account, key: string, now: number): boolean {
    const entry = this.active(key, now)
    if (entry?.account !== account) return false
    entry.expiresAt = now + LISTEN_KEY_TTL
    this.changed(key, entry)
    return true
  }

  /** Closes the account's active `key`; false if there is no such key. */
  stop(account: Account, key: string, now: number): boolean {
    if (this.active(key, now)?.account !== account) return false
    this.keys.delete(key)
    for (const listener of this.changeListeners) listener({ op: 'delete', key })
    for (const listener of this.stopListeners) listener(key)
    return true
  }

  /** Calls `listener` with every change start, ping and stop make, as it happens. */
  onChange(listener: (change: ListenKeyChange) => void): void {
    this.changeListeners.push(listener)
  }

  /** Makes a change again (a journal's replay); `accountOf` finds an account by id. */
  apply(change: ListenKeyChange, accountOf: (id: number) => Account): void {
    if (change.op === 'delete') {
      this.keys.delete(change.key)
      return
    }
    this.keys.set(change.key, { account: accountOf(change.accountId), expiresAt: change.expiresAt })
    this.random.state = change.random
  }

  /** The keys and the generator's position, for a snapshot. */
  save(): SavedListenKeys {
    return {
      random: this.random.state,
      keys: [...this.keys].map(([key, e]) => [key, e.account.id, e.expiresAt] as const),
    }
  }

  /** Puts back what `save` kept. */
  restore(saved: SavedListenKeys, accountOf: (id: number) => Account): void {
    this.keys.clear()
    for (const [key, accountId, expiresAt] of saved.keys)
      this.keys.set(key, { account: accountOf(accountId), expiresAt })
    this.random.state = saved.random
  }

  /** Calls `listener` with every key `stop` closes. */
  onStop(listener: (key: string) => void): void {
    this.stopListeners.push(listener)
  }

  /** When `key` expires unless pinged; undefined for a key that was stopped or never issued. */
  expiresAt(key: string): number | undefined {
    return this.keys.get(key)?.expiresAt
  }

  /** The account whose events `key` streams, while the key is active. */
  account(key: string, now: number): Account | undefined {
    return this.active(key, now)?.account
  }

  private changed(key: string, entry: Entry): void {
    if (this.changeListeners.length === 0) return
    const change = {
      op: 'set',
      key,
      accountId: entry.account.id,
      expiresAt: entry.expiresAt,
      random: this.random.state,
    } as const
    for (const listener of this.changeListeners) listener(change)
  }

  private active(key: string, now: number): Entry | undefined {
    const entry = this.keys.get(key)
    if (entry && entry.expiresAt <= now) this.keys.delete(key)
    return entry && entry.expiresAt > now ? entry : undefined
  }
}
