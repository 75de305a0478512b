// The user data stream as the soak sees it: duplicates, and whether every acknowledged order got its NEW event.
import type { ConnectionStatus, GapEvent, UserDataStream } from '../../src/client/index.js'
import type { Change, Epoch } from './records.js'

/** An acknowledged order whose NEW event had this long to arrive before the records were read. */
const EVENT_GRACE_MS = 1000

export class UserEvents {
  events = 0
  duplicates = 0
  /** Acknowledged orders of the streamed account that got their NEW event. */
  newSeen = 0
  /** ... that did not, while the client had reported a gap or a socket down around them (it said "re-query"). */
  newMissedInGap = 0
  /** ... that did not, and no gap was reported: silently missed. */
  newMissed = 0
  readonly examples: string[] = []
  /** Gaps the client reported, and the times a socket of its connection was down (the `status` events). */
  readonly #gaps: GapEvent[] = []
  readonly #down = new Map<number, number>()
  /** When the emulator was frozen (SIGSTOP): events it owed then go out after, maybe into a gap. */
  readonly #freezes: { from: number; to: number }[] = []
  /** The streamed connection's status changes and gaps, as `t slot state`, for the examples (bounded). */
  readonly #timeline: { at: number; what: string }[] = []
  /** Execution ids seen (per emulator process: ids restart with it). */
  #executions = new Set<string>()
  #news = new Set<string>()

  constructor(
    stream: UserDataStream,
    /** The account the stream belongs to, as the records name it. */
    private readonly account: string,
  ) {
    stream.on('executionReport', (e) => {
      this.events++
      const key = `${e.s}|${e.I}`
      if (this.#executions.has(key)) this.duplicates++
      else this.#executions.add(key)
      if (e.x === 'NEW') this.#news.add(`${e.s}|${e.i}`)
    })
    stream.on('*', (e) => {
      if (e.e !== 'executionReport') this.events++
    })
  }

  gap(g: GapEvent): void {
    this.#gaps.push(g)
    this.#note(`gap ${g.from}–${g.to}`)
  }

  #note(what: string): void {
    if (this.#timeline.length < 10_000) this.#timeline.push({ at: Date.now(), what })
  }

  freeze(from: number, to: number): void {
    this.#freezes.push({ from, to })
    this.#note(`emulator frozen ${from}–${to}`)
  }

  /** A socket of the streamed account's connection went down or came back: events may be missed meanwhile. */
  status(s: ConnectionStatus): void {
    this.#note(`slot ${s.slot} ${s.state}`)
    if (s.state === 'reconnecting' && !this.#down.has(s.slot)) this.#down.set(s.slot, Date.now())
    if (s.state !== 'open') return
    const from = this.#down.get(s.slot)
    this.#down.delete(s.slot)
    if (from !== undefined) this.#gaps.push({ from, to: Date.now(), streams: 0 })
  }

  /** Checks the epoch's acknowledged orders (those answered before `readAt`) for their NEW events. */
  check(epoch: Epoch, readAt: number): void {
    const gaps = [
      ...this.#gaps,
      ...[...this.#down.values()].map((from) => ({ from, to: Date.now(), streams: 0 })),
    ]
    for (const c of epoch.changes) {
      if (c.account !== this.account || c.outcome !== 'ok' || c.endedAt === undefined) continue
      if (c.kind !== 'place' && c.kind !== 'replacePlace') continue
      if (c.endedAt >= readAt - EVENT_GRACE_MS || c.claim?.orderId === undefined) continue
      // The event leaves the emulator after the answer, or after a freeze that stopped it before it could.
      let due = c.endedAt + EVENT_GRACE_MS
      for (const f of this.#freezes)
        if (f.from <= due && f.to >= c.sentAt) due = Math.max(due, f.to + EVENT_GRACE_MS)
      if (this.#news.has(`${c.symbol}|${c.claim.orderId}`)) this.newSeen++
      else if (gaps.some((g) => g.from <= due && g.to >= c.sentAt)) this.newMissedInGap++
      else {
        this.newMissed++
        if (this.examples.length < 3) this.examples.push(this.#example(c))
      }
    }
  }

  /** The missed order, when it was sent and answered, and what the connection reported around then. */
  #example(c: Change): string {
    const around = this.#timeline
      .filter((t) => t.at >= c.sentAt - 5000 && t.at <= (c.endedAt ?? c.sentAt) + 5000)
      .map((t) => `${t.at - c.sentAt} ms: ${t.what}`)
    return (
      `${c.symbol} order ${c.claim?.orderId} (${c.marker}) sent at ${c.sentAt}, answered ${(c.endedAt ?? 0) - c.sentAt} ms ` +
      `later; around it: ${around.join(', ') || 'no status change'}`
    )
  }

  summary() {
    const { events, duplicates, newSeen, newMissedInGap, newMissed, examples } = this
    return { events, duplicates, newSeen, newMissedInGap, newMissed, examples }
  }

  /** A new emulator process: its execution and order ids start over. */
  reset(): void {
    this.#executions = new Set()
    this.#news = new Set()
  }
}
