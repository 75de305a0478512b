// What a journal record says (its payload, JSON): an exchange command at its time, a listen key change, or the
// emulator clock's new offset from its source.
import type { ExchangeCommand } from '../../exchange/commands.js'
import type { ListenKeyChange, SavedListenKeys } from '../server-life/listen-keys.js'

export type JournalRecord =
  | { readonly c: ExchangeCommand; readonly t: number }
  | { readonly l: ListenKeyChange }
  /**
   * The clock moved (`clock.set`, `clock.advance`): its new offset, and its time then (`n`, absent from the
   * records of earlier versions). Recovery bounds the clock by the times since the latest move, not before it.
   */
  | { readonly o: number; readonly n?: number }

/**
 * The snapshot format this version writes and reads. 2: trades and amendments kept in typed-array records (the
 * state's shape changed; a format 1 snapshot cannot be read into it). 3: full history chunks referred to in the
 * history file, and the tables' chunk sizes and client id index in the state (a format 2 snapshot is refused). 4: a
 * book's orders by id in an index of chunks that spill too (`OrderIndex`), instead of one array. 5: each account's
 * orders per book in an index of their own (`AccountOrders`), its chunks spilled and referred to like the others. 6:
 * the closed orders without a chunk of account ids (the account index made it unread).
 */
export const SNAPSHOT_FORMAT = 6

/** The header line of a snapshot file: what the exchange's own lines do not hold. */
export interface SnapshotHeader {
  readonly format: typeof SNAPSHOT_FORMAT
  /** Records the snapshot covers: replay goes on from this one. */
  readonly seq: number
  readonly fingerprint: string
  /** The emulator clock's offset from its source, and its time when the snapshot was taken. */
  readonly offset: number
  readonly now: number
  /**
   * The segment beginning at `seq` was made before this snapshot was written: a start that does not find it refuses
   * (the newest segment was deleted). Absent from the snapshots of earlier versions.
   */
  readonly segment?: true
  /** The id of the data dir that wrote it (meta.json's `id`). Absent from the snapshots of earlier versions. */
  readonly dataDirId?: string
  readonly listenKeys: SavedListenKeys
}
