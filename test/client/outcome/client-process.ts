// Runs a script against the client in a separate Node process: the client's sources (client and protocol) are
// transpiled to JavaScript in a temp folder inside node_modules, so that `ws` resolves. Bounded in time.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
/** A process still running after this long is killed. */
const LIMIT_MS = 15_000

export interface ClientBuild {
  /** Folder holding `client/index.js`; scripts written here import `./client/index.js`. */
  readonly dir: string
  remove(): void
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    if (e.isDirectory()) return sources(path)
    return e.name.endsWith('.ts') && !e.name.includes('.test') ? [path] : []
  })
}

/** Transpiles src/client and src/protocol (no type check: that is the typecheck's job). */
export function buildClient(): ClientBuild {
  mkdirSync(join(root, 'node_modules', '.cache'), { recursive: true })
  const dir = mkdtempSync(join(root, 'node_modules', '.cache', 'bsw-client-process-'))
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n')
  for (const file of [...sources(join(root, 'src', 'client')), ...sources(join(root, 'src', 'protocol'))]) {
    const out = join(dir, relative(join(root, 'src'), file)).replace(/\.ts$/, '.js')
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        verbatimModuleSyntax: true,
      },
      fileName: file,
    })
    mkdirSync(dirname(out), { recursive: true })
    writeFileSync(out, outputText)
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

export interface ScriptProcess {
  readonly proc: ChildProcess
  /** Resolves once stdout has a line matching `pattern`; rejects if the process ends first. */
  line(pattern: RegExp): Promise<string>
  /** Resolves when the process has ended (killed after LIMIT_MS). */
  readonly done: Promise<Run>
}

/** Runs `script` (ESM, importing `./client/index.js`) from the build folder, with `env` added. */
export function runScript(build: ClientBuild, script: string, env: Record<string, string>): ScriptProcess {
  const file = join(build.dir, `script-${process.pid}-${Date.now()}.mjs`)
  writeFileSync(file, script)
  const proc = spawn(process.execPath, [file], { env: { ...process.env, ...env }, stdio: 'pipe' })
  const out = { stdout: '', stderr: '' }
  const waiters: (() => void)[] = []
  proc.stdout?.on('data', (d: Buffer) => {
    out.stdout += d.toString()
    for (const w of waiters.splice(0)) w()
  })
  proc.stderr?.on('data', (d: Buffer) => {
    out.stderr += d.toString()
  })
  const kill = setTimeout(() => proc.kill('SIGKILL'), LIMIT_MS)
  const done = new Promise<Run>((resolveRun) =>
    proc.on('close', (code) => {
      clearTimeout(kill)
      for (const w of waiters.splice(0)) w()
      resolveRun({ code, ...out })
    }),
  )
  const line = (pattern: RegExp) =>
    new Promise<string>((resolveLine, reject) => {
      const check = () => {
        const found = out.stdout.split('\n').find((l) => pattern.test(l))
        if (found !== undefined) return resolveLine(found)
        if (proc.exitCode !== null || proc.signalCode !== null)
          return reject(new Error(`process ended without ${pattern}: ${out.stdout}${out.stderr}`))
        waiters.push(check)
      }
      check()
    })
  return { proc, line, done }
}
