// `binance-spot-ws call <method> [key=value ...]`: any catalogue method on any endpoint, result as JSON.

import { parseArgs } from 'node:util'
import {
  type ClientConfig,
  OutcomeUnknownError,
  SpotWebsocketAPI,
  type WebsocketAPIConnection,
} from '../../client/index.js'
import type { MethodSpec } from '../../protocol/methods.js'
import { COMMON_PARAMS } from '../../protocol/param-kinds.js'
import { HELP_OPTION, integerFlag, parseOrUsage } from '../args.js'
import { findMethod } from '../catalogue.js'
import { type Command, EXIT, UsageError } from '../command.js'
import { checkCredentials, credentialsFromEnv } from '../credentials.js'
import { DEFAULT_WS_URL } from '../defaults.js'
import { out, printError, printJson } from '../output.js'
import { buildParams } from '../params.js'

const HELP = `binance-spot-ws call <method> [key=value ...] [options]

Calls one method of the Binance Spot WebSocket API and prints its result as JSON
(indented on a terminal). <method> is the wire name (order.place) or the client
name (orderPlace); \`binance-spot-ws methods <method>\` lists its parameters.
Values are converted by the catalogue's types: DECIMAL stays text (0.001), INT and
LONG become integers, BOOLEAN is true/false, arrays are A,B or ["A","B"], enums
must be one of their values. Missing or malformed parameters fail before sending.

Credentials come from the environment:
  BINANCE_API_KEY                  the API key
  BINANCE_API_SECRET               HMAC secret, or
  BINANCE_PRIVATE_KEY_PATH         Ed25519 or RSA private key (PEM file)
  BINANCE_PRIVATE_KEY_PASSPHRASE   passphrase of an encrypted key (optional)

Options:
  --url <url>        endpoint (default ${DEFAULT_WS_URL}, the emulator's)
  --timeout <ms>     response deadline (default 10000)
  --pretty           indent the JSON even when not on a terminal
  --allow-unknown    send parameters the catalogue does not know, as strings
  -h, --help         show this help

Exit status: 0 on success, 1 when the call fails (the API error's code and msg go
to stderr), 2 on bad usage (unknown method, bad or missing parameter). An order
change whose outcome is unknown (no answer, -1006, -1007, 5xx) exits 1 naming the
ids to reconcile by and the \`call order.status …\` that finds out what happened.
userDataStream.subscribe prints the events as they come, until Ctrl-C.

Examples:
  binance-spot-ws call ping
  binance-spot-ws call depth symbol=BTCUSDT limit=5
  binance-spot-ws call ticker.price symbols=BTCUSDT,ETHUSDT
  BINANCE_API_KEY=… BINANCE_API_SECRET=… binance-spot-ws call account.status omitZeroBalances=true
  BINANCE_API_KEY=… BINANCE_API_SECRET=… binance-spot-ws call orderPlace \\
      symbol=BTCUSDT side=BUY type=LIMIT timeInForce=GTC price=60000 quantity=0.001
  binance-spot-ws call time --url wss://ws-api.testnet.binance.vision/ws-api/v3`

type Invoke = (params?: Record<string, unknown>) => Promise<{ data: unknown }>

/** Prints the subscription, then every event on one line each, until SIGINT/SIGTERM closes the connection. */
async function followUserData(connection: WebsocketAPIConnection, pretty: boolean): Promise<number> {
  const { response, stream } = await connection.userDataStreamSubscribe()
  printJson(response.data, pretty)
  const stop = () => void connection.disconnect()
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  try {
    for await (const event of stream) printJson(event, false)
  } finally {
    process.off('SIGINT', stop)
    process.off('SIGTERM', stop)
  }
  return 0
}

/**
 * The call by the client's typed method, which checks the params against the catalogue; with params the catalogue
 * does not know (--allow-unknown), by the raw path, which sends them unchecked, authenticated as the method is.
 */
async function invoke(
  connection: WebsocketAPIConnection,
  spec: MethodSpec,
  params: Record<string, unknown>,
  apiKey: string | undefined,
) {
  const known = (name: string) => name in spec.required || name in spec.optional || name in COMMON_PARAMS
  if (!Object.keys(params).every(known)) {
    if (spec.auth === 'SIGNED') return connection.sendSignedMessage(spec.wire, params)
    return connection.sendMessage(spec.wire, spec.auth === 'API_KEY' ? { ...params, apiKey } : params)
  }
  const method = (connection as unknown as Record<string, Invoke | undefined>)[spec.name]
  if (typeof method !== 'function') throw new Error(`the client has no method ${spec.name}`)
  return method.call(connection, params)
}

/** The `call` that says what became of the order (or list) an OutcomeUnknownError names, if it names one. */
function statusCall(err: OutcomeUnknownError, url: string): string | undefined {
  const at = url === DEFAULT_WS_URL ? '' : ` --url ${url}`
  const call = (args: string) => `npx binance-spot-ws call ${args}${at}`
  if (err.listClientOrderId !== undefined)
    return call(`orderList.status origClientOrderId=${err.listClientOrderId}`)
  if (err.orderListId !== undefined) return call(`orderList.status orderListId=${err.orderListId}`)
  if (err.symbol === undefined) return undefined
  if (err.clientOrderId !== undefined)
    return call(`order.status symbol=${err.symbol} origClientOrderId=${err.clientOrderId}`)
  if (err.orderId !== undefined) return call(`order.status symbol=${err.symbol} orderId=${err.orderId}`)
  return undefined
}

/** An order-changing request without a definite answer: its ids, and how to find out what happened. */
function reportOutcomeUnknown(err: OutcomeUnknownError, url: string): number {
  printError(`error: ${err.message}`)
  const status = statusCall(err, url)
  printError(`The change may or may not have been made.${status ? ` Find out with:\n  ${status}` : ''}`)
  return EXIT.failed
}

export const callCommand: Command = {
  name: 'call',
  summary: 'call any API method on any endpoint and print the result as JSON',
  help: HELP,
  async run(args) {
    const { values, positionals } = parseOrUsage(() =>
      parseArgs({
        args: [...args],
        options: {
          url: { type: 'string', default: DEFAULT_WS_URL },
          timeout: { type: 'string' },
          pretty: { type: 'boolean' },
          'allow-unknown': { type: 'boolean' },
          help: HELP_OPTION,
        },
        allowPositionals: true,
      }),
    )
    if (values.help) {
      out(`${HELP}\n`)
      return 0
    }
    const [name, ...pairs] = positionals
    if (!name) throw new UsageError('call needs a method, e.g. `binance-spot-ws call ping`')
    if (!/^wss?:\/\//.test(values.url))
      throw new UsageError(`--url must start with ws:// or wss://, got '${values.url}'`)
    const spec = findMethod(name)
    const params = buildParams(spec, pairs, { allowUnknown: values['allow-unknown'] === true })
    const credentials = credentialsFromEnv()
    checkCredentials(spec, credentials)
    const config: ClientConfig = { wsURL: values.url, ...credentials }
    if (values.timeout !== undefined) config.timeout = integerFlag('--timeout', values.timeout, 1, 3_600_000)
    if (spec.auth === 'SESSION') config.autoSessionLogon = true
    let api: SpotWebsocketAPI
    try {
      api = new SpotWebsocketAPI(config)
    } catch (err) {
      throw new UsageError((err as Error).message)
    }
    const pretty = values.pretty === true || process.stdout.isTTY === true
    const connection = await api.connect()
    try {
      if (spec.wire === 'userDataStream.subscribe') return await followUserData(connection, pretty)
      const { data } = await invoke(connection, spec, params, credentials.apiKey)
      printJson(data, pretty)
      return 0
    } catch (err) {
      if (err instanceof OutcomeUnknownError) return reportOutcomeUnknown(err, values.url)
      throw err
    } finally {
      await connection.disconnect()
    }
  },
}
