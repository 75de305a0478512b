// The faults the soak injects into its child emulator, drawn from a seeded generator: over IPC (drops, shutdown
// notices, failed and stalled requests), and from outside (SIGSTOP freezes, SIGKILL and restart).
import type { FaultError } from '../../src/emulator/index.js'
import type { EmulatorProcess } from './emulator-process.js'
import type { Rng } from './rng.js'
import { sleep } from './sleep.js'
import type { Tally } from './tally.js'

const FAULT_KINDS = [
  'drop',
  'shutdown',
  'failExecuted',
  'failNotExecuted',
  'stall',
  'stallTime',
  'freeze',
  'kill',
  'streamsDrop',
  'streamsGap',
] as const
export type FaultKind = (typeof FAULT_KINDS)[number]

/** A fixed list of faults (in order), or random kinds with a kill and a freeze at (about) fixed intervals. */
export type FaultPlan =
  | readonly FaultKind[]
  | { readonly killEveryMs: number; readonly freezeEveryMs: number }

const RANDOM_WEIGHTS: Readonly<Record<Exclude<FaultKind, 'kill' | 'freeze'>, number>> = {
  drop: 4,
  shutdown: 3,
  failExecuted: 4,
  failNotExecuted: 2,
  stall: 4,
  stallTime: 2,
  streamsDrop: 1,
  streamsGap: 1,
}

/** How many emulator processes a plan may need over `loadMs` of load: one, and one per kill. */
export function processesOf(plan: FaultPlan, loadMs: number): number {
  if (Array.isArray(plan)) return 1 + plan.filter((k) => k === 'kill').length
  return 1 + Math.floor(loadMs / (plan as Exclude<FaultPlan, readonly FaultKind[]>).killEveryMs)
}

/** Draws the faults of a plan one by one; undefined once a fixed list is done. */
export function faultSchedule(plan: FaultPlan, rng: Rng): () => FaultKind | undefined {
  if (Array.isArray(plan)) {
    let i = 0
    return () => plan[i++]
  }
  const every = plan as Exclude<FaultPlan, readonly FaultKind[]>
  let lastKill = Date.now()
  let lastFreeze = Date.now()
  return () => {
    if (Date.now() - lastKill >= every.killEveryMs) {
      lastKill = Date.now()
      return 'kill'
    }
    if (Date.now() - lastFreeze >= every.freezeEveryMs) {
      lastFreeze = Date.now()
      return 'freeze'
    }
    return rng.weighted(RANDOM_WEIGHTS)
  }
}

/** Requests that may change the matching engine's state: the ones whose answers the soak checks. */
const ENGINE_METHODS = [
  'order.place',
  'order.cancel',
  'order.cancelReplace',
  'order.amend.keepPriority',
  'orderList.place.oco',
  'orderList.place.oto',
  'orderList.cancel',
] as const
const ERRORS: readonly FaultError[] = ['TIMEOUT', 'SERVER_BUSY', 'DISCONNECTED', 'UNKNOWN']

export interface FaultOptions {
  /** The client's request timeout: stalls are released within 1.5 of it. */
  readonly timeoutMs: number
  /** How long a freeze lasts, ms. */
  readonly freezeMs: readonly [number, number]
  /** SIGKILL and restart, with whatever the soak does around them (read the records first, start an epoch). */
  readonly kill: () => Promise<void>
  /** The symbols whose diff depth stream a gap may be injected into. */
  readonly symbols: readonly string[]
  /** A freeze is over: the emulator was stopped from `from` to `to` (local ms). */
  readonly froze: (from: number, to: number) => void
}

/** Injects faults; remembers armed stalls so that `releaseAll` lets every held request go at the end. */
export class FaultInjector {
  readonly count: Tally
  readonly #releases = new Set<() => void>()
  #stalls = 0

  constructor(
    private readonly emu: EmulatorProcess,
    private readonly o: FaultOptions,
    count: Tally,
  ) {
    this.count = count
  }

  async inject(kind: FaultKind, rng: Rng): Promise<void> {
    this.count.add(kind)
    switch (kind) {
      case 'drop':
        await this.emu.control({ op: 'dropConnections' })
        return
      case 'shutdown':
        await this.emu.control({ op: 'serverShutdown', options: { disconnectAfter: rng.int(200, 3000) } })
        return
      case 'failExecuted':
      case 'failNotExecuted':
        await this.emu.control({
          op: 'failNext',
          options: {
            method: rng.pick(ENGINE_METHODS),
            error: rng.pick(ERRORS),
            executed: kind === 'failExecuted',
            count: rng.int(1, 3),
          },
        })
        return
      case 'stall':
        return this.#stall(rng.pick(ENGINE_METHODS), rng.int(100, Math.round(1.5 * this.o.timeoutMs)))
      case 'stallTime':
        // The next clock sync's `time` answer comes late; a shutdown notice makes the client renew (and sync).
        await this.#stall(
          'time',
          rng.int(Math.round(this.o.timeoutMs / 3), Math.round(this.o.timeoutMs * 0.8)),
        )
        await this.emu.control({ op: 'serverShutdown', options: { disconnectAfter: 1000 } })
        return
      case 'freeze': {
        const from = Date.now()
        await this.emu.freeze(rng.int(...this.o.freezeMs), sleep)
        this.o.froze(from, Date.now())
        return
      }
      case 'kill':
        return this.o.kill()
      case 'streamsDrop':
        await this.emu.control({ op: 'dropStreams' })
        return
      case 'streamsGap':
        await this.emu.control({ op: 'injectGap', symbol: rng.pick(this.o.symbols) })
        return
    }
  }

  async #stall(method: string, releaseAfterMs: number): Promise<void> {
    const stall = ++this.#stalls
    await this.emu.control({ op: 'stallNext', options: { method }, stall })
    const release = () => {
      clearTimeout(timer)
      this.#releases.delete(release)
      void this.emu.control({ op: 'release', stall }).catch(() => {})
    }
    const timer = setTimeout(release, releaseAfterMs)
    this.#releases.add(release)
  }

  /** Releases every stall still armed or holding a request. */
  releaseAll(): void {
    for (const release of [...this.#releases]) release()
  }
}
