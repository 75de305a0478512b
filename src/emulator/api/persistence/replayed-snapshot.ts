// The work of a snapshot worker: a fresh exchange built from the configuration, the data dir replayed into it up
// to the snapshot point by recovery's own code (reading only), and its snapshot written. Replay gives the state
// the live exchange had at that point, as recovery relies on.

import type { ExchangeConfig } from '../../exchange/config.js'
import { Exchange } from '../../exchange/exchange.js'
import type { AccountOptions } from '../../exchange/options.js'
import { ListenKeys } from '../server-life/listen-keys.js'
import { HistoryFile } from './history-file.js'
import { type DataDirOwner, recover } from './recovery.js'
import { type SnapshotPoint, snapshotChunks } from './snapshot-chunks.js'
import { writeSnapshotFile } from './snapshot-file.js'

/** What the exchange is made of, without its start time (the configuration a data dir belongs to). */
export type ExchangeSetup = Omit<ExchangeConfig, 'startTime'>

/** A snapshot to take in a worker: plain data (it crosses to the worker as a structured clone). */
export interface SnapshotJob {
  readonly dir: string
  readonly setup: ExchangeSetup
  readonly startTime: number
  readonly point: SnapshotPoint
  /** The data dir's id and the record its files carry it from. */
  readonly owner?: DataDirOwner | undefined
}

/** Replays the data dir up to `job.point.seq` records and writes the snapshot of that state. */
export async function writeReplayedSnapshot(job: SnapshotJob): Promise<void> {
  const { dir, setup, point } = job
  // A Buffer crosses as a plain Uint8Array: made a Buffer again, as the configuration had it.
  const accounts = setup.accounts.map((a): AccountOptions => {
    const key: unknown = a.publicKey
    return key instanceof Uint8Array && !Buffer.isBuffer(key)
      ? ({ ...a, publicKey: Buffer.from(key) } as AccountOptions)
      : a
  })
  const exchange = new Exchange({ ...setup, accounts, startTime: job.startTime })
  const listenKeys = new ListenKeys(setup.seed)
  // The references of the snapshot read stay references: their chunks are durable since that snapshot was.
  const history = new HistoryFile(dir, { writable: false })
  try {
    await recover({
      dir,
      fingerprint: point.fingerprint,
      owner: job.owner,
      exchange,
      listenKeys,
      history,
      log: () => {},
      upTo: point.seq,
    })
    await writeSnapshotFile(dir, point.seq, snapshotChunks(point, exchange, listenKeys))
  } finally {
    history.close()
  }
}
