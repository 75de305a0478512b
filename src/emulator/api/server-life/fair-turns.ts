// Pipelined messages take turns: one connection's messages run at most `perTurn` in one turn of the event loop, the
// rest in later turns (setImmediate), after the other sockets were read, so one socket's burst of frames cannot hold
// the loop while others wait; a turn ends after `turnMs`, and the next starts with the connections it did not reach,
// so many bursting connections cannot either (docs/emulator-fidelity.md H9). A connection with more than `maxWaiting`
// messages waiting is paused (its socket is not read) until they ran, so what waits here stays bounded.

/** Messages of one connection run in one turn before the others get theirs. */
const MESSAGES_PER_TURN = 16
/** Messages that may wait per connection before its socket is paused. */
const MAX_WAITING_MESSAGES = 256
/** Time (ms) after which a turn ends; the event loop then reads sockets and runs timers. */
const TURN_MS = 4

/** Reading of one connection's socket (`ws.pause()`, `ws.resume()`). */
export interface Flow {
  pause(): void
  resume(): void
}

/** What a turn does with an inbox. */
interface Queue {
  used: number
  /** In the line of inboxes waiting for a turn. */
  queued: boolean
  readonly pending: boolean
  drain(): void
}

/** One connection's queue of messages waiting for their turn. */
export class Inbox<M> implements Queue {
  private waiting: M[] = []
  private head = 0
  /** Messages run in the current turn. */
  used = 0
  queued = false
  private paused = false
  private closed = false

  constructor(
    private readonly turns: FairTurns,
    private readonly run: (message: M) => void,
    private readonly flow: Flow,
  ) {}

  /** Runs `message` now if the connection has turn left and nothing waits, else queues it. */
  push(message: M): void {
    if (this.closed) return
    if (this.head === this.waiting.length && this.used < this.turns.perTurn) {
      this.turns.ran(this)
      this.used++
      this.run(message)
      return
    }
    this.waiting.push(message)
    this.turns.waits(this)
    if (!this.paused && this.waiting.length - this.head > this.turns.maxWaiting) {
      this.paused = true
      this.flow.pause()
    }
  }

  /** True while messages wait. */
  get pending(): boolean {
    return this.head < this.waiting.length
  }

  /** Runs what waits, up to the turn's budget; resumes reading once nothing waits. */
  drain(): void {
    while (!this.closed && this.head < this.waiting.length && this.used < this.turns.perTurn) {
      const message = this.waiting[this.head] as M
      this.head++
      this.used++
      this.run(message)
    }
    if (this.head < this.waiting.length) return
    this.waiting = []
    this.head = 0
    if (this.paused && !this.closed) {
      this.paused = false
      this.flow.resume()
    }
  }

  /** Drops what waits; later messages are ignored. */
  close(): void {
    this.closed = true
    this.waiting = []
    this.head = 0
  }
}

/** The turns of every connection of a server. */
export class FairTurns {
  /** Inboxes that ran messages since the last turn began: the next one restores their budget. */
  private readonly current = new Set<Queue>()
  /** Inboxes with messages waiting, in the order they get their turn. */
  private readonly line: Queue[] = []
  private scheduled = false

  constructor(
    readonly perTurn = MESSAGES_PER_TURN,
    readonly maxWaiting = MAX_WAITING_MESSAGES,
    readonly turnMs = TURN_MS,
  ) {}

  /** True while some connection's messages wait for a turn. */
  get waiting(): boolean {
    return this.line.length > 0
  }

  inbox<M>(run: (message: M) => void, flow: Flow): Inbox<M> {
    return new Inbox(this, run, flow)
  }

  /** `inbox` ran a message: the next turn restores its budget. */
  ran(inbox: Queue): void {
    this.current.add(inbox)
    this.schedule()
  }

  /** `inbox` has messages waiting: it joins the line (once). */
  waits(inbox: Queue): void {
    if (!inbox.queued) {
      inbox.queued = true
      this.line.push(inbox)
    }
    this.schedule()
  }

  private schedule(): void {
    if (this.scheduled) return
    this.scheduled = true
    setImmediate(() => this.turn())
  }

  private turn(): void {
    this.scheduled = false
    for (const inbox of this.current) inbox.used = 0
    this.current.clear()
    const end = performance.now() + this.turnMs
    for (let n = this.line.length; n > 0; n--) {
      const inbox = this.line.shift() as Queue
      inbox.queued = false
      inbox.drain()
      this.ran(inbox)
      if (inbox.pending) this.waits(inbox)
      if (performance.now() >= end) break
    }
  }
}
