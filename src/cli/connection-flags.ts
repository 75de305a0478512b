// `emulator --max-unsent-bytes N …`: the config file's `connection` settings (timings and the bounds against slow
// and hostile clients, docs/emulator-fidelity.md H1, H7) from the command line; a flag wins over the file.
import { type ConnectionLifeOptions, DEFAULT_CONNECTION_LIFE } from '../emulator/api/server-life/options.js'
import { integerFlag } from './args.js'

/** Each flag: the `connection` setting it sets, and what it is. */
const SETTINGS = {
  'ping-interval': ['pingInterval', 'ms between the server ping frames'],
  'pong-timeout': ['pongTimeout', 'ms a ping may stay unanswered before the socket is dropped'],
  'max-connection-age': ['maxConnectionAge', 'ms (emulator clock) an API or stream connection lives'],
  'shutdown-notice': ['shutdownNotice', 'ms before that close that serverShutdown is sent'],
  'headers-timeout': ['headersTimeout', 'ms an HTTP client has to send its headers (then 408)'],
  'max-unsent-bytes': ['maxUnsentBytes', 'bytes waiting unsent for a client before it is closed 1008'],
  'handshake-timeout': ['handshakeTimeout', 'ms a TCP connection has to send its upgrade'],
  'max-pending-upgrades': ['maxPendingUpgrades', 'sockets waiting for their upgrade, all IPs'],
  'max-pending-upgrades-per-ip': ['maxPendingUpgradesPerIp', 'the same per IP'],
} as const satisfies Record<string, readonly [keyof ConnectionLifeOptions, string]>

type Flag = keyof typeof SETTINGS
const NAMES = Object.keys(SETTINGS) as Flag[]

export const CONNECTION_FLAGS = Object.fromEntries(NAMES.map((n) => [n, { type: 'string' }])) as {
  readonly [F in Flag]: { readonly type: 'string' }
}

/** The help lines, as the emulator command's other options: the flag, then what it sets on the next line. */
export const CONNECTION_HELP = NAMES.map((n) => {
  const [key, what] = SETTINGS[n]
  return `  --${n} <n>\n${' '.repeat(21)}${what} (default ${DEFAULT_CONNECTION_LIFE[key]})`
}).join('\n')

/** `connection` (from the config file) with the flags given applied; throws a UsageError naming a bad one. */
export function connectionOptions(
  values: { readonly [F in Flag]?: string | undefined },
  connection: ConnectionLifeOptions = {},
): ConnectionLifeOptions {
  const out: ConnectionLifeOptions = { ...connection }
  for (const n of NAMES) {
    const text = values[n]
    if (text !== undefined) out[SETTINGS[n][0]] = integerFlag(`--${n}`, text, 1, Number.MAX_SAFE_INTEGER)
  }
  return out
}
