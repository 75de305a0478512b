// `binance-spot-ws emulator`: serves the local exchange until Ctrl-C, printing its URL and demo keys.

import { parseArgs } from 'node:util'
import {
  ControlParamError,
  DataDirError,
  type Emulator,
  type EmulatorReplay,
  startEmulator,
} from '../../emulator/index.js'
import type { DemoAccount, EmulatorOptions } from '../../emulator/options.js'
import { tableFileOf } from '../../emulator/replay/report-file.js'
import { reportTable } from '../../emulator/replay/report-table.js'
import { HELP_OPTION, integerFlag, parseOrUsage } from '../args.js'
import { type Command, EXIT, UsageError } from '../command.js'
import { CONNECTION_FLAGS, CONNECTION_HELP, connectionOptions } from '../connection-flags.js'
import { checkCommand } from '../data-dir-check.js'
import { DEFAULT_HOST, DEFAULT_PORT } from '../defaults.js'
import { loadEmulatorConfig } from '../emulator-config.js'
import { out, outErr, printError, say } from '../output.js'
import { checkReplayFiles, REPLAY_FLAGS, REPLAY_HELP, replayOptions } from '../replay-flags.js'
import { type ProgressMode, showProgress } from '../replay-progress.js'
import { paint } from '../style.js'

/** The emulator's endpoints at `authority` (`host:port`), one per line: what a client is pointed at. */
function endpoints(authority: string): string {
  return [
    `  WebSocket API      ws://${authority}/ws-api/v3`,
    `  streams, raw       ws://${authority}/ws/<stream>   (or /ws, then SUBSCRIBE)`,
    `  streams, combined  ws://${authority}/stream?streams=<stream>/<stream>`,
    `  REST API           http://${authority}/api/v3   (base URL http://${authority})`,
  ].join('\n')
}

const HELP = `binance-spot-ws emulator [options]

Serves a local Binance Spot exchange (the same WebSocket API, its own matching
engine, accounts, filters and rate limits) until Ctrl-C. Prints its URL and, unless
the config file gives accounts, the keys of two demo accounts (HMAC and Ed25519).

Options:
  --port <n>         port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --host <addr>      address to bind (default ${DEFAULT_HOST})
  --config <file>    JSON file with any startEmulator option but now, log, onDataDirFailure,
                     onControlChange, uiFiles, snapshotWorker: symbols, accounts, liquidity,
                     seed, port, host, commission, bnbDiscount, exchangeFilters, sors, limits,
                     diffDepthInterval, wsApiTrading, orderArchiveAfter, legacyListenKey,
                     dataDir, snapshotEvery, snapshotInlineMs, control, controlToken,
                     controlReadToken, controlAllow, ui, connection (the timings and bounds
                     of the flags below), replay (book, impact: with --replay); an unknown
                     field is refused by its path
  --seed <n>         seed of the demo keys and generated ids (default 1)
  --no-liquidity     no synthetic market maker: the books start empty
  --legacy-listen-key
                     serve the listenKey user data streams Binance retired on
                     2026-02-20 (userDataStream.start/ping/stop, /ws/<listenKey>)
  --data-dir <dir>   keep the exchange's state in <dir> (journal + snapshots): a
                     restart on it, after Ctrl-C or a crash, resumes that state;
                     GET /control/storage says what it holds, POST /control/backup
                     copies it into a new folder while it runs
  --check            with --data-dir (and the --config it was made with): read the data
                     dir as a start would, change nothing, serve nothing; print what it
                     holds and exit 0, or the damage (file and byte) and exit 3
  --control          serve the control API as JSON over HTTP under /control/ (loopback only)
  --control-token-env <name>
                     every /control/ request must carry "Authorization: Bearer <token>",
                     the token read from the environment variable <name>
  --control-read-token-env <name>
                     with --control-token-env: a second token (from <name>) that may only
                     read: the dashboard and the GET routes, no change
  --control-allow <addr>
                     also let this peer address use /control/ ('*': any); repeatable
  --no-ui            no live dashboard at /ui/ (the dashboard or --control also serve the
                     /control/ reads, GET /control/metrics among them: Prometheus's text format)
  --log <text|json>  text (default) or JSON lines on stdout: {"type": "emulator.listening" |
                     "control" | "replay.progress" | "replay.report" | "emulator.closed", …};
                     the emulator's own log lines go to stderr as {"type": "log", "msg"}.
                     Every change made over /control/ is a line (text: "control: <route>
                     <params> from <peer>"), its secrets left out: the venue's audit trail
${REPLAY_HELP}
${CONNECTION_HELP}
  -h, --help         show this help
Flags override the config file.
Exit codes: 0 closed cleanly, 1 failed, 2 bad usage, 3 the data dir cannot be
used (unwritable, damaged, holding another configuration's state, or in use by a
running emulator) or the final snapshot could not be written (the journal holds
everything). A second Ctrl-C or SIGTERM ends the process at once, by the signal
(a shell reports 130 or 143).

Endpoints, all on the one port (shown for the default host and port):
${endpoints(`${DEFAULT_HOST}:${DEFAULT_PORT}`)}

Config file, e.g.:
  {
    "port": 8090,
    "seed": 1,
    "liquidity": true,
    "accounts": [
      { "apiKey": "k1", "hmacSecret": "s1", "balances": { "USDT": "100000", "BTC": "2" } },
      { "apiKey": "k2", "publicKeyFile": "ed25519-public.pem", "permissions": ["USER_DATA"] }
    ],
    "symbols": [
      { "symbol": "BTCUSDT", "baseAsset": "BTC", "quoteAsset": "USDT", "referencePrice": "60000",
        "filters": [
          { "filterType": "PRICE_FILTER", "minPrice": "0.01", "maxPrice": "1000000", "tickSize": "0.01" },
          { "filterType": "LOT_SIZE", "minQty": "0.00001", "maxQty": "9000", "stepSize": "0.00001" } ] }
    ]
  }

Examples:
  binance-spot-ws emulator
  binance-spot-ws emulator --port 0 --no-liquidity
  binance-spot-ws emulator --config exchange.json --seed 7
  binance-spot-ws emulator --config exchange.json --data-dir ./exchange-data
  binance-spot-ws emulator --replay BTCUSDT-trades-2025-03-01.zip --speed max`

/** One demo account after a blank line; an Ed25519 one's private key unindented, so that a copy of it is a PEM file. */
function printDemoAccount(a: DemoAccount): void {
  const balances = Object.entries(a.balances)
    .map(([asset, amount]) => `${asset} ${amount}`)
    .join(', ')
  say()
  say(`  ${paint('bold', a.kind === 'HMAC' ? 'HMAC' : 'Ed25519')} demo account (${balances})`)
  say(`    BINANCE_API_KEY=${a.apiKey}`)
  if (a.kind === 'HMAC') {
    say(`    BINANCE_API_SECRET=${a.apiSecret}`)
    return
  }
  say(`    private key: save the lines from BEGIN to END below as a file (e.g. ed25519.pem)`)
  say(`    and set BINANCE_PRIVATE_KEY_PATH to its path`)
  say()
  say(a.privateKeyPem.trimEnd())
}

const count = (n: number) => n.toLocaleString('en-US')
const counted = (n: number, what: string) => `${count(n)} ${what}${n === 1 ? '' : 's'}`

/** With a data dir: whether this start resumed a state (how many records, from which snapshot) or began anew. */
function dataDirLine(ex: Emulator): string | undefined {
  const storage = ex.storage()
  if (!storage) return undefined
  const { snapshotRecords, replayed } = storage.recovered
  if (snapshotRecords + replayed === 0) return `data dir ${storage.dir}: nothing to resume, starting fresh`
  const snapshot = storage.snapshot?.records === snapshotRecords ? storage.snapshot.file : 'a snapshot'
  const from =
    snapshotRecords > 0
      ? `${snapshot} covers ${count(snapshotRecords)}, ${count(replayed)} replayed after it`
      : 'all replayed from the journal'
  return `data dir ${storage.dir}: resumed ${counted(snapshotRecords + replayed, 'journal record')} (${from})`
}

/**
 * How long a signalled shutdown may take (answer what is in flight, final snapshot) before the process exits 1.
 * The final snapshot is serialized in one synchronous pass (~19 s of CPU for 1 M resting orders), which a timer
 * cannot interrupt: a short bound only cut the file's write after it (docs/persistence.md, "Speed").
 */
const CLOSE_BOUND_MS = 60_000

/** Resolves on the first SIGINT or SIGTERM; a second one falls through to Node's default (exit at once). */
function shutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGINT', on)
      process.off('SIGTERM', on)
      resolve(signal)
    }
    process.on('SIGINT', on)
    process.on('SIGTERM', on)
  })
}

interface ServiceFlags {
  control?: boolean | undefined
  'control-token-env'?: string | undefined
  'control-read-token-env'?: string | undefined
  'control-allow'?: string[] | undefined
  'no-ui'?: boolean | undefined
}

/** The control API and dashboard flags onto the options: the dashboard is on unless `--no-ui` or the config's `ui`. */
function applyServiceFlags(options: EmulatorOptions, values: ServiceFlags): void {
  if (values.control) options.control = true
  const tokenFrom = (flag: 'control-token-env' | 'control-read-token-env') => {
    const name = values[flag]
    if (name === undefined) return undefined
    const token = process.env[name]
    if (!token) throw new UsageError(`--${flag}: the environment variable ${name} is not set`)
    return token
  }
  const token = tokenFrom('control-token-env')
  if (token !== undefined) options.controlToken = token
  const readToken = tokenFrom('control-read-token-env')
  if (readToken !== undefined) {
    if (options.controlToken === undefined)
      throw new UsageError(
        '--control-read-token-env needs --control-token-env (without it, anyone may change)',
      )
    options.controlReadToken = readToken
  }
  if (values['control-allow']) options.controlAllow = values['control-allow']
  options.ui = values['no-ui'] ? false : (options.ui ?? true)
}

/** With a data dir, after the close: its latest snapshot does not cover every record (the final one failed). */
function finalSnapshotMissed(ex: Emulator): boolean {
  const storage = ex.storage()
  return storage !== undefined && storage.snapshot?.records !== storage.records
}

/** One `--log json` record on stdout. */
const record = (value: Record<string, unknown>) => out(`${JSON.stringify(value)}\n`)

/** The replay's progress as `mode` asks, then, when the data has ended, where the report went (and its table). */
async function followReplay(replay: EmulatorReplay, mode: ProgressMode, reportFile: string | undefined) {
  await showProgress(
    replay,
    mode,
    (text) => out(text),
    () => process.stdout.columns ?? 80,
  )
  if (reportFile === undefined) return
  if (mode === 'json') {
    record({ type: 'replay.report', file: reportFile, table: tableFileOf(reportFile) })
    return
  }
  say(`replay report written to ${reportFile} (table: ${tableFileOf(reportFile)})`)
  say(reportTable(replay.report()).trimEnd())
}

/** What a person reads at start: the URLs, the demo keys, what to try. */
function printBanner(ex: Emulator, http: string, options: EmulatorOptions): void {
  say(`emulator listening on ${paint('green', ex.url)}`)
  say(endpoints(new URL(ex.streams.url).host))
  if (options.ui) say(`dashboard on ${paint('green', `${http}/ui/`)}`)
  if (options.control) say(`control API on ${paint('green', `${http}/control/`)}`)
  const dataDir = dataDirLine(ex)
  if (dataDir) say(dataDir)
  for (const a of ex.demoAccounts) printDemoAccount(a)
  say()
  say(paint('dim', `Try: npx binance-spot-ws call depth symbol=BTCUSDT limit=5 --url ${ex.url}`))
  say(paint('dim', 'Press Ctrl-C to stop.'))
}

export const emulatorCommand: Command = {
  name: 'emulator',
  summary: 'serve the local exchange emulator (prints its URL and demo keys)',
  help: HELP,
  async run(args) {
    const { values, positionals } = parseOrUsage(() =>
      parseArgs({
        args: [...args],
        allowPositionals: true,
        options: {
          ...REPLAY_FLAGS,
          ...CONNECTION_FLAGS,
          port: { type: 'string' },
          host: { type: 'string' },
          config: { type: 'string' },
          seed: { type: 'string' },
          'no-liquidity': { type: 'boolean' },
          'legacy-listen-key': { type: 'boolean' },
          'data-dir': { type: 'string' },
          check: { type: 'boolean' },
          control: { type: 'boolean' },
          'control-token-env': { type: 'string' },
          'control-read-token-env': { type: 'string' },
          'control-allow': { type: 'string', multiple: true },
          'no-ui': { type: 'boolean' },
          log: { type: 'string' },
          help: HELP_OPTION,
        },
      }),
    )
    if (values.help) {
      say(HELP)
      return 0
    }
    if (values.log !== undefined && values.log !== 'text' && values.log !== 'json')
      throw new UsageError(`--log must be text or json, got '${values.log}'`)
    const json = values.log === 'json'
    const options: EmulatorOptions = values.config ? loadEmulatorConfig(values.config) : {}
    if (json) options.log = (msg) => outErr(`${JSON.stringify({ type: 'log', msg })}\n`)
    // The audit trail of a shared venue: every change made over /control/, on stdout.
    options.onControlChange = json
      ? (change) => record({ type: 'control', ...change })
      : ({ route, params, peer }) => say(`control: ${route} ${JSON.stringify(params)} from ${peer}`)
    options.port =
      values.port === undefined
        ? (options.port ?? DEFAULT_PORT)
        : integerFlag('--port', values.port, 0, 65535)
    options.host = values.host ?? options.host ?? DEFAULT_HOST
    if (values.seed !== undefined) {
      options.seed = integerFlag('--seed', values.seed, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)
    }
    if (values['no-liquidity']) options.liquidity = false
    if (values['legacy-listen-key']) options.legacyListenKey = true
    if (values['data-dir'] !== undefined) options.dataDir = values['data-dir']
    applyServiceFlags(options, values)
    options.connection = connectionOptions(values, options.connection)
    const replay = replayOptions(values, positionals)
    // The config file's `replay` section (book, impact) under the flags'.
    if (replay) options.replay = { ...options.replay, ...replay }
    else delete options.replay
    if (values.check) {
      if (options.dataDir === undefined)
        throw new UsageError('--check needs --data-dir <dir> (or dataDir in --config)')
      if (options.replay) throw new UsageError('--check reads a data dir: it takes no replay files')
      return checkCommand({ ...options, dataDir: options.dataDir }, json)
    }
    if (replay) checkReplayFiles(replay.files.map((f) => (typeof f === 'string' ? f : f.path)))
    const stopped: Promise<NodeJS.Signals | DataDirError> = Promise.race([
      shutdownSignal(),
      new Promise<DataDirError>((resolve) => {
        options.onDataDirFailure = (error) => resolve(error as DataDirError)
      }),
    ])
    let ex: Awaited<ReturnType<typeof startEmulator>>
    try {
      ex = await startEmulator(options)
    } catch (err) {
      if (err instanceof DataDirError) {
        printError(`error: ${err.message}`)
        return EXIT.dataDir
      }
      // An option the flags gave that startEmulator refuses (the config file's own are named by its path before).
      if (err instanceof ControlParamError) throw new UsageError(err.message)
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err
      throw new Error(`${options.host}:${options.port} is in use; pick another --port (0 = any free port)`, {
        cause: err,
      })
    }
    const http = `http://${ex.host.includes(':') ? `[${ex.host}]` : ex.host}:${ex.port}`
    const storage = ex.storage()
    if (json) {
      record({
        type: 'emulator.listening',
        url: ex.url,
        streams: ex.streams.url,
        rest: http,
        ...(options.ui ? { dashboard: `${http}/ui/` } : {}),
        ...(options.control ? { control: `${http}/control/` } : {}),
        apiKeys: ex.demoAccounts.map((a) => a.apiKey),
        ...(storage ? { dataDir: { dir: storage.dir, recovered: storage.recovered } } : {}),
      })
    } else printBanner(ex, http, options)
    const mode: ProgressMode = json ? 'json' : process.stdout.isTTY ? 'tty' : 'plain'
    if (ex.replay) void followReplay(ex.replay, mode, options.replay?.report)
    const signal = await stopped
    if (signal instanceof DataDirError) {
      printError(`error: ${signal.message}; the emulator closed`)
      return EXIT.dataDir
    }
    if (!json) say(`${signal}: closing the emulator`)
    const bound = setTimeout(() => {
      printError(`error: the emulator did not close within ${CLOSE_BOUND_MS} ms`)
      process.exit(EXIT.failed)
    }, CLOSE_BOUND_MS)
    await ex.close()
    clearTimeout(bound)
    const missed = finalSnapshotMissed(ex)
    if (json) record({ type: 'emulator.closed', signal, ...(missed ? { finalSnapshot: false } : {}) })
    else say('emulator closed')
    if (!missed) return EXIT.ok
    printError(
      'error: the final snapshot could not be written (the log says why); the journal holds everything: the next start replays it',
    )
    return EXIT.dataDir
  },
}
