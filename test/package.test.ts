// `npm pack` yields a package that installs into an empty folder and exposes its entry points and bin.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { startEmulator } from '../src/emulator/index.js'
import { METHODS } from '../src/protocol/methods.js'
import { browserBundle, probeEntry, typecheckForBrowser } from './runtimes/installed-package.js'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const work = mkdtempSync(join(tmpdir(), 'bsw-pack-'))
const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_loglevel: 'error' },
  })

afterAll(() => rmSync(work, { recursive: true, force: true }))
/** The folder the tarball is installed into (by the first test). */
let app = ''

describe('npm package', () => {
  it('packs, installs from the tarball into an empty folder, and imports', () => {
    const tarball =
      npm(['pack', '--pack-destination', work, '--silent'], root).trim().split('\n').at(-1) ?? ''
    expect(tarball).toMatch(/^binance-spot-ws-.*\.tgz$/)
    app = join(work, 'app')
    mkdirSync(app)
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({ name: 'app', version: '1.0.0', type: 'module' }),
    )
    npm(['install', join(work, tarball), '--prefer-offline', '--no-audit', '--no-fund'], app)
    writeFileSync(
      join(app, 'probe.mjs'),
      [
        "import { SpotWebsocketAPI } from 'binance-spot-ws'",
        "import { startEmulator } from 'binance-spot-ws/emulator'",
        "import { METHODS } from 'binance-spot-ws/protocol'",
        'const ex = await startEmulator({ port: 0 })',
        'const api = new SpotWebsocketAPI({ wsURL: ex.url })',
        'const conn = await api.connect()',
        'const { data } = await conn.time()',
        'await conn.disconnect(); await ex.close()',
        'console.log(JSON.stringify({ methods: METHODS.length, time: typeof data.serverTime, orderPlace: typeof conn.orderPlace }))',
      ].join('\n'),
    )
    const out = execFileSync(process.execPath, ['probe.mjs'], { cwd: app, encoding: 'utf8' })
    expect(JSON.parse(out)).toEqual({ methods: METHODS.length, time: 'number', orderPlace: 'function' })
    // The shipped declarations alone must type a consumer's code, strictly, with no lib check skipped.
    writeFileSync(
      join(app, 'probe.ts'),
      [
        "import { SpotWebsocketAPI, type WebsocketAPIConnection } from 'binance-spot-ws'",
        "import { startEmulator } from 'binance-spot-ws/emulator'",
        "import { METHODS } from 'binance-spot-ws/protocol'",
        'const ex = await startEmulator({ port: 0 })',
        'const conn: WebsocketAPIConnection = await new SpotWebsocketAPI({ wsURL: ex.url }).connect()',
        'const time: number = (await conn.time()).data.serverTime',
        "const id: number = (await conn.orderPlace({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001' })).data.orderId",
        "const wire: 'ping' = METHODS[0].wire",
        'export { id, time, wire }',
      ].join('\n'),
    )
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
    const typecheck = [
      ...['--noEmit', '--strict', '--exactOptionalPropertyTypes', '--target', 'es2022'],
      ...['--module', 'nodenext', '--moduleResolution', 'nodenext'],
      ...['--typeRoots', join(root, 'node_modules', '@types'), '--types', 'node', 'probe.ts'],
    ]
    execFileSync(process.execPath, [tsc, ...typecheck], { cwd: app, encoding: 'utf8' })
    const help = execFileSync(join(app, 'node_modules', '.bin', 'binance-spot-ws'), ['--help'], {
      encoding: 'utf8',
    })
    expect(help).toContain('demo')
  }, 180_000)

  it('lets a CommonJS project require every entry point (Node 20.19+ loads ES modules by `require`)', () => {
    writeFileSync(
      join(app, 'probe.cjs'),
      [
        "const { SpotWebsocketAPI } = require('binance-spot-ws')",
        "const { startEmulator } = require('binance-spot-ws/emulator')",
        "const { METHODS } = require('binance-spot-ws/protocol')",
        'console.log(JSON.stringify([typeof SpotWebsocketAPI, typeof startEmulator, METHODS.length]))',
      ].join('\n'),
    )
    const out = execFileSync(process.execPath, ['probe.cjs'], { cwd: app, encoding: 'utf8' })
    expect(JSON.parse(out)).toEqual(['function', 'function', METHODS.length])
  })

  it('gives Node its entry point and Deno, Bun and browsers the web one, which connects there', async () => {
    const ex = await startEmulator({ port: 0 })
    try {
      const web = { entry: 'binance-spot-ws/dist/client/web.js', serverTime: 'number' }
      expect(await probeEntry('node', app, ex.url)).toEqual({
        ...web,
        entry: 'binance-spot-ws/dist/client/index.js',
      })
      expect(await probeEntry('deno', app, ex.url)).toEqual(web)
      expect(await probeEntry('bun', app, ex.url)).toEqual(web)
    } finally {
      await ex.close()
    }
    // A bundler for the browser reaches neither `ws` nor any node: module (esbuild would fail on one).
    const bundle = await browserBundle(app)
    expect(bundle.inputs).toContain('node_modules/binance-spot-ws/dist/client/web.js')
    expect(bundle.inputs.filter((f) => /node_modules\/ws\/|\/node-(wire|platform)\.js$/.test(f))).toEqual([])
    expect(bundle.gzip).toBeLessThanOrEqual(40 * 1024)
    typecheckForBrowser(app, join(root, 'node_modules', 'typescript', 'bin', 'tsc'))
  }, 120_000)
})
