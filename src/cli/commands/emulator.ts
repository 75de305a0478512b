// `binance-spot-ws emulator`: serves the local exchange until Ctrl-C, printing its URL and demo keys.

import { parseArgs } from 'node:util'
import { startEmulator } from '../../emulator/index.js'
import type { DemoAccount, EmulatorOptions } from '../../emulator/options.js'
import { HELP_OPTION, integerFlag, parseOrUsage } from '../args.js'
import type { Command } from '../command.js'
import { DEFAULT_HOST, DEFAULT_PORT } from '../defaults.js'
import { loadEmulatorConfig } from '../emulator-config.js'
import { paint } from '../style.js'

const HELP = `binance-spot-ws emulator [options]

Serves a local Binance Spot exchange (the same WebSocket API, its own matching
engine, accounts, filters and rate limits) until Ctrl-C. Prints its URL and, unless
the config file gives accounts, the keys of two demo accounts (HMAC and Ed25519).

Options:
  --port <n>         port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --host <addr>      address to bind (default ${DEFAULT_HOST})
  --config <file>    JSON file with symbols, accounts, liquidity, seed, port, host, commission,
                     connection (pings, maxUnsentBytes, handshakeTimeout, pending-upgrade caps)
  --seed <n>         seed of the demo keys and generated ids (default 1)
  --no-liquidity     no synthetic market maker: the books start empty
  -h, --help         show this help
Flags override the config file.

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
  binance-spot-ws emulator --config exchange.json --seed 7`

const say = (text = '') => process.stdout.write(`${text}\n`)

function printDemoAccount(a: DemoAccount): void {
  const balances = Object.entries(a.balances)
    .map(([asset, amount]) => `${asset} ${amount}`)
    .join(', ')
  say(`  ${paint('bold', a.kind === 'HMAC' ? 'HMAC' : 'Ed25519')} demo account (${balances})`)
  say(`    BINANCE_API_KEY=${a.apiKey}`)
  if (a.kind === 'HMAC') {
    say(`    BINANCE_API_SECRET=${a.apiSecret}`)
    return
  }
  say(`    private key (save it as a file and set BINANCE_PRIVATE_KEY_PATH to its path):`)
  for (const line of a.privateKeyPem.trimEnd().split('\n')) say(`    ${line}`)
}

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

export const emulatorCommand: Command = {
  name: 'emulator',
  summary: 'serve the local exchange emulator (prints its URL and demo keys)',
  help: HELP,
  async run(args) {
    const { values } = parseOrUsage(() =>
      parseArgs({
        args: [...args],
        options: {
          port: { type: 'string' },
          host: { type: 'string' },
          config: { type: 'string' },
          seed: { type: 'string' },
          'no-liquidity': { type: 'boolean' },
          help: HELP_OPTION,
        },
      }),
    )
    if (values.help) {
      say(HELP)
      return 0
    }
    const options: EmulatorOptions = values.config ? loadEmulatorConfig(values.config) : {}
    options.port =
      values.port === undefined
        ? (options.port ?? DEFAULT_PORT)
        : integerFlag('--port', values.port, 0, 65535)
    options.host = values.host ?? options.host ?? DEFAULT_HOST
    if (values.seed !== undefined) {
      options.seed = integerFlag('--seed', values.seed, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)
    }
    if (values['no-liquidity']) options.liquidity = false
    const stopped = shutdownSignal()
    let ex: Awaited<ReturnType<typeof startEmulator>>
    try {
      ex = await startEmulator(options)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err
      throw new Error(`${options.host}:${options.port} is in use; pick another --port (0 = any free port)`, {
        cause: err,
      })
    }
    say(`emulator listening on ${paint('green', ex.url)}`)
    if (ex.demoAccounts.length) {
      say()
      for (const a of ex.demoAccounts) printDemoAccount(a)
    }
    say()
    say(paint('dim', `Try: binance-spot-ws call depth symbol=BTCUSDT limit=5 --url ${ex.url}`))
    say(paint('dim', 'Press Ctrl-C to stop.'))
    const signal = await stopped
    say(`${signal}: closing the emulator`)
    await ex.close()
    say('emulator closed')
    return 0
  },
}
