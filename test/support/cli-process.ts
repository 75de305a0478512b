// Runs the compiled `binance-spot-ws` CLI as real processes: build once, spawn, wait for output, bounded.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
/** Every wait (and every process) ends after this long. */
const WAIT_MS = 15_000
/** A served emulator lives at most this long: it serves a whole describe block, which a loaded machine slows. */
const SERVE_MS = 120_000

export interface CliBuild {
  /** A scratch folder for the tests' files; removed with the build. */
  readonly work: string
  /** The compiled `cli/main.js`. */
  readonly main: string
  remove(): void
}

/** Compiles src/ into a temp folder inside node_modules (so `ws` resolves), marked ESM by its own package.json. */
export function buildCli(): CliBuild {
  mkdirSync(join(root, 'node_modules', '.cache'), { recursive: true })
  const work = mkdtempSync(join(root, 'node_modules', '.cache', 'bsw-cli-test-'))
  const main = join(work, 'dist', 'cli', 'main.js')
  writeFileSync(join(work, 'package.json'), readFileSync(join(root, 'package.json')))
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', join(work, 'dist')], {
      cwd: root,
      stdio: 'pipe',
    })
  } catch (err) {
    // Type errors are the typecheck's business; these tests need the emitted JavaScript.
    if (!existsSync(main)) throw err
  }
  return { work, main, remove: () => rmSync(work, { recursive: true, force: true }) }
}

/** The environment without the caller's Binance credentials, without colours. */
function env(extra: Record<string, string>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extra }
  for (const k of Object.keys(out)) if (k.startsWith('BINANCE_') && !(k in extra)) delete out[k]
  return out
}

interface Run {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export interface CliProcess {
  readonly proc: ChildProcess
  /** Output so far. */
  readonly out: { stdout: string; stderr: string }
  /** Resolves when the process has ended (it is killed after its lifetime, WAIT_MS by default). */
  readonly done: Promise<Run>
  /** Resolves once stdout matches; rejects if the process ends or WAIT_MS pass first. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>
}

export function startCli(
  main: string,
  args: readonly string[],
  extraEnv: Record<string, string> = {},
  lifetime = WAIT_MS,
): CliProcess {
  const proc = spawn(process.execPath, [main, ...args], {
    env: env(extraEnv),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const out = { stdout: '', stderr: '' }
  proc.stdout.setEncoding('utf8').on('data', (d: string) => {
    out.stdout += d
  })
  proc.stderr.setEncoding('utf8').on('data', (d: string) => {
    out.stderr += d
  })
  const killer = setTimeout(() => proc.kill('SIGKILL'), lifetime)
  const done = new Promise<Run>((resolveRun) => {
    proc.on('close', (code, signal) => {
      clearTimeout(killer)
      resolveRun({ code, signal, ...out })
    })
  })
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((ok, fail) => {
      const timer = setTimeout(
        () => fail(new Error(`no ${pattern} within ${WAIT_MS} ms: ${out.stdout}`)),
        WAIT_MS,
      )
      const check = () => {
        const m = out.stdout.match(pattern)
        if (!m) return
        clearTimeout(timer)
        proc.stdout.off('data', check)
        ok(m)
      }
      proc.stdout.on('data', check)
      check()
      void done.then((r) => {
        clearTimeout(timer)
        fail(new Error(`exited (${r.code ?? r.signal}) before ${pattern}: ${r.stdout}${r.stderr}`))
      })
    })
  return { proc, out, done, waitFor }
}

/** An `emulator` process, once it has printed its URL and keys. */
export async function serveEmulator(
  main: string,
  args: readonly string[],
): Promise<CliProcess & { url: string }> {
  const p = startCli(main, ['emulator', ...args], {}, SERVE_MS)
  const [, url = ''] = await p.waitFor(/listening on (ws:\/\/\S+)/)
  await p.waitFor(/Press Ctrl-C to stop\./)
  return Object.assign(p, { url })
}

/** Kills the process if it still runs (cleanup after a failed test). */
export function stopProcess(p: { proc: ChildProcess } | undefined): void {
  if (p && p.proc.exitCode === null && p.proc.signalCode === null) p.proc.kill('SIGKILL')
}
