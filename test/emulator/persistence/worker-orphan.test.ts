// The snapshot worker process as the CLI runs it ends with its emulator. The worker is held (SIGSTOP) in the middle
// of its replay; its emulator is killed (SIGKILL); let run again, the worker exits within the bound and writes
// nothing into the data dir, which then starts whole. A clean close (SIGTERM) ends a running worker too
// (docs/persistence.md "Snapshots").
import { readdirSync, realpathSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { SpotWebsocketAPI, type WebsocketAPIConnection } from '../../../src/client/index.js'
import { segmentStart } from '../../../src/emulator/api/persistence/journal-writer.js'
import { snapshotName } from '../../../src/emulator/api/persistence/snapshot-file.js'
import {
  buildCli,
  type CliBuild,
  type CliProcess,
  serveEmulator,
  stopProcess,
} from '../../support/cli-process.js'
import { ED25519 } from '../../support/keys.js'
import { childrenOf, commandOf, openFilesOf, poll, running, stateOf, within } from './child-processes.js'
import { RESTING_SYMBOL, writeRestingOrders } from './resting-orders-journal.js'
import { limit } from './varied-trading.js'

let build: CliBuild
beforeAll(() => {
  build = buildCli()
}, 120_000)
afterAll(() => build?.remove())

/** Emulators a test has started and workers it has held: none may outlive it, whatever failed. */
const started: CliProcess[] = []
const held: number[] = []
afterEach(() => {
  for (const p of started.splice(0)) stopProcess(p)
  for (const pid of held.splice(0)) if (running(pid)) process.kill(pid, 'SIGKILL')
})

async function serve(args: readonly string[]): Promise<CliProcess & { url: string }> {
  const p = await serveEmulator(build.main, args)
  started.push(p)
  return p
}

/** Resting orders in the journal: the worker reads it for ~0.5 s here, time enough to be caught at it (polled each ms). */
const ORDERS = 20_000
/** How long a worker may outlive its emulator. */
const EXIT_MS = 5_000
/** How long SIGTERM may take to close an emulator with 20 001 orders (its final snapshot on the main thread). */
const CLOSE_MS = 20_000

interface DataDir {
  readonly dir: string
  /** The CLI's arguments: this data dir, a config whose periodic snapshots all go to the worker. */
  readonly args: readonly string[]
}

/**
 * A data dir holding ORDERS resting orders of account `a` (dated in the past under the default rate limits); the
 * next record placed is a snapshot point.
 */
async function restingOrders(name: string): Promise<DataDir> {
  const config = join(build.work, `${name}.json`)
  const accounts = [
    { apiKey: 'a', publicKey: ED25519.publicKeyPem, balances: { USDT: '100000000', BTC: '1000' } },
  ]
  const settings = { snapshotEvery: ORDERS + 1, snapshotInlineMs: 0 }
  writeFileSync(
    config,
    JSON.stringify({ accounts, symbols: [RESTING_SYMBOL], liquidity: false, ...settings }),
  )
  // By its real path, as /proc shows the worker's files (node_modules may be a symlink, as in a git worktree).
  const dir = join(realpathSync(build.work), `${name}-data`)
  const args = ['--config', config, '--data-dir', dir, '--port', '0', '--no-ui']
  const made = await serve(args)
  made.proc.kill('SIGTERM')
  expect((await made.done).code).toBe(0)
  await writeRestingOrders(dir, ORDERS, 'a', Date.now() - ORDERS * 201, 201)
  return { dir, args }
}

function connect(url: string): Promise<WebsocketAPIConnection> {
  const api = new SpotWebsocketAPI({
    wsURL: url,
    apiKey: 'a',
    privateKey: ED25519.privateKeyPem,
    autoSessionLogon: true,
  })
  return api.connect()
}

/** The emulator's snapshot worker child, once it reads a journal segment of `dir` (it has its job). */
function replaying(emulator: number, dir: string): number | undefined {
  return childrenOf(emulator).find(
    (pid) =>
      commandOf(pid).includes('snapshot-worker') &&
      openFilesOf(pid).some((f) => dirname(f) === dir && segmentStart(basename(f)) !== undefined),
  )
}

/**
 * Places the order that reaches the snapshot point and stops the worker (SIGSTOP) as soon as it is seen reading
 * the journal; returns it once it is stopped, with the order's id. Not sooner: a worker stopped before its module
 * ran, its emulator then killed, never gets its job and exits whether it listens for 'disconnect' or not.
 */
async function holdWorker(
  emulator: number,
  data: DataDir,
  a: WebsocketAPIConnection,
): Promise<{ worker: number; orderId: number }> {
  const order = a.orderPlace(limit('BUY', '1000'))
  const worker = await poll(
    'a snapshot worker reading the journal',
    () => {
      const pid = replaying(emulator, data.dir)
      if (pid !== undefined) process.kill(pid, 'SIGSTOP')
      return pid
    },
    30_000,
    1,
  )
  held.push(worker)
  await poll('the worker stopped', () => (stateOf(worker) === 'T' ? true : undefined), EXIT_MS)
  return { worker, orderId: (await order).data.orderId }
}

/** The snapshot files of `dir`, whole (`.snap`) or being written (`.snap.tmp`). */
const snapshots = (dir: string): string[] =>
  readdirSync(dir)
    .filter((n) => n.includes('.snap'))
    .sort()

/** Resolves once `pid` has ended; rejects after EXIT_MS. */
const gone = (pid: number) => poll('the worker gone', () => (running(pid) ? undefined : true), EXIT_MS, 10)

describe('the snapshot worker process', () => {
  it('exits when its emulator is killed (SIGKILL) mid-replay, writes nothing after, and the data dir starts whole', async () => {
    const data = await restingOrders('orphan')
    const first = await serve(data.args)
    const a = await connect(first.url)
    const { worker, orderId } = await holdWorker(first.proc.pid as number, data, a)
    const before = snapshots(data.dir)
    first.proc.kill('SIGKILL')
    expect((await first.done).signal).toBe('SIGKILL')
    await a.disconnect().catch(() => {})
    process.kill(worker, 'SIGCONT')
    await gone(worker)
    expect(snapshots(data.dir)).toEqual(before)

    const second = await serve(data.args)
    const again = await connect(second.url)
    for (const id of [1, orderId]) {
      expect((await again.orderStatus({ symbol: 'BTCUSDT', orderId: id })).data.status).toBe('NEW')
    }
    await again.disconnect()
    second.proc.kill('SIGTERM')
    expect((await second.done).code).toBe(0)
    expect(snapshots(data.dir)).toEqual([snapshotName(ORDERS + 1)])
  }, 60_000)

  it('is ended by a clean close (SIGTERM): exit 0, the worker gone, the final snapshot whole', async () => {
    const data = await restingOrders('close')
    const emulator = await serve(data.args)
    const a = await connect(emulator.url)
    const { worker } = await holdWorker(emulator.proc.pid as number, data, a)
    emulator.proc.kill('SIGTERM')
    // A close that waited for the held worker instead of ending it would not end.
    const run = await within(emulator.done, CLOSE_MS, 'the emulator closed on SIGTERM')
    await a.disconnect().catch(() => {})
    expect(run.code).toBe(0)
    // Ended by the close itself, still stopped: not left to exit on its own once the emulator is gone.
    expect(running(worker)).toBe(false)
    expect(snapshots(data.dir)).toEqual([snapshotName(ORDERS + 1)])
  }, 60_000)
})
