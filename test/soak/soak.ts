// The soak: our client against the emulator in another process, ~64 calls in flight, faults drawn from a logged
// seed. Every change the client answered for is checked against the emulator's records (read through its API)
// at the end of each emulator process's life. See docs/reliability.md, "Soak".
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { heapAfterGc } from '../load/load-kit.js'
import { type BookStats, finalBooks } from './book-watch.js'
import { Deadlines } from './deadlines.js'
import type { DeskShared } from './desk.js'
import { EmulatorProcess } from './emulator-process.js'
import { FaultInjector, type FaultPlan, faultSchedule, processesOf } from './faults.js'
import { marketsOf, soakSymbols } from './markets.js'
import { Epoch } from './records.js'
import { Rng } from './rng.js'
import { buildRunner } from './runner-build.js'
import { sleep } from './sleep.js'
import { readSnapshot, type SoakAccount } from './snapshot.js'
import { connectClients, type SoakClients } from './soak-clients.js'
import { Tally } from './tally.js'
import { Trader } from './trader.js'
import { Findings, verifyEpoch } from './verify.js'

export interface SoakOptions {
  readonly seed: number
  /** How long the load runs at least, ms (then the calls drain and the records are checked). */
  readonly loadMs: number
  /** The client's request timeout and recvWindow, ms. */
  readonly timeoutMs: number
  readonly recvWindow: number
  /** Calls in flight per account (two accounts). */
  readonly workers: number
  readonly faults: FaultPlan
  /** The pause before each fault, ms. */
  readonly gapMs: readonly [number, number]
  readonly freezeMs: readonly [number, number]
  /** What a loaded machine may add to a deadline, ms. */
  readonly slackMs: number
  /** A streams connection with a local order book per symbol, compared with `depth` answers. */
  readonly books: boolean
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
  /** How order-changing calls ended, and what reconciling the unknown ones said (by change). */
  readonly outcomes: Record<string, number>
  readonly resolutions: Record<string, number>
  /** Why the client could not tell, by method and reason. */
  readonly cannotTell: Record<string, number>
  readonly queries: Record<string, number>
  readonly connectionStatus: Record<string, number>
  /** Definite answers compared with the emulator's records, and changes lost with a killed process. */
  readonly checked: number
  readonly lostWithProcess: number
  readonly wrongAnswers: number
  readonly wrongByKind: Record<string, number>
  readonly wrongExamples: readonly string[]
  /** Would-be wrong reconciliations about ids an earlier (killed) emulator process had given too: not counted. */
  readonly explainedByIdReuse: number
  readonly explainedExamples: readonly string[]
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
  readonly books: Omit<BookStats, 'resyncs'> & { resyncs: Record<string, number>; finalIdentical: number }
  /** Heap after a full GC after each restart (the previous epoch's records dropped) and at the end, MiB. */
  readonly heapMiB: readonly number[]
  /** Handles (sockets, timers) still active after every client disconnected, beyond those before the soak. */
  readonly leakedHandles: readonly string[]
}

const LIMITS = {
  banAfter: false,
  connectionAttempts: 1_000_000,
  requestWeight: 1_000_000_000,
  ordersPer10Seconds: 1_000_000,
  ordersPerDay: 1_000_000_000,
} as const

function activeHandles(): Map<string, number> {
  const out = new Map<string, number>()
  for (const r of process.getActiveResourcesInfo()) out.set(r, (out.get(r) ?? 0) + 1)
  return out
}

const heap = () => Math.round(heapAfterGc() * 10) / 10

export async function runSoak(o: SoakOptions): Promise<SoakReport> {
  const log = o.log ?? (() => {})
  const started = Date.now()
  const rng = new Rng(o.seed)
  const entry = buildRunner()
  const ed = generateKeyPairSync('ed25519')
  const hmacSecret = randomBytes(32).toString('hex')
  const accounts: [SoakAccount, SoakAccount] = [
    { name: 'ed25519', credentials: { apiKey: 'soak-ed25519', privateKey: ed.privateKey } },
    { name: 'hmac', credentials: { apiKey: 'soak-hmac', apiSecret: hmacSecret } },
  ]
  const dataDir = o.persistent ? mkdtempSync(join(tmpdir(), 'bsw-soak-')) : undefined
  const handlesBefore = activeHandles()
  const symbolOptions = soakSymbols(processesOf(o.faults, o.loadMs))
  /** Every base asset of every epoch's symbols, and USDT. */
  const balances: Record<string, string> = { USDT: '100000000' }
  for (const s of symbolOptions) balances[s.baseAsset] = s.baseAsset.startsWith('BTC') ? '100000' : '1000000'
  const emu = await EmulatorProcess.start(entry, {
    port: 0,
    seed: o.seed,
    symbols: symbolOptions,
    limits: LIMITS,
    accounts: [
      {
        apiKey: 'soak-ed25519',
        publicKey: ed.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        balances,
      },
      { apiKey: 'soak-hmac', hmacSecret, balances },
    ],
    ...(dataDir === undefined ? {} : { dataDir }),
  })
  /** The symbols of the first epoch (the books watch them), and of every epoch so far (the records are read on them). */
  const symbols = marketsOf(1).map((m) => m.symbol)
  const symbolsSoFar = () =>
    Array.from({ length: epoch.n }, (_, i) => marketsOf(i + 1).map((m) => m.symbol)).flat()
  const findings = new Findings()
  const heapMiB: number[] = []
  let epoch = new Epoch(1, Date.now())
  const shared: DeskShared = {
    epoch: () => epoch,
    timeoutMs: o.timeoutMs,
    deadlines: new Deadlines(o.slackMs),
    calls: new Tally(),
    outcomes: new Tally(),
    resolutions: new Tally(),
    cannotTell: new Tally(),
    queries: new Tally(),
    unexpected: [],
    newId: (() => {
      let n = 0
      const prefix = `s${o.seed.toString(36)}x${started.toString(36)}`
      return () => `${prefix}-${(n++).toString(36)}`
    })(),
    reconcileForMs: 4 * (o.timeoutMs + o.recvWindow),
  }
  const harnessErrors: string[] = []
  let clients: SoakClients | undefined
  let stopped = false
  try {
    const c = await connectClients(
      { api: emu.url, streams: emu.streamsUrl },
      accounts,
      o,
      o.books ? symbols : undefined,
    )
    clients = c
    const traders = [
      new Trader(accounts[0].name, c.ed25519, shared),
      new Trader(accounts[1].name, c.hmac, shared),
    ]

    /** Reads the records and checks the epoch against them. */
    const check = async () => {
      const snap = await readSnapshot(emu.url, accounts, symbolsSoFar())
      verifyEpoch(epoch, snap, findings)
      c.userEvents.check(epoch, snap.startedAt)
      log(
        `epoch ${epoch.n}: ${snap.orders.length} orders; checked ${findings.checked}, wrong ${findings.wrongAnswers}`,
      )
      return snap
    }
    const faults = new FaultInjector(
      emu,
      {
        timeoutMs: o.timeoutMs,
        freezeMs: o.freezeMs,
        symbols,
        froze: (from, to) => c.userEvents.freeze(from, to),
        kill: async () => {
          const snap = o.persistent ? undefined : await check()
          log(`${((Date.now() - started) / 1000).toFixed(1)} s: checked`)
          await emu.kill()
          if (snap) {
            epoch = epoch.next(snap)
            c.userEvents.reset()
          }
          await emu.restart()
          // The previous process's records are dropped by now: what is left is the clients' and the soak's state.
          heapMiB.push(heap())
          log(`${((Date.now() - started) / 1000).toFixed(1)} s: restarted`)
        },
      },
      new Tally(),
    )

    const worker = async (trader: Trader, wrng: Rng) => {
      while (!stopped) {
        try {
          // Nothing could be sent (reconnecting): a user would not spin either.
          if ((await trader.step(wrng)) === 'unsent') await sleep(wrng.int(50, 150))
        } catch (err) {
          harnessErrors.push(String((err as Error)?.stack ?? err))
          await sleep(100)
        }
      }
    }
    const bookPoller = async (brng: Rng) => {
      while (!stopped) {
        await sleep(brng.int(500, 1500))
        const watch = brng.pick(c.books)
        const depth = c.hmac.depth({ symbol: watch.book.symbol, limit: 5000 })
        const snap = await shared.deadlines.watch('depth', o.timeoutMs, depth).catch(() => undefined)
        if (snap) watch.expect(snap.data)
      }
    }
    const running = [
      ...traders.flatMap((t) => Array.from({ length: o.workers }, () => worker(t, rng.fork()))),
      ...(c.books.length ? [bookPoller(rng.fork())] : []),
    ]
    const loadEnds = Date.now() + o.loadMs
    const frng = rng.fork()
    const next = faultSchedule(o.faults, frng)
    // A fixed list of faults is injected whole (the load lasts until it is done); random ones until the end.
    for (;;) {
      const pause = frng.int(...o.gapMs)
      if (!Array.isArray(o.faults) && Date.now() + pause >= loadEnds) break
      await sleep(pause)
      const kind = next()
      if (!kind) break
      log(`${((Date.now() - started) / 1000).toFixed(1)} s: ${kind}`)
      await faults.inject(kind, frng)
    }
    await sleep(Math.max(0, loadEnds - Date.now()))
    const loadSeconds = (Date.now() - started) / 1000
    stopped = true
    await Promise.all(running)
    faults.releaseAll()
    const unsettled = await shared.deadlines.drain(shared.reconcileForMs + 2 * (o.timeoutMs + o.recvWindow))
    await check()
    // The soak's own records go before the last heap sample.
    epoch = new Epoch(epoch.n + 1, Date.now())
    const depth = (symbol: string) =>
      shared.deadlines
        .watch('depth', o.timeoutMs, c.hmac.depth({ symbol, limit: 5000 }))
        .then((r) => r.data)
        .catch(() => undefined)
    const finalIdentical = await finalBooks(c.books, depth, o.timeoutMs)
    await c.close()
    await emu.stop()
    await sleep(200)
    heapMiB.push(heap())
    const leakedHandles: string[] = []
    for (const [kind, n] of activeHandles()) {
      const before = handlesBefore.get(kind) ?? 0
      if (n > before) leakedHandles.push(`${kind} ×${n - before}`)
    }
    const { resyncs, ...bookStats } = c.bookStats
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
      cannotTell: shared.cannotTell.toJSON(),
      queries: shared.queries.toJSON(),
      connectionStatus: c.status.toJSON(),
      checked: findings.checked,
      lostWithProcess: findings.lostWithProcess,
      wrongAnswers: findings.wrongAnswers,
      wrongByKind: Object.fromEntries(findings.wrong),
      wrongExamples: findings.examples,
      explainedByIdReuse: findings.explainedByIdReuse,
      explainedExamples: findings.explainedExamples,
      late: shared.deadlines.late,
      worstLateMs: shared.deadlines.worstLateMs,
      lateExamples: shared.deadlines.examples,
      unsettled,
      unexpected: shared.unexpected,
      harnessErrors,
      userStream: c.userEvents.summary(),
      books: { ...bookStats, resyncs: resyncs.toJSON(), finalIdentical },
      heapMiB,
      leakedHandles,
    }
  } finally {
    stopped = true
    await clients?.close()
    await emu.stop()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  }
}
