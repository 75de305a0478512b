// The snapshot worker process as the CLI runs it ends with its emulator: SIGKILL the emulator while its worker
// (held with SIGSTOP) has not finished, and the worker, let run again, exits within the bound and writes nothing
// into the data dir, which then starts whole; SIGTERM closes the emulator with its worker ended too
// (docs/persistence.md "Snapshots").
import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { SpotWebsocketAPI, type WebsocketAPIConnection } from '../../../src/client/index.js'
import { buildCli, type CliBuild, serveEmulator, stopProcess } from '../../support/cli-process.js'
import { ED25519 } from '../../support/keys.js'
import { childrenOf, commandOf, poll, running, stateOf } from './child-processes.js'

let build: CliBuild
beforeAll(() => {
  build = buildCli()
}, 120_000)
afterAll(() => build?.remove())

/** Workers a test has held: none may outlive it, whatever failed. */
const held: number[] = []
afterEach(() => {
  for (const pid of held.splice(0)) if (running(pid)) process.kill(pid, 'SIGKILL')
})

/** How long a worker may outlive its emulator. */
const EXIT_MS = 5_000
/** Orders placed at most while waiting for a worker (a snapshot point every 2 records). */
const MAX_ORDERS = 40

/** Every periodic snapshot by the worker process, one every 2 records. */
function emulatorArgs(name: string): string[] {
  const config = join(build.work, `${name}.json`)
  const accounts = [{ apiKey: 'a', publicKey: ED25519.publicKeyPem, balances: { USDT: '1000000' } }]
  writeFileSync(config, JSON.stringify({ accounts, liquidity: false, snapshotEvery: 2, snapshotInlineMs: 0 }))
  return ['--config', config, '--data-dir', join(build.work, `${name}-data`), '--port', '0', '--no-ui']
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

/** The emulator's snapshot worker child, if one runs now. */
function workerOf(emulator: number): number | undefined {
  return childrenOf(emulator).find((pid) => commandOf(pid).includes('snapshot-worker'))
}

/**
 * Places resting orders until the emulator forks a snapshot worker, stops the worker (SIGSTOP) as soon as it is
 * seen and returns it once it is stopped, with the ids of the orders answered.
 */
async function holdWorker(
  emulator: number,
  a: WebsocketAPIConnection,
): Promise<{ worker: number; orderIds: number[] }> {
  let worker: number | undefined
  let placing = true
  const seen = poll(
    'a snapshot worker',
    () => {
      worker = workerOf(emulator)
      if (worker !== undefined) process.kill(worker, 'SIGSTOP')
      return worker ?? (placing ? undefined : -1)
    },
    30_000,
    1,
  )
  const orderIds: number[] = []
  try {
    while (worker === undefined && orderIds.length < MAX_ORDERS) {
      const price = String(50_000 - orderIds.length)
      const r = await a.orderPlace({
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        price,
        quantity: '0.001',
      })
      orderIds.push(r.data.orderId)
    }
  } finally {
    placing = false
  }
  const pid = await seen
  if (pid < 0) throw new Error(`no snapshot worker seen in ${MAX_ORDERS} orders`)
  held.push(pid)
  await poll('the worker stopped', () => (stateOf(pid) === 'T' ? true : undefined), EXIT_MS)
  return { worker: pid, orderIds }
}

/** The snapshot files of `dir`, whole (`.snap`) or being written (`.snap.tmp`). */
const snapshots = (dir: string): string[] =>
  readdirSync(dir)
    .filter((n) => n.includes('.snap'))
    .sort()

describe('the snapshot worker process', () => {
  it('exits when its emulator is killed (SIGKILL), writes nothing after, and the data dir starts whole', async () => {
    const args = emulatorArgs('orphan')
    const data = args[3] as string
    const first = await serveEmulator(build.main, args)
    let second: Awaited<ReturnType<typeof serveEmulator>> | undefined
    try {
      const a = await connect(first.url)
      const { worker, orderIds } = await holdWorker(first.proc.pid as number, a)
      const before = snapshots(data)
      expect(before.filter((n) => n.endsWith('.tmp'))).toEqual([])
      first.proc.kill('SIGKILL')
      expect((await first.done).signal).toBe('SIGKILL')
      await a.disconnect().catch(() => {})
      const started = performance.now()
      process.kill(worker, 'SIGCONT')
      await poll('the worker gone', () => (running(worker) ? undefined : true), EXIT_MS, 10)
      expect(performance.now() - started).toBeLessThan(EXIT_MS)
      expect(snapshots(data)).toEqual(before)

      second = await serveEmulator(build.main, args)
      const again = await connect(second.url)
      for (const orderId of orderIds) {
        const status = await again.orderStatus({ symbol: 'BTCUSDT', orderId })
        expect(status.data.status).toBe('NEW')
      }
      expect(snapshots(data).filter((n) => n.endsWith('.tmp'))).toEqual([])
      await again.disconnect()
      second.proc.kill('SIGTERM')
      expect((await second.done).code).toBe(0)
    } finally {
      stopProcess(first)
      stopProcess(second)
    }
  }, 60_000)

  it('is ended by a clean close (SIGTERM): exit 0, the worker gone, one whole snapshot left', async () => {
    const args = emulatorArgs('close')
    const data = args[3] as string
    const emulator = await serveEmulator(build.main, args)
    try {
      const a = await connect(emulator.url)
      const { worker } = await holdWorker(emulator.proc.pid as number, a)
      emulator.proc.kill('SIGTERM')
      const run = await emulator.done
      await a.disconnect().catch(() => {})
      expect(run.code).toBe(0)
      if (running(worker)) process.kill(worker, 'SIGCONT')
      await poll('the worker gone', () => (running(worker) ? undefined : true), EXIT_MS, 10)
      const left = snapshots(data)
      expect(left).toHaveLength(1)
      expect(left[0]).toMatch(/\.snap$/)
    } finally {
      stopProcess(emulator)
    }
  }, 60_000)
})
