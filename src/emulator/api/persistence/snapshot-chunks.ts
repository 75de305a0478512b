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
  return snapshotChunksWithin(point, exchange, listenKeys, Number.POSITIVE_INFINITY) as Buffer[]
}

/** Lines between two looks at the time (most lines are an object; a table's chunk is one line of ~0.5 MB). */
const LINES_PER_LOOK = 16
const OVER = Symbol('over budget')

/**
 * snapshotChunks, or undefined once serializing has run `budgetMs` (the state left as it was: serializing only
 * reads it). The snapshot of a small state is cheaper taken here than replayed by a worker.
 */
export function snapshotChunksWithin(
  point: SnapshotPoint,
  exchange: Exchange,
  listenKeys: ListenKeys,
  budgetMs: number,
): Buffer[] | undefined {
  const until = performance.now() + budgetMs
  const lines = new SnapshotLines()
  let n = 0
  const add = (text: string) => {
    if (++n % LINES_PER_LOOK === 0 && performance.now() > until) throw OVER
    lines.add(text)
  }
  try {
    add(JSON.stringify({ ...point, listenKeys: listenKeys.save() } satisfies SnapshotHeader))
    exchange.writeSnapshot(BASE64, add)
  } catch (err) {
    if (err === OVER) return undefined
    throw err
  }
  return lines.finish()
}
