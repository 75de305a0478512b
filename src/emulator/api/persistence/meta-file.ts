// `meta.json` of a data dir: the configuration its state belongs to (a fingerprint) and when that exchange
// opened. Written once, when the data dir is first used.
import { createHash, randomBytes } from 'node:crypto'
import { open, readFile, rename } from 'node:fs/promises'
import { join } from 'node:path'
import { stateRules } from '../../exchange/limits/rules.js'
import { DataDirError } from './data-dir-error.js'
import type { ExchangeSetup } from './replayed-snapshot.js'
import { syncDir } from './sync-dir.js'

export const META_FILE = 'meta.json'

export interface Meta {
  readonly format: 1
  readonly fingerprint: string
  /** The exchange's start time (ms), fixed at the first start: every later start rebuilds the same exchange. */
  readonly startTime: number
  /**
   * The data dir's own id (random, 32 hex digits), given when it is made: every journal segment (its first record)
   * and every snapshot (its header) written since carries it, so that a file of another data dir — made from the
   * same configuration, so of the same fingerprint — is refused, not replayed. A backup keeps it (the same venue's
   * state). Absent from the data dirs of earlier versions until their first start under this version.
   */
  readonly id?: string
  /**
   * The first record from which the files carry `id`: 0 for a data dir made with it, the next record at the first
   * start under this version for one an earlier version made (its older files carry none). Absent: 0.
   */
  readonly idFrom?: number
}

/** A new data dir's id. */
export function newDataDirId(): string {
  return randomBytes(16).toString('hex')
}

/**
 * A SHA-256 of what the state of `setup` depends on, as JSON with sorted keys (a reordered config file is the same
 * configuration). The limits only the API layer enforces — REQUEST_WEIGHT and connection attempts, never part of a
 * command's outcome — count at their defaults (RAW_REQUESTS is not in the setup at all): they may change between starts on the same data dir.
 */
function fingerprintOf(setup: ExchangeSetup): string {
  const { rateLimits } = setup
  const state = rateLimits ? { ...setup, rateLimits: stateRules(rateLimits) } : setup
  return createHash('sha256').update(canonical(state)).digest('hex')
}

/**
 * The fingerprints a data dir of `setup` may carry: `fingerprintOf(setup)`, and, for symbols with the list and amend
 * limits every symbol gained by default in this version (MAX_NUM_ORDER_LISTS 20, MAX_NUM_ORDER_AMENDS 10), the one
 * an earlier version wrote for the same config without them — its journal replays under them, as under every rule
 * a newer version brings (docs/persistence.md).
 */
export function fingerprintsOf(setup: ExchangeSetup): readonly string[] {
  const current = fingerprintOf(setup)
  let added = false
  const symbols = setup.symbols.map((symbol) => {
    const filters = symbol.filters.filter((f) => !ADDED_DEFAULT_FILTERS.has(canonical(f)))
    if (filters.length === symbol.filters.length) return symbol
    added = true
    return { ...symbol, filters }
  })
  return added ? [current, fingerprintOf({ ...setup, symbols })] : [current]
}

/** The filters the default symbols gained after data dirs existed (CHANGELOG 2025-08-12), as `canonical` writes them. */
const ADDED_DEFAULT_FILTERS: ReadonlySet<string> = new Set(
  [
    { filterType: 'MAX_NUM_ORDER_LISTS', maxNumOrderLists: 20 },
    { filterType: 'MAX_NUM_ORDER_AMENDS', maxNumOrderAmends: 10 },
  ].map(canonical),
)

function canonical(value: unknown): string {
  if (Buffer.isBuffer(value)) return JSON.stringify(value.toString('base64'))
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && typeof v !== 'function')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`
  }
  return typeof value === 'bigint' ? JSON.stringify(String(value)) : (JSON.stringify(value) ?? 'null')
}

const ID = /^[0-9a-f]{32}$/

/** The data dir's meta, or undefined for a data dir never used. */
export async function readMeta(dir: string): Promise<Meta | undefined> {
  const path = join(dir, META_FILE)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new DataDirError(`${path} cannot be read: ${(err as Error).message}`, path, undefined, {
      cause: err,
    })
  }
  const meta = (() => {
    try {
      return JSON.parse(text) as Meta
    } catch {
      return undefined
    }
  })()
  if (
    meta?.format !== 1 ||
    typeof meta.fingerprint !== 'string' ||
    !Number.isFinite(meta.startTime) ||
    (meta.id !== undefined && (typeof meta.id !== 'string' || !ID.test(meta.id))) ||
    (meta.idFrom !== undefined && !Number.isSafeInteger(meta.idFrom))
  ) {
    throw new DataDirError(`${path} is damaged at byte 0: not a data dir's meta file`, path, 0)
  }
  return meta
}

/** Writes the meta durably (temporary file, fsync, rename, fsync of the folder). */
export async function writeMeta(dir: string, meta: Meta): Promise<void> {
  const path = join(dir, META_FILE)
  const file = await open(`${path}.tmp`, 'w', 0o600)
  try {
    await file.writeFile(`${JSON.stringify(meta)}\n`)
    await file.sync()
  } finally {
    await file.close()
  }
  await rename(`${path}.tmp`, path)
  await syncDir(dir)
}
