// Where the emulator keeps its state, under the control buttons: in memory only, or a data dir with its journal's
// records on disk, the group commits since the start, the latest snapshot and what the start read — from the
// control API's `storage` events.
import type { StorageInfo } from '../emulator/api/persistence/persistence.js'
import { byId } from './dom.js'

const count = (n: number, what: string) => `${n.toLocaleString('en-US')} ${what}${n === 1 ? '' : 's'}`

export class StorageView {
  /** The emulator has no data dir: its state ends with the process. */
  inMemory(): void {
    this.#show(false, [['State', 'in memory only: it ends with the emulator (--data-dir keeps it)']])
  }

  update(s: StorageInfo): void {
    const waiting = s.records - s.durable
    const { snapshotRecords, replayed } = s.recovered
    this.#show(s.failed, [
      ...(s.failed
        ? [['Failed', 'the journal could not be written: nothing more is acknowledged'] as const]
        : []),
      ['Data dir', s.dir],
      ['On disk', `${count(s.durable, 'record')}${waiting > 0 ? `, ${waiting} being written` : ''}`],
      [
        'Writes',
        `${count(s.written.batches, 'group commit')} since the start, up to ${count(s.written.largestBatch, 'record')} each`,
      ],
      [
        'Snapshot',
        s.snapshotting
          ? 'being taken'
          : s.snapshot
            ? `at record ${s.snapshot.records.toLocaleString('en-US')}`
            : 'none yet',
      ],
      [
        'Started',
        `${snapshotRecords ? `from a snapshot of ${count(snapshotRecords, 'record')}` : 'without a snapshot'}, ${count(replayed, 'record')} replayed`,
      ],
    ])
  }

  #show(failed: boolean, rows: readonly (readonly [string, string])[]): void {
    const list = byId('storage')
    list.className = `storage${failed ? ' failed' : ''}`
    list.replaceChildren(
      ...rows.flatMap(([name, text]) => {
        const dt = document.createElement('dt')
        dt.textContent = name
        const dd = document.createElement('dd')
        dd.textContent = text
        dd.dataset['field'] = name
        return [dt, dd]
      }),
    )
  }
}
