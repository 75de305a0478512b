// Holds what the servers write to sockets until the journal has every record appended before it on disk, then
// lets it go in the order it came: no answer, event or market data reaches a client before its command is durable.

/** The journal as the gate sees it. */
export interface Durability {
  readonly appended: number
  readonly durable: number
  onDurable(listener: (durable: number) => void): void
}

export class OutboundGate {
  private writes: (() => void)[] = []
  /** Per held write, the records that must be on disk first. */
  private needs: number[] = []
  private head = 0

  constructor(private readonly journal: Durability) {
    journal.onDurable((durable) => this.release(durable))
  }

  /** Runs `write` now if nothing it could depend on is still only in memory, else once it is on disk. */
  send(write: () => void): void {
    if (this.head === this.writes.length && this.journal.durable === this.journal.appended) {
      write()
      return
    }
    this.writes.push(write)
    this.needs.push(this.journal.appended)
  }

  private release(durable: number): void {
    const { writes, needs } = this
    let i = this.head
    for (; i < writes.length && (needs[i] as number) <= durable; i++) {
      const write = writes[i] as () => void
      writes[i] = noop
      write()
    }
    if (i === writes.length) {
      this.writes = []
      this.needs = []
      this.head = 0
    } else if (i > 1024 && i > writes.length / 2) {
      this.writes = writes.slice(i)
      this.needs = needs.slice(i)
      this.head = 0
    } else this.head = i
  }
}

const noop = () => {}
