// The pacing of a replay at `max` (docs/replay.md "Determinism at max"): one step of data at a time, applied in one
// turn of the event loop, then a wait until the clients are quiet, so that a bot's reaction to what a step sent it
// lands at the same data time on a slow or a fast machine. Its wait for the clients (`waitForClients`) also holds
// the start of a replay at N× real time (`afterClients`).

/** `replay.step`, `replay.quietMs`, `replay.waitForClients`, checked. */
export interface LockstepOptions {
  /** Data time (ms) of one step. */
  readonly step: number
  /** Real ms without a request after which the clients count as idle. */
  readonly quietMs: number
  /** Connections to wait for before the first step (at `N`× real time: before the clock starts). */
  readonly waitForClients: number
}

export function lockstepOptions(o: {
  step?: number | undefined
  quietMs?: number | undefined
  waitForClients?: number | undefined
}): LockstepOptions {
  const step = o.step ?? 1000
  if (!(Number.isInteger(step) && step >= 1))
    throw new TypeError(`replay.step: ${String(step)} is not a whole number of ms ≥ 1`)
  const quietMs = o.quietMs ?? 2
  if (!(typeof quietMs === 'number' && quietMs >= 0 && quietMs <= 60_000))
    throw new TypeError(`replay.quietMs: ${String(quietMs)} is not a number of ms from 0 to 60000`)
  const waitForClients = o.waitForClients ?? 0
  if (!(Number.isInteger(waitForClients) && waitForClients >= 0))
    throw new TypeError(`replay.waitForClients: ${String(waitForClients)} is not a whole number ≥ 0`)
  return { step, quietMs, waitForClients }
}

/** Turns of the event loop with no request that must follow the quiet window (see `#settle`). */
const IDLE_TURNS = 3

/** A gap between two ticks of the quiet window (1 ms apart) longer than this is a stall. */
const STALL_MS = 5

export class Lockstep {
  #timer: NodeJS.Timeout | NodeJS.Immediate | undefined
  /** A request arrived since the quiet window was last armed. */
  #active = false
  #stopped = false
  #applyStep: () => boolean = () => false
  #ended: () => void = () => {}

  /** `connections` counts the open client connections (none: no wait). */
  constructor(
    private readonly options: LockstepOptions,
    private readonly connections: () => number,
  ) {}

  /** Steps: `applyStep` applies one (false once the data has ended, then `ended` runs). */
  start(applyStep: () => boolean, ended: () => void): void {
    this.#applyStep = applyStep
    this.#ended = ended
    if (this.options.waitForClients > 0) this.#hold(this.#run)
    else this.#timer = setImmediate(this.#run)
  }

  /** No steps: runs `then` once the clients are in and quiet (a paced replay's start). */
  afterClients(then: () => void): void {
    this.#hold(then)
  }

  /** A request arrived: the quiet window starts again. */
  activity(): void {
    this.#active = true
  }

  stop(): void {
    this.#stopped = true
    clearTimeout(this.#timer as NodeJS.Timeout)
    clearImmediate(this.#timer as NodeJS.Immediate)
  }

  /** Polls until the clients the options wait for have connected, then waits for their setup to be quiet. */
  #hold(then: () => void): void {
    if (this.#stopped) return
    if (this.connections() >= this.options.waitForClients) this.#waitQuiet(then)
    else this.#timer = setTimeout(() => this.#hold(then), 5)
  }

  readonly #run = (): void => {
    this.#timer = undefined
    if (this.#stopped) return
    if (!this.#applyStep()) {
      this.#ended()
      return
    }
    if (this.connections() === 0) this.#timer = setImmediate(this.#run)
    else this.#waitQuiet(this.#run)
  }

  /**
   * Waits until the event loop has run `quietMs` without a request, ticking every ms: a tick that comes late (the
   * process was stalled, so the clients may not have read yet) starts the window again, as a request does. Then
   * runs `then`.
   */
  #waitQuiet(then: () => void): void {
    this.#active = false
    let start = performance.now()
    let last = start
    const tick = () => {
      if (this.#stopped) return
      const t = performance.now()
      if (this.#active || t - last > STALL_MS) start = t
      this.#active = false
      last = t
      if (t - start >= this.options.quietMs) this.#settle(IDLE_TURNS, then)
      else this.#timer = setTimeout(tick, 1)
    }
    this.#timer = setTimeout(tick, 1)
  }

  /**
   * After the quiet window, a few more turns of the event loop with no request: when the process was stalled, the
   * timer fires before the sockets are read, and a client in this process needs a turn to read and one to answer.
   */
  #settle(turns: number, then: () => void): void {
    if (this.#stopped) return
    if (this.#active) this.#waitQuiet(then)
    else if (turns === 0) then()
    else this.#timer = setImmediate(() => this.#settle(turns - 1, then))
  }
}
