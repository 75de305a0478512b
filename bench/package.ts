// Package weight: installed size, dependency count, import time and browser bundle size of this package next to
// @binance/spot and binance. Run: npm run bench:package [-- --runs=15]
// Packs this repository (npm pack) and installs the tarball, and the two peers at the versions in devDependencies,
// each into an empty folder with the ordinary npm client (served from the npm cache when it has them). The browser
// bundle is esbuild's (platform browser, minified, ESM) of the package's entry point, gzipped at level 9.
import { execFileSync } from 'node:child_process'
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
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

/** esbuild's minified browser bundle of `name`'s entry point: its size and gzip size, or why it does not bundle. */
async function browserBundle(
  app: string,
  name: string,
): Promise<{ min: number; gzip: number } | { error: string }> {
  try {
    const result = await build({
      stdin: { contents: `export * from ${JSON.stringify(name)}`, resolveDir: app },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    })
    const code = result.outputFiles[0]?.contents ?? new Uint8Array()
    return { min: code.length, gzip: gzipSync(code, { level: 9 }).length }
  } catch (err) {
    const first = (err as { errors?: { text: string }[] }).errors?.[0]?.text
    return { error: first ?? (err as Error).message }
  }
}

interface Row {
  label: string
  own: number
  installed: number
  deps: string[]
  importMs: number
  browser: { min: number; gzip: number } | { error: string }
}

async function measure(label: string, name: string, spec: string): Promise<Row> {
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
    browser: await browserBundle(app, name),
  }
}

try {
  const tarball = npm(['pack', '--pack-destination', work, '--silent'], root).trim().split('\n').at(-1) ?? ''
  const rows = [
    await measure(`${pkg.name} ${pkg.version} (this package)`, pkg.name, join(work, tarball)),
    await measure(
      `@binance/spot ${pkg.devDependencies['@binance/spot']}`,
      '@binance/spot',
      `@binance/spot@${pkg.devDependencies['@binance/spot']}`,
    ),
    await measure(
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
        [
          'package',
          'its own files',
          'installed (with deps)',
          'dependencies',
          'import ms',
          'browser bundle, gzip',
        ],
        rows.map((r) => [
          r.label,
          kb(r.own),
          kb(r.installed),
          String(r.deps.length),
          fmt(r.importMs, 1),
          'error' in r.browser ? 'does not bundle' : `${kb(r.browser.gzip)} (${kb(r.browser.min)} minified)`,
        ]),
      ),
      '',
      ...rows.map((r) => `${r.label}: ${r.deps.length ? r.deps.join(', ') : 'none'}`),
      ...rows.flatMap((r) =>
        'error' in r.browser ? [`${r.label}, browser bundle: ${r.browser.error}`] : [],
      ),
    ].join('\n'),
  )
} finally {
  rmSync(work, { recursive: true, force: true })
}
