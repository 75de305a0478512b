// Makes the child processes' JavaScript: src/cli, src/client, src/emulator, src/protocol and the soak's runner,
// transpiled file by file (no type check: that is the typecheck's business) into a cache folder named after a hash
// of the sources. The soak starts the runner; the journal load starts the CLI, as a user runs it.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
const SOURCES = ['src/cli', 'src/client', 'src/emulator', 'src/protocol']
const RUNNER = 'test/soak/emulator-runner.ts'

const isSource = (f: string) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.test-util.ts')

function sourceFiles(): string[] {
  const files = SOURCES.flatMap((dir) =>
    readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
      .filter(isSource)
      .map((f) => join(dir, f)),
  )
  return [...files.sort(), RUNNER]
}

/** The runner's compiled entry; built once per source state (inside node_modules, so `ws` resolves). */
export function buildRunner(): string {
  return join(build(), RUNNER.replace(/\.ts$/, '.js'))
}

/** The compiled `binance-spot-ws` CLI (`src/cli/main.ts`), from the same build as the runner. */
export function buildCliMain(): string {
  return join(build(), 'src', 'cli', 'main.js')
}

/** The build's folder. */
function build(): string {
  const files = sourceFiles()
  const texts = files.map((f) => readFileSync(join(root, f), 'utf8'))
  const hash = createHash('sha256').update(ts.version)
  for (const [i, f] of files.entries())
    hash
      .update(f)
      .update('\0')
      .update(texts[i] as string)
      .update('\0')
  const cache = join(root, 'node_modules', '.cache')
  const out = join(cache, `bsw-soak-${hash.digest('hex').slice(0, 16)}`)
  const done = join(out, 'package.json')
  if (existsSync(done)) return out
  const tmp = `${out}.tmp-${process.pid}-${Date.now()}`
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    verbatimModuleSyntax: true,
  }
  for (const [i, f] of files.entries()) {
    const js = ts.transpileModule(texts[i] as string, { compilerOptions: options, fileName: f }).outputText
    const dest = join(tmp, f.replace(/\.ts$/, '.js'))
    mkdirSync(dirname(dest), { recursive: true })
    writeFileSync(dest, js)
  }
  writeFileSync(join(tmp, 'package.json'), '{ "type": "module" }\n')
  try {
    renameSync(tmp, out)
  } catch (err) {
    // Another run built the same sources first: use its copy.
    rmSync(tmp, { recursive: true, force: true })
    if (!existsSync(done)) throw err
  }
  // Builds of earlier source states are of no further use.
  for (const old of readdirSync(cache)) {
    if (old.startsWith('bsw-soak-') && join(cache, old) !== out && !old.includes('.tmp-'))
      rmSync(join(cache, old), { recursive: true, force: true })
  }
  return out
}
