// The journal load's emulator: `binance-spot-ws emulator --data-dir DIR --control --no-ui` in its own process, as a
// user runs it (a config file gives the accounts). Stopped with SIGTERM or SIGKILL and started again on the same
// data dir and port; its RSS is read from /proc. Every wait is bounded; `stop()` leaves no process behind.
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { AccountOptions } from '../../src/emulator/options.js'

/** How long a start may take (a recovery replays the journal) before the load gives up on it. */
const START_MS = 120_000
/** How long SIGTERM may take before the load calls the stop failed (the CLI's own bound is 5 s). */
const TERM_MS = 30_000

interface Life {
  readonly child: ChildProcess
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  stdout: string
  stderr: string
}

export interface Stopped {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly ms: number
  /** What the process printed on stderr (the torn-record line of a recovery goes there or to stdout). */
  readonly output: string
}

export class JournalEmulator {
  #life: Life | undefined
  #port = 0
  /** How long each start took until the emulator listened, ms (the first is an empty data dir). */
  readonly startMs: number[] = []

  private constructor(
    private readonly main: string,
    private readonly config: string,
    readonly dataDir: string,
  ) {}

  /** Writes the config file into `work` and starts the CLI on a free port with `dataDir`. */
  static async start(
    main: string,
    work: string,
    dataDir: string,
    accounts: readonly AccountOptions[],
  ): Promise<JournalEmulator> {
    const config = join(work, 'journal-load.json')
    // LOAD_SNAPSHOT_INLINE_MS=0: every periodic snapshot by the worker process (the default budget lets this load's
    // snapshots, ~100 ms, go either way).
    const inline = process.env['LOAD_SNAPSHOT_INLINE_MS']
    const snapshots = inline === undefined ? {} : { snapshotInlineMs: Number(inline) }
    writeFileSync(config, JSON.stringify({ accounts, liquidity: true, ...snapshots }))
    const e = new JournalEmulator(main, config, dataDir)
    await e.#spawn(0)
    return e
  }

  get pid(): number {
    return this.#life?.child.pid ?? 0
  }

  get url(): string {
    return `ws://127.0.0.1:${this.#port}/ws-api/v3`
  }

  get base(): string {
    return `http://127.0.0.1:${this.#port}`
  }

  /** Everything the current process printed so far. */
  get output(): string {
    return `${this.#life?.stdout ?? ''}${this.#life?.stderr ?? ''}`
  }

  async #spawn(port: number): Promise<void> {
    const args = ['emulator', '--config', this.config, '--data-dir', this.dataDir, '--port', String(port)]
    const started = performance.now()
    const child = spawn(process.execPath, [this.main, ...args, '--control', '--no-ui'], {
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const exited = once(child, 'exit').then(([code, signal]) => ({
      code: code as number | null,
      signal: signal as NodeJS.Signals | null,
    }))
    const life: Life = { child, exited, stdout: '', stderr: '' }
    this.#life = life
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      life.stderr = (life.stderr + d).slice(-8192)
    })
    const listening = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL')
        reject(new Error(`the emulator did not listen within ${START_MS} ms: ${life.stdout}${life.stderr}`))
      }, START_MS)
      child.stdout?.setEncoding('utf8').on('data', (d: string) => {
        life.stdout = (life.stdout + d).slice(-8192)
        const m = life.stdout.match(/listening on ws:\/\/[^:]+:(\d+)\//)
        if (m) {
          clearTimeout(timer)
          resolve(Number(m[1]))
        }
      })
      void exited.then((r) => {
        clearTimeout(timer)
        reject(new Error(`the emulator exited (${r.code ?? r.signal}): ${life.stdout}${life.stderr}`))
      })
    })
    this.#port = await listening
    this.startMs.push(Math.round(performance.now() - started))
  }

  /** The process's resident set, MiB (from /proc). */
  rssMiB(): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8')
    const kib = Number(status.match(/VmRSS:\s+(\d+) kB/)?.[1] ?? Number.NaN)
    return kib / 1024
  }

  async #stop(signal: NodeJS.Signals, bound: number): Promise<Stopped> {
    const life = this.#life
    if (!life) throw new Error('the emulator is not running')
    const started = performance.now()
    const timer = setTimeout(() => life.child.kill('SIGKILL'), bound)
    life.child.kill(signal)
    const r = await life.exited
    clearTimeout(timer)
    return { ...r, ms: Math.round(performance.now() - started), output: `${life.stdout}${life.stderr}` }
  }

  /** SIGTERM: the emulator answers what is in flight, takes its final snapshot and exits. */
  term(): Promise<Stopped> {
    return this.#stop('SIGTERM', TERM_MS)
  }

  /** SIGKILL: nothing runs after it; what is on disk is all that is left. */
  kill(): Promise<Stopped> {
    return this.#stop('SIGKILL', TERM_MS)
  }

  /** A new process on the same data dir and port. */
  async restart(): Promise<void> {
    let last: unknown
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await this.#spawn(this.#port)
        return
      } catch (err) {
        // The port may still be held for a moment by the stopped process.
        last = err
        if (!String(err).includes('in use')) throw err
        await new Promise((r) => setTimeout(r, 200))
      }
    }
    throw last
  }

  /** `emulator --check` on the data dir (the emulator stopped): its JSON line and exit code, and how long it took. */
  async check(): Promise<{
    readonly code: number | null
    readonly report: Record<string, unknown>
    readonly ms: number
  }> {
    const started = performance.now()
    const args = ['emulator', '--check', '--config', this.config, '--data-dir', this.dataDir, '--log', 'json']
    const child = spawn(process.execPath, [this.main, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), START_MS)
    const [code] = (await once(child, 'exit')) as [number | null]
    clearTimeout(timer)
    return {
      code,
      report: JSON.parse(out) as Record<string, unknown>,
      ms: Math.round(performance.now() - started),
    }
  }

  /** A GET of the emulator's HTTP API (`/control/metrics`, `/control/storage`): the body as text. */
  async get(path: string): Promise<string> {
    const answer = await fetch(`${this.base}${path}`)
    if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status} ${await answer.text()}`)
    return answer.text()
  }

  /** Kills the process if it still runs (cleanup). */
  async stop(): Promise<void> {
    const life = this.#life
    if (!life || life.child.exitCode !== null || life.child.signalCode !== null) return
    life.child.kill('SIGKILL')
    await life.exited
  }
}
