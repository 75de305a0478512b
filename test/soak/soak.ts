// The soak: our client against the emulator in another process, ~64 calls in flight, random faults from a logged
// seed. Every change the client answered for is checked against the emulator's records (read through its API)
// at the end of each emulator process's life. See docs/reliability.md, "Soak".
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SpotWebsocketAPI, type WebsocketAPIConnection } from '../../src/client/index.js'
import { heapAfterGc } from '../load/load-kit.js'
import { Deadlines } from './deadlines.js'
import { EmulatorProcess } from './emulator-process.js'
import { FaultInjector, type FaultKind } from './faults.js'
import { MARKETS } from './markets.js'
import { Epoch } from './records.js'
import { Rng } from './rng.js'
import { buildRunner } from './runner-build.js'
import { sleep } from './sleep.js'
import { readSnapshot, type SoakAccount } from './snapshot.js'
import { Tally } from './tally.js'
import { Trader, type TraderShared } from './trader.js'
import { UserEvents } from './user-events.js'
import { Findings, verifyEpoch } from './verify.js'

export interface SoakOptions {
  readonly seed: number
  /** How long the load runs, ms (then the calls drain and the records are checked). */
  readonly loadMs: number
  /** The client's request timeout and recvWindow, ms. */
  readonly timeoutMs: number
  readonly recvWindow: number
  /** Calls in flight per account (two accounts). */
  readonly workers: number
  /** The faults, in order, each after a pause drawn from `gapMs`; `random` draws kinds for the whole load. */
  readonly faults: readonly FaultKind[] | 'random'
  readonly gapMs: readonly [number, number]
  readonly freezeMs: readonly [number, number]
  /** What a loaded machine may add to a deadline, ms. */
  readonly slackMs: number
  /**
   * The emulator keeps its state across SIGKILL (a `dataDir`): then nothing is lost with a process, and every
   * answer is checked against the final records. Today's emulator has no persistence: leave it false.
   */
  readonly persistent?: boolean
  readonly log?: (line: string) => void
}

export interface SoakReport {
  readonly seed: number
  readonly loadSeconds: number
  readonly totalSeconds: number
  readonly calls: number
  readonly callsByMethod: Record<string, number>
  readonly faults: Record<string, number>
  readonly processes: number
  readonly outcomes: Record<string, number>
  readonly resolutions: Record<string, number>
  readonly queries: Record<string, number>
  readonly connectionStatus: Record<string, number>
  /** Definite answers compared with the emulator's records, and those lost with a killed process. */
  readonly checked: number
  readonly lostWithProcess: number
  readonly wrongAnswers: number
  readonly wrongByKind: Record<string, number>
  readonly wrongExamples: readonly string[]
  readonly late: number
  readonly worstLateMs: number
  readonly lateExamples: readonly string[]
  readonly unsettled: number
  readonly unexpected: readonly string[]
  readonly harnessErrors: readonly string[]
  readonly userStream: {
    events: number
    duplicates: number
    newSeen: number
    newMissedInGap: number
    newMissed: number
    examples: readonly string[]
  }
  /** Heap after a full GC at each check and at the end, MiB. */
  readonly heapMiB: readonly number[]
  /** Handles (sockets, timers) still active after every client disconnected, beyond those before the soak. */
  readonly leakedHandles: readonly string[]
}

const ACCOUNT_LIMITS = {
  banAfter: false,
  connectionAttempts: 1_000_000,
  requestWeight: 1_000_000_000,
  ordersPer10Seconds: 1_000_000,
  ordersPerDay: 1_000_000_000,
} as const
const BALANCES = { USDT: '100000000', BTC: '100000', ETH: '1000000' }

function activeHandles(): Map<string, number> {
  const out = new Map<string, number>()
  for (const r of process.getActiveResourcesInfo()) out.set(r, (out.get(r) ?? 0) + 1)
  return out
}

export async function runSoak(o: SoakOptions): Promise<SoakReport> {
  const log = o.log ?? (() => {})
  const started = Date.now()
  const rng = new Rng(o.seed)
  const entry = buildRunner()
  const ed = generateKeyPairSync('ed25519')
  const hmacSecret = randomBytes(32).toString('hex')
  const accounts: SoakAccount[] = [
    { name: 'ed25519', credentials: { apiKey: 'soak-ed25519', privateKey: ed.privateKey } },
    { name: 'hmac', credentials: { apiKey: 'soak-hmac', apiSecret: hmacSecret } },
  ]
  const dataDir = o.persistent ? mkdtempSync(join(tmpdir(), 'bsw-soak-')) : undefined
  const handlesBefore = activeHandles()
  const emu = await EmulatorProcess.start(entry, {
    port: 0,
    seed: o.seed,
    limits: ACCOUNT_LIMITS,
    accounts: [
      {
        apiKey: 'soak-ed25519',
        publicKey: ed.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        balances: BALANCES,
      },
      { apiKey: 'soak-hmac', hmacSecret, balances: BALANCES },
    ],
    ...(dataDir === undefined ? {} : { dataDir }),
  })
  const symbols = MARKETS.map((m) => m.symbol)
  const findings = new Findings()
  const heapMiB: number[] = []
  const status = new Tally()
  let epoch = new Epoch(1, Date.now())
  const shared: TraderShared = {
    epoch: () => epoch,
    timeoutMs: o.timeoutMs,
    deadlines: new Deadlines(o.slackMs),
    calls: new Tally(),
    outcomes: new Tally(),
    resolutions: new Tally(),
    queries: new Tally(),
    unexpected: [],
    newId: (() => {
      let n = 0
      const prefix = `s${o.seed.toString(36)}x${started.toString(36)}`
      return () => `${prefix}-${(n++).toString(36)}`
    })(),
    reconcileForMs: 4 * (o.timeoutMs + o.recvWindow),
  }
  const common = {
    wsURL: emu.url,
    timeout: o.timeoutMs,
    recvWindow: o.recvWindow,
    reconnectDelay: 200,
    maxReconnectDelay: 2000,
    pingInterval: Math.max(1000, Math.round(o.timeoutMs / 2)),
    pongTimeout: Math.max(1000, Math.round(o.timeoutMs / 2)),
  }
  const connections: WebsocketAPIConnection[] = []
  const harnessErrors: string[] = []
  let stopped = false
  try {
    const edConn = await new SpotWebsocketAPI({
      ...common,
      ...accounts[0]?.credentials,
      autoSessionLogon: true,
      mode: 'pool',
      poolSize: 2,
      rateLimitWait: true,
    }).connect()
    connections.push(edConn)
    const hmacConn = await new SpotWebsocketAPI({ ...common, ...accounts[1]?.credentials }).connect()
    connections.push(hmacConn)
    for (const c of connections) c.on('status', (s) => status.add(s.state))
    const { stream } = await edConn.userDataStreamSubscribe()
    const userEvents = new UserEvents(stream, 'ed25519')
    edConn.on('gap', (g) => userEvents.gap(g))
    const traders = [new Trader('ed25519', edConn, shared), new Trader('hmac', hmacConn, shared)]

    /** Reads the records and checks the epoch against them. */
    const check = async () => {
      const snap = await readSnapshot(emu.url, accounts, symbols)
      verifyEpoch(epoch, snap, findings)
      userEvents.check(epoch, snap.startedAt)
      heapMiB.push(Math.round(heapAfterGc() * 10) / 10)
      log(
        `epoch ${epoch.n}: ${snap.orders.length} orders, ${snap.lists.length} lists; checked ${findings.checked}, wrong ${findings.wrongAnswers}`,
      )
    }
    const faults = new FaultInjector(
      emu,
      {
        timeoutMs: o.timeoutMs,
        freezeMs: o.freezeMs,
        kill: async () => {
          if (!o.persistent) await check()
          await emu.kill()
          if (!o.persistent) {
            epoch = new Epoch(epoch.n + 1, Date.now())
            userEvents.reset()
          }
          await emu.restart()
        },
      },
      new Tally(),
    )

    const worker = async (trader: Trader, wrng: Rng) => {
      while (!stopped) {
        try {
          const outcome = await trader.step(wrng)
          // Nothing could be sent (reconnecting): a user would not spin either.
          if (outcome === 'unsent') await sleep(wrng.int(50, 150))
        } catch (err) {
          harnessErrors.push(String((err as Error)?.stack ?? err))
          await sleep(100)
        }
      }
    }
    const workers = traders.flatMap((t) => Array.from({ length: o.workers }, () => worker(t, rng.fork())))
    const loadEnds = Date.now() + o.loadMs
    const frng = rng.fork()
    const plan = o.faults
    for (let i = 0; plan === 'random' || i < plan.length; i++) {
      const pause = frng.int(...o.gapMs)
      if (Date.now() + pause >= loadEnds) break
      await sleep(pause)
      const kind: FaultKind =
        plan === 'random'
          ? frng.weighted({
              drop: 4,
              shutdown: 3,
              failExecuted: 4,
              failNotExecuted: 2,
              stall: 4,
              stallTime: 2,
              freeze: 1,
              kill: 1,
            })
          : (plan[i] as FaultKind)
      log(`${((Date.now() - started) / 1000).toFixed(1)} s: ${kind}`)
      await faults.inject(kind, frng)
    }
    await sleep(Math.max(0, loadEnds - Date.now()))
    const loadSeconds = (Date.now() - started) / 1000
    stopped = true
    await Promise.all(workers)
    faults.releaseAll()
    const unsettled = await shared.deadlines.drain(shared.reconcileForMs + 2 * (o.timeoutMs + o.recvWindow))
    await check()
    for (const c of connections.splice(0)) await c.disconnect()
    await emu.stop()
    await sleep(200)
    heapMiB.push(Math.round(heapAfterGc() * 10) / 10)
    const leakedHandles: string[] = []
    for (const [kind, n] of activeHandles()) {
      const before = handlesBefore.get(kind) ?? 0
      if (n > before) leakedHandles.push(`${kind} ×${n - before}`)
    }
    return {
      seed: o.seed,
      loadSeconds: Math.round(loadSeconds * 10) / 10,
      totalSeconds: Math.round((Date.now() - started) / 100) / 10,
      calls: shared.calls.total,
      callsByMethod: shared.calls.toJSON(),
      faults: faults.count.toJSON(),
      processes: emu.lives,
      outcomes: shared.outcomes.toJSON(),
      resolutions: shared.resolutions.toJSON(),
      queries: shared.queries.toJSON(),
      connectionStatus: status.toJSON(),
      checked: findings.checked,
      lostWithProcess: findings.lostWithProcess,
      wrongAnswers: findings.wrongAnswers,
      wrongByKind: Object.fromEntries(findings.wrong),
      wrongExamples: findings.examples,
      late: shared.deadlines.late,
      worstLateMs: shared.deadlines.worstLateMs,
      lateExamples: shared.deadlines.examples,
      unsettled,
      unexpected: shared.unexpected,
      harnessErrors,
      userStream: {
        events: userEvents.events,
        duplicates: userEvents.duplicates,
        newSeen: userEvents.newSeen,
        newMissedInGap: userEvents.newMissedInGap,
        newMissed: userEvents.newMissed,
        examples: userEvents.examples,
      },
      heapMiB,
      leakedHandles,
    }
  } finally {
    stopped = true
    for (const c of connections) await c.disconnect().catch(() => {})
    await emu.stop()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  }
}
