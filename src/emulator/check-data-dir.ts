// A check of a data dir without serving it (`checkDataDir`, `binance-spot-ws emulator --check`): everything a start
// reads — meta.json, the latest snapshot, every journal record after it, the history chunks the snapshot refers
// to — read and applied to a fresh exchange as a start would, changing no file. For a backup before it is needed,
// or a stopped venue's data dir before its start.
import { join } from 'node:path'
import { DataDirError } from './api/persistence/data-dir-error.js'
import { inUse, LOCK_FILE, lockHolder } from './api/persistence/dir-lock.js'
import { HistoryFile } from './api/persistence/history-file.js'
import { fingerprintsOf, readMeta } from './api/persistence/meta-file.js'
import { checkOwner, ownerOf, type SnapshotInfo, snapshotIn, usable } from './api/persistence/persistence.js'
import { recover } from './api/persistence/recovery.js'
import { ListenKeys } from './api/server-life/listen-keys.js'
import { Exchange } from './exchange/exchange.js'
import { limits as resolveLimits } from './exchange/limits/options.js'
import { openOrdersOn, tradesOn } from './exchange/venue-counts.js'
import { exchangeSetup } from './exchange-setup.js'
import { checkOptionKeys } from './option-keys.js'
import type { EmulatorOptions } from './options.js'
import { checkOptions } from './options-check.js'

/** What a data dir holds, found whole (`checkDataDir`). */
export interface DataDirCheck {
  readonly dir: string
  /** Journal records since the data dir was made: the next record's number. */
  readonly records: number
  /** The latest snapshot, read in full; absent before the first. */
  readonly snapshot: SnapshotInfo | undefined
  /** Journal records after it, read and applied. */
  readonly replayed: number
  /** History chunks in history.bin that the snapshot refers to, their checksums checked. */
  readonly historyChunks: number
  /** A torn last record a start would drop (a write a crash cut short); the check leaves it. */
  readonly torn: { readonly file: string; readonly offset: number; readonly what: string } | undefined
  /** The state a start would resume. */
  readonly state: {
    readonly accounts: number
    /** The accounts' open orders and the trades, over every symbol. */
    readonly openOrders: number
    readonly trades: number
  }
}

/**
 * Reads the data dir `options.dataDir` as a start with these options would, without changing it; resolves with what
 * it holds, or rejects with the DataDirError a start would meet (naming the file and the byte).
 */
export async function checkDataDir(
  options: EmulatorOptions & { readonly dataDir: string },
): Promise<DataDirCheck> {
  checkOptionKeys(options)
  checkOptions(options)
  const dir = options.dataDir
  const { config } = exchangeSetup(options, resolveLimits(options.limits))
  const meta = await usable(dir, () => readMeta(dir))
  if (!meta) throw new DataDirError(`${dir} is not a data dir: it holds no meta.json`, dir)
  // A running emulator's files change under a check (its last batches, its compaction): check a backup of it.
  const holder = await usable(dir, () => lockHolder(dir))
  if (holder) {
    const instead =
      'its files change under a check: check a backup of it (POST /control/backup), or stop it first'
    throw new DataDirError(inUse(dir, holder, instead), join(dir, LOCK_FILE))
  }
  checkOwner(dir, meta, fingerprintsOf(config))
  const { fingerprint } = meta
  const exchange = new Exchange({ ...config, startTime: meta.startTime })
  const history = new HistoryFile(dir, { writable: false })
  try {
    const recovered = await recover({
      dir,
      fingerprint,
      owner: ownerOf(meta),
      exchange,
      listenKeys: new ListenKeys(config.seed),
      history,
      log: () => {},
      readOnly: true,
    })
    const symbols = [...exchange.symbols.keys()]
    const seq = recovered.snapshotSeq
    return {
      dir,
      records: recovered.next,
      snapshot: seq > 0 ? snapshotIn(dir, seq) : undefined,
      replayed: recovered.replayed,
      historyChunks: recovered.chunksChecked,
      torn: recovered.torn,
      state: {
        accounts: exchange.accounts.length,
        openOrders: symbols.reduce((n, s) => n + openOrdersOn(exchange, s), 0),
        trades: symbols.reduce((n, s) => n + tradesOn(exchange, s), 0),
      },
    }
  } finally {
    history.close()
  }
}
