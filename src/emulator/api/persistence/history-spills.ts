// The live exchange's history going to the history file: a spill pass every `spillEvery()` commands, and the file
// emptied once a reset's snapshot is durable (docs/persistence.md, "The history file").
import type { ExchangeCommand } from '../../exchange/commands.js'
import type { Exchange } from '../../exchange/exchange.js'
import { type HistoryFile, spillEvery } from './history-file.js'

export class HistorySpills {
  private commands = 0
  private readonly every = spillEvery()
  private failed = false
  /** After a reset: the records up to it, and the history file's size then. */
  private reset: { readonly records: number; readonly size: number } | undefined

  constructor(
    private readonly exchange: Exchange,
    readonly file: HistoryFile,
    private readonly log: (line: string) => void,
  ) {}

  /** A command was journaled; `records`: the records appended so far, its own included. */
  command(c: ExchangeCommand, records: number): void {
    if (c.kind === 'reset') this.reset = { records, size: this.file.size }
    if (++this.commands % this.every === 0 && !this.failed) this.spill()
  }

  /**
   * A snapshot after `seq` records is durable and the older ones are deleted: after a reset, no file refers to a
   * chunk of before it, so the history file is emptied, unless history was spilled since (then the next start
   * cuts the file to what its snapshot refers to).
   */
  snapshotDone(seq: number): void {
    const reset = this.reset
    if (reset === undefined || seq < reset.records) return
    this.reset = undefined
    if (this.file.size === reset.size) this.file.cut()
  }

  /**
   * Moves the full history chunks to the file. One that cannot be written stays in memory, as does all history
   * from then on (logged once): the command being journaled must run as it will at replay.
   */
  private spill(): void {
    try {
      this.exchange.spillHistory(this.file)
    } catch (err) {
      this.failed = true
      this.log(
        `${this.file.path}: history could not be written (${(err as Error).message}); it stays in memory`,
      )
    }
  }
}
