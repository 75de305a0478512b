// The soak's emulator as a child process: control over IPC, freeze (SIGSTOP/SIGCONT), SIGKILL and restart on
// the same port. Every wait is bounded; `stop()` leaves no process behind, frozen or not.
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import type { ChildMessage, ControlCommand, RunnerOptions } from './control-messages.js'

/** How long a start or a command may take before the soak gives up on the child. */
const WAIT_MS = 20_000
/** How long a start with a data dir may take: it replays the journal written since the last snapshot. */
const RECOVERY_WAIT_MS = 120_000

interface Life {
  readonly child: ChildProcess
  readonly exited: Promise<void>
  /** The last few KB of the child's stderr, for a failure message. */
  stderr: string
}

export class EmulatorProcess {
  #life: Life | undefined
  #next = 1
  readonly #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  #port = 0
  #url = ''
  #streamsUrl = ''
  /** How many processes have served so far (1 after the first start; +1 per restart). */
  lives = 0

  private constructor(
    private readonly entry: string,
    private readonly options: RunnerOptions,
  ) {}

  /** Starts the child (on a free port unless `options.port` is set) and waits until it listens. */
  static async start(entry: string, options: RunnerOptions): Promise<EmulatorProcess> {
    const p = new EmulatorProcess(entry, options)
    await p.#spawn(options.port ?? 0)
    return p
  }

  get port(): number {
    return this.#port
  }

  get url(): string {
    return this.#url
  }

  get streamsUrl(): string {
    return this.#streamsUrl
  }

  async #spawn(port: number): Promise<void> {
    const child = spawn(process.execPath, [this.entry], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] })
    const exited = once(child, 'exit').then(() => undefined)
    const life: Life = { child, exited, stderr: '' }
    this.#life = life
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      life.stderr = (life.stderr + d).slice(-4096)
    })
    const startMs = this.options.dataDir === undefined ? WAIT_MS : RECOVERY_WAIT_MS
    const ready = new Promise<Extract<ChildMessage, { type: 'ready' }>>((resolve, reject) => {
      const timer = setTimeout(() => {
        // A start that is given up on must not hold the port (or the data dir) against the next attempt.
        child.kill('SIGKILL')
        reject(new Error(`emulator did not start in ${startMs} ms`))
      }, startMs)
      child.on('message', (m: ChildMessage) => {
        if (m.type === 'ready') {
          clearTimeout(timer)
          resolve(m)
        } else this.#reply(m)
      })
      void exited.then(() => {
        clearTimeout(timer)
        reject(new Error(`emulator exited before it was ready: ${life.stderr}`))
      })
    })
    void exited.then(() => {
      for (const p of this.#pending.values()) p.reject(new Error('emulator process exited'))
      this.#pending.clear()
    })
    // The options travel over IPC, not argv: they hold the accounts' secrets.
    child.send({ ...this.options, port })
    const m = await ready
    this.#port = m.port
    this.#url = m.url
    this.#streamsUrl = m.streamsUrl
    this.lives++
  }

  #reply(m: ChildMessage): void {
    if (m.type !== 'reply') return
    const p = this.#pending.get(m.id)
    if (!p) return
    this.#pending.delete(m.id)
    if (m.ok) p.resolve(m.result)
    else p.reject(new Error(m.error))
  }

  /** Runs one control command in the child; rejects if the child dies or does not answer in time. */
  control(command: ControlCommand): Promise<unknown> {
    const child = this.#life?.child
    if (!child?.connected) return Promise.reject(new Error('emulator process is not running'))
    const id = this.#next++
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id)
        reject(new Error(`emulator did not answer ${command.op} in ${WAIT_MS} ms`))
      }, WAIT_MS)
      const done =
        <T>(f: (v: T) => void) =>
        (v: T) => {
          clearTimeout(timer)
          f(v)
        }
      this.#pending.set(id, { resolve: done(resolve), reject: done(reject) })
      child.send({ ...command, id })
    })
  }

  /** Stops the process (SIGSTOP) for `ms`, then lets it run again (SIGCONT). */
  async freeze(ms: number, sleep: (ms: number) => Promise<void>): Promise<void> {
    const child = this.#life?.child
    if (!child) return
    child.kill('SIGSTOP')
    try {
      await sleep(ms)
    } finally {
      child.kill('SIGCONT')
    }
  }

  /** Kills the process with SIGKILL: its state is gone, its sockets are reset. */
  async kill(): Promise<void> {
    const life = this.#life
    if (!life || life.child.exitCode !== null || life.child.signalCode !== null) return
    life.child.kill('SIGKILL')
    await life.exited
  }

  /** A new process on the same port (with the same options: its state is whatever they restore). */
  async restart(): Promise<void> {
    let lastError: unknown
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await this.#spawn(this.#port)
        return
      } catch (err) {
        // The port may still be held for a moment by the killed process.
        lastError = err
        await new Promise((r) => setTimeout(r, 200))
      }
    }
    throw lastError
  }

  /** Closes the emulator (SIGKILL when it does not close in time); resolves once the process is gone. */
  async stop(): Promise<void> {
    const life = this.#life
    if (!life || life.child.exitCode !== null || life.child.signalCode !== null) return
    life.child.kill('SIGCONT')
    const timer = setTimeout(() => life.child.kill('SIGKILL'), 5000)
    try {
      await this.control({ op: 'close' }).catch(() => life.child.kill('SIGKILL'))
      await life.exited
    } finally {
      clearTimeout(timer)
    }
  }
}
