// The installed package as each runtime and a browser bundler see it (test/package.test.ts): which file of it
// `import 'binance-spot-ws'` loads, whether that client connects, and what a browser bundle of it holds.
import { execFile, execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { launchProcessEnv, runtimeBinary } from './runtime-process.js'

const PROBE = `import { SpotWebsocketAPI } from 'binance-spot-ws'
const wsURL = globalThis.Deno ? Deno.args[0] : process.argv[2]
const c = await new SpotWebsocketAPI({ wsURL }).connect()
const { data } = await c.time()
await c.disconnect()
const entry = import.meta.resolve('binance-spot-ws').replace(/^.*node_modules\\//, '')
console.log(JSON.stringify({ entry, serverTime: typeof data.serverTime }))
`

const COMMANDS = {
  node: () => [process.execPath],
  bun: () => [runtimeBinary('bun')],
  deno: () => [runtimeBinary('deno'), 'run', '--allow-net=127.0.0.1', '--no-prompt'],
}

/**
 * Runs a probe in `app` under `runtime` against the API at `wsURL`: the entry file it loaded, and `time()`'s type.
 * Asynchronous: the emulator answering it runs in this process.
 */
export async function probeEntry(
  runtime: keyof typeof COMMANDS,
  app: string,
  wsURL: string,
): Promise<unknown> {
  writeFileSync(join(app, 'probe-entry.mjs'), PROBE)
  const [command, ...args] = COMMANDS[runtime]()
  const { stdout } = await promisify(execFile)(command as string, [...args, 'probe-entry.mjs', wsURL], {
    cwd: app,
    encoding: 'utf8',
    env: launchProcessEnv(),
    timeout: 60_000,
  })
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '')
}

/** esbuild's browser bundle of the client entry, minified: the files in it and its gzip size. */
export async function browserBundle(app: string): Promise<{ inputs: string[]; bytes: number; gzip: number }> {
  const result = await build({
    stdin: {
      contents: "export { SpotWebsocketAPI, SpotWebsocketStreams, createOrderBook } from 'binance-spot-ws'",
      resolveDir: app,
    },
    absWorkingDir: app,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    metafile: true,
    logLevel: 'silent',
  })
  const code = result.outputFiles[0]?.contents ?? new Uint8Array()
  return {
    inputs: Object.keys(result.metafile.inputs),
    bytes: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
  }
}

/**
 * Typechecks a browser consumer against the shipped declarations: DOM library, no lib check skipped, and no Node types
 * (the folder has no @types).
 */
export function typecheckForBrowser(app: string, tsc: string): void {
  writeFileSync(
    join(app, 'probe-browser.ts'),
    [
      "import { SpotWebsocketAPI, SpotWebsocketStreams } from 'binance-spot-ws'",
      'declare const key: CryptoKey',
      "const api = new SpotWebsocketAPI({ wsURL: 'ws://127.0.0.1:1/ws-api/v3', apiKey: 'k', privateKey: key })",
      'const conn = await api.connect()',
      "const id: number = (await conn.orderPlace({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001' })).data.orderId",
      'for await (const status of conn.statusChanges()) status.slot satisfies number',
      "const streams = await new SpotWebsocketStreams({ wsURL: 'ws://127.0.0.1:1' }).connect()",
      "streams.on('message', (name) => name?.toUpperCase())",
      'export { id }',
    ].join('\n'),
  )
  const options = [
    ...['--noEmit', '--strict', '--exactOptionalPropertyTypes', '--target', 'es2022', '--lib', 'es2022,dom'],
    ...['--module', 'esnext', '--moduleResolution', 'bundler', '--customConditions', 'browser'],
  ]
  execFileSync(process.execPath, [tsc, ...options, 'probe-browser.ts'], { cwd: app, encoding: 'utf8' })
}
