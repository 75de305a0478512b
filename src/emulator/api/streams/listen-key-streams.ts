// Legacy user data streams on WebSocket Streams (docs/emulator-fidelity.md A15), served only with
// `legacyListenKey: true`: a listenKey named in the URL (`/ws/<listenKey>`, `/stream?streams=<listenKey>`) or
// SUBSCRIBEd carries its account's events as plain payloads, then `listenKeyExpired` once the key lapses on the
// emulator clock.
import type { UserDataEvent } from '../../../protocol/events.js'
import type { ClockTimer, EmulatorClock } from '../server-life/clock.js'
import { inMicroseconds } from '../server-life/time-unit.js'
import type { UserStreams } from '../user-streams.js'

/** Close code of a dedicated connection whose key expired or was stopped. */
const CLOSE_NORMAL = 1000

/** Where a listenKey's events go: a stream connection. */
export interface KeyTarget {
  readonly combined: boolean
  readonly micros: boolean
  send(text: string): void
  /** The key expired (after its `listenKeyExpired`) or was stopped. */
  keyEnded(key: string, code: number, reason: string): void
}

interface KeySubscription {
  readonly key: string
  readonly target: KeyTarget
  untap(): void
  timer: ClockTimer | undefined
}

/** The event as the stream sends it: plain, or `{stream, data}` on a combined connection; µs times on request. */
function frame(s: KeySubscription, event: UserDataEvent | Record<string, unknown>): string {
  const data = s.target.micros
    ? (JSON.parse(inMicroseconds(JSON.stringify({ event }))) as { event: unknown }).event
    : event
  return JSON.stringify(s.target.combined ? { stream: s.key, data } : data)
}

export class ListenKeyStreams {
  private readonly subs = new Set<KeySubscription>()

  /** `legacy`: the emulator issues listenKeys (`legacyListenKey: true`); else no key is ever active. */
  constructor(
    private readonly users: UserStreams,
    private readonly clock: EmulatorClock,
    readonly legacy: boolean,
  ) {
    users.listenKeys.onStop((key) => {
      for (const s of [...this.subs]) if (s.key === key) this.end(s, 'listenKey stopped')
    })
  }

  /** Whether `key` is an active listenKey now. */
  active(key: string): boolean {
    return this.users.listenKeys.account(key, this.clock.now()) !== undefined
  }

  /** Sends the events of `key`'s account to `target` until detached or the key ends; undefined if not active. */
  attach(key: string, target: KeyTarget): (() => void) | undefined {
    const account = this.users.listenKeys.account(key, this.clock.now())
    if (!account) return undefined
    const s: KeySubscription = { key, target, untap: () => {}, timer: undefined }
    s.untap = this.users.tap(account.id, (event) => target.send(frame(s, event)))
    this.subs.add(s)
    this.watch(s)
    return () => this.forget(s)
  }

  /** Checks the key when it is due to lapse: a ping moved the date on, else the subscription expires. */
  private watch(s: KeySubscription): void {
    const due = this.users.listenKeys.expiresAt(s.key)
    if (due === undefined) {
      this.end(s, 'listenKey stopped')
      return
    }
    s.timer = this.clock.at(due, () => {
      const now = this.clock.now()
      if (this.users.listenKeys.account(s.key, now)) {
        this.watch(s)
        return
      }
      s.target.send(frame(s, { e: 'listenKeyExpired', E: now, listenKey: s.key }))
      this.end(s, 'listenKey expired')
    })
  }

  private end(s: KeySubscription, reason: string): void {
    this.forget(s)
    s.target.keyEnded(s.key, CLOSE_NORMAL, reason)
  }

  private forget(s: KeySubscription): void {
    if (!this.subs.delete(s)) return
    s.untap()
    s.timer?.cancel()
  }
}
