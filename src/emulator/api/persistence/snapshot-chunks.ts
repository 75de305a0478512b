// A snapshot's bytes, serialized synchronously while the state holds still: the header line, then the exchange's
// own lines (the file format: snapshot-file.ts). The live exchange at close, or the one a snapshot worker replayed.
import type { Exchange } from '../../exchange/exchange.js'
import type { ListenKeys } from '../server-life/listen-keys.js'
import type { SnapshotHeader } from './journal-records.js'
import { BASE64, SnapshotLines } from './snapshot-file.js'

/** The header fields known where the snapshot point is reached (the listen keys come from the state serialized). */
export type SnapshotPoint = Omit<SnapshotHeader, 'listenKeys'>

/** The snapshot of `exchange` and `listenKeys` as they are now, at `point`. */
export function snapshotChunks(point: SnapshotPoint, exchange: Exchange, listenKeys: ListenKeys): Buffer[] {
  const lines = new SnapshotLines()
  const header: SnapshotHeader = { ...point, listenKeys: listenKeys.save() }
  lines.add(JSON.stringify(header))
  exchange.writeSnapshot(BASE64, lines.add)
  return lines.finish()
}
