// Package weight: installed size, dependency count and import time of this package next to @binance/spot and binance.
// Run: npm run bench:package [-- --runs=15]
// Packs this repository (npm pack) and installs the tarball, and the two peers at the versions in devDependencies,
// each into an empty folder with the ordinary npm client (served from the npm cache when it has them).
import { execFileSync } from 'node:child_process'
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { flags, fmt, machine, median, num, reproduce, table } from './lib/stats.js'

const f = flags(process.argv.slice(2))
const runs = num(f, 'runs', 15)
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string
  version: string
  devDependencies: Record<string, string>
}
const work = mkdtempSync(join(tmpdir(), 'bsw-bench-pkg-'))

const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_loglevel: 'error', npm_config_update_notifier: 'false' },
  })

/** Installs `spec` into a fresh folder; returns the folder. */
function install(name: string, spec: string): string {
  const app = join(work, name.replace(/[@/]/g, '_'))
  mkdirSync(app)
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', type: 'module' }))
  npm(['install', spec, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], app)
  return app
}

/** Bytes of regular files under `dir` (symlinks not followed); `own` skips nested node_modules. */
function size(dir: string, own = false): number {
  let total = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) total += own && e.name === 'node_modules' ? 0 : size(p, own)
    else if (e.isFile()) total += lstatSync(p).size
  }
  return total
}

/** Every installed package (name@version) under node_modules, nested ones included. */
function packages(nodeModules: string, out = new Set<string>()): Set<string> {
  let entries: string[]
  try {
    entries = readdirSync(nodeModules)
  } catch {
    return out
  }
  for (const name of entries) {
    if (name.startsWith('.')) continue
    const dirs = name.startsWith('@')
      ? readdirSync(join(nodeModules, name)).map((n) => join(nodeModules, name, n))
      : [join(nodeModules, name)]
    for (const dir of dirs) {
      try {
        const p = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
          name: string
          version: string
        }
        out.add(`${p.name}@${p.version}`)
      } catch {
        continue
      }
      packages(join(dir, 'node_modules'), out)
    }
  }
  return out
}

/** ms to `import()` the package in a fresh process (Node startup excluded), median of `runs`. */
function importMs(app: string, name: string): number {
  const code = `const t = performance.now(); await import(${JSON.stringify(name)}); console.log(performance.now() - t)`
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], {
      cwd: app,
      encoding: 'utf8',
    })
    times.push(Number(out.trim()))
  }
  return median(times)
}

interface Row {
  label: string
  own: number
  installed: number
  deps: string[]
  importMs: number
}

function measure(label: string, name: string, spec: string): Row {
  const app = install(name, spec)
  const nm = join(app, 'node_modules')
  const all = packages(nm)
  const self = [...all].find((p) => p.startsWith(`${name}@`))
  return {
    label,
    own: size(join(nm, name), true),
    installed: size(nm),
    deps: [...all].filter((p) => p !== self).sort(),
    importMs: importMs(app, name),
  }
}

try {
  const tarball = npm(['pack', '--pack-destination', work, '--silent'], root).trim().split('\n').at(-1) ?? ''
  const rows = [
    measure(`${pkg.name} ${pkg.version} (this package)`, pkg.name, join(work, tarball)),
    measure(
      `@binance/spot ${pkg.devDependencies['@binance/spot']}`,
      '@binance/spot',
      `@binance/spot@${pkg.devDependencies['@binance/spot']}`,
    ),
    measure(
      `binance ${pkg.devDependencies['binance']}`,
      'binance',
      `binance@${pkg.devDependencies['binance']}`,
    ),
  ]
  const kb = (n: number) => `${fmt(n / 1024)} KB`
  const command = reproduce('bench:package')
  console.log(
    [
      `Package weight — ${new Date().toISOString().slice(0, 10)} — ${machine()}`,
      `Reproduce: ${command}`,
      `Installed into an empty folder with npm; import time = await import() in a fresh process, median of ${runs}.`,
      '',
      table(
        ['package', 'its own files', 'installed (with deps)', 'dependencies', 'import ms'],
        rows.map((r) => [r.label, kb(r.own), kb(r.installed), String(r.deps.length), fmt(r.importMs, 1)]),
      ),
      '',
      ...rows.map((r) => `${r.label}: ${r.deps.length ? r.deps.join(', ') : 'none'}`),
    ].join('\n'),
  )
} finally {
  rmSync(work, { recursive: true, force: true })
}
