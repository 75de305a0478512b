// Legacy listenKeys (userDataStream.start/ping/stop): one active key per account, valid 60 minutes
// of emulator time after its last start or ping. `streams/listen-key-streams.ts` serves their events.
import type { Account } from '../../exchange/account.js'
import { base62, seededRandom } from '../../exchange/random.js'

/** How long a key lives without a ping (ms). */
const LISTEN_KEY_TTL = 3_600_000

interface Entry {
  readonly account: Account
  expiresAt: number
}

export class ListenKeys {
  private readonly keys = new Map<string, Entry>()
  private readonly next: () => number
  private readonly stopListeners: ((key: string) => void)[] = []

  constructor(seed: number) {
    this.next = seededRandom(seed ^ 0x5f3759df)
  }

  /** The account's active key, its life extended, or a new 60-character key. */
  start(account: Account, now: number): string {
    for (const [key, entry] of this.keys) {
      if (entry.account === account && entry.expiresAt > now) {
        entry.expiresAt = now + LISTEN_KEY_TTL
        return key
      }
    }
    const key = base62(this.next, 60)
    this.keys.set(key, { account, expiresAt: now + LISTEN_KEY_TTL })
    return key
  }

  /** Extends the account's active `key`; false if there is no such key. */
  ping(account: Account, key: string, now: number): boolean {
    const entry = this.active(key, now)
    if (entry?.account !== account) return false
    entry.expiresAt = now + LISTEN_KEY_TTL
    return true
  }

  /** Closes the account's active `key`; false if there is no such key. */
  stop(account: Account, key: string, now: number): boolean {
    if (this.active(key, now)?.account !== account) return false
    this.keys.delete(key)
    for (const listener of this.stopListeners) listener(key)
    return true
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

  private active(key: string, now: number): Entry | undefined {
    const entry = this.keys.get(key)
    if (entry && entry.expiresAt <= now) this.keys.delete(key)
    return entry && entry.expiresAt > now ? entry : undefined
  }
}
