// Runtimes that run as a process from an npm package's binary (Bun, Deno): started on the agent bundle in a
// scratch folder (no package.json or config of this repository around it), with no update checks or telemetry.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { LaunchedRuntime } from './runtime-suite.js'

const modules = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'node_modules')
/** After the RPC socket closes the agent ends by itself; a process still running after this long is killed. */
const EXIT_MS = 5_000

/** The version of an installed npm package. */
export const installedVersion = (name: string): string =>
  (JSON.parse(readFileSync(join(modules, name, 'package.json'), 'utf8')) as { version: string }).version

/** The runtime's binary: where the package's postinstall put it, else the package's own launcher. */
export function runtimeBinary(name: 'bun' | 'deno'): string {
  const placed = name === 'deno' ? join(modules, 'deno', 'deno') : join(modules, 'bun', 'bin', 'bun.exe')
  return existsSync(placed) ? placed : join(modules, '.bin', name)
}

/** The environment runtimes run in: no update checks, prompts, telemetry or colours. */
export const launchProcessEnv = () => ({
  ...process.env,
  DENO_NO_UPDATE_CHECK: '1',
  DENO_NO_PROMPT: '1',
  DO_NOT_TRACK: '1',
  NO_COLOR: '1',
})

/** Runs `binary args…` in `cwd`; `failure` rejects with its stderr if it ends before `stop()`. */
export function launchProcess(binary: string, args: string[], cwd: string): LaunchedRuntime {
  const child = spawn(binary, args, { cwd, env: launchProcessEnv(), stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (d: Buffer) => {
    output += d.toString()
  })
  child.stderr.on('data', (d: Buffer) => {
    output += d.toString()
  })
  let stopping = false
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
  const failure = new Promise<never>((_, reject) => {
    void exited.then((code) => {
      if (!stopping) reject(new Error(`${binary} ended (code ${code}) before the test did:\n${output}`))
    })
    child.once('error', reject)
  })
  failure.catch(() => {})
  return {
    failure,
    async stop() {
      stopping = true
      const kill = setTimeout(() => child.kill('SIGKILL'), EXIT_MS)
      await exited
      clearTimeout(kill)
    },
  }
}
