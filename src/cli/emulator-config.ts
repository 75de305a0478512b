// The emulator's JSON config file (`--config`) checked field by field and mapped onto EmulatorOptions.
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { accountInput, commissionInput } from '../emulator/api/control/account-input.js'
import { ControlParamError } from '../emulator/api/control/control-param-error.js'
import type { LimitOptions } from '../emulator/exchange/limits/options.js'
import { symbolList } from '../emulator/exchange/symbol-check.js'
import type { AccountOptions, EmulatorOptions, SymbolOptions } from '../emulator/options.js'
import { ALL_API_PERMISSIONS, TRADING_ACTIONS } from '../emulator/options.js'
import { checkOptions, exchangeFilterList } from '../emulator/options-check.js'
import { PERMISSIONS } from '../protocol/enums.js'
import {
  arrayOf,
  boolean,
  type Check,
  decimal,
  either,
  integer,
  object,
  oneOf,
  positiveNumber,
  recordOf,
  ShapeError,
  string,
  whole,
} from '../protocol/json-check.js'
import type { AssetFilter, SorInfo } from '../protocol/results.js'
import { UsageError } from './command.js'

const commission = object({ maker: decimal, taker: decimal, buyer: decimal, seller: decimal })
const commissionSet = { standard: commission, tax: commission, special: commission }

/** Only `false`, beside a number (`what`) that turns the option on. */
const off =
  (what: string): Check<false> =>
  (v, path) => {
    if (v === false) return false
    throw new ShapeError(path, `must be ${what} or false, got ${JSON.stringify(v)}`)
  }

const assetFilter = object({ filterType: oneOf(['MAX_ASSET'] as const), asset: string, limit: decimal }, [
  'filterType',
  'asset',
  'limit',
]) as Check<AssetFilter>

const account = object(
  {
    apiKey: string,
    hmacSecret: string,
    publicKey: string,
    /** A PEM file, relative to the config file: easier to keep than a PEM inside JSON. */
    publicKeyFile: string,
    balances: recordOf(decimal),
    permissions: arrayOf(oneOf(ALL_API_PERMISSIONS)),
    commission,
    commissions: object({ ...commissionSet, bySymbol: recordOf(object(commissionSet)), payInBnb: boolean }),
    assetFilters: arrayOf(assetFilter),
    tradeGroupId: integer(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    accountPermissions: arrayOf(oneOf(PERMISSIONS)),
    restrictedSymbols: arrayOf(string),
    canTrade: boolean,
    disabledActions: arrayOf(oneOf(TRADING_ACTIONS)),
    preventSor: boolean,
    ipWhitelist: arrayOf(string),
  } satisfies { [K in keyof Required<AccountOptions> | 'publicKeyFile']: Check<unknown> },
  ['apiKey'],
)

/** A whole number of ms (or bytes, or sockets) above 0. */
const count = integer(1, Number.MAX_SAFE_INTEGER)

/** Pings, lifetime, and the bounds against slow and hostile clients (docs/emulator-fidelity.md H1, H7). */
const connection = object({
  pingInterval: count,
  pongTimeout: count,
  maxConnectionAge: count,
  shutdownNotice: count,
  maxUnsentBytes: count,
  handshakeTimeout: count,
  maxPendingUpgrades: count,
  maxPendingUpgradesPerIp: count,
  headersTimeout: count,
})

/** IP bans, connection attempts, unfilled-order credits, subscription limits (docs/emulator-control.md "Limits"). */
const limits = object({
  banAfter: either(whole, off('a whole number')),
  banDurations: arrayOf(count),
  connectionAttempts: whole,
  requestWeight: whole,
  rawRequests: whole,
  ordersPer10Seconds: whole,
  ordersPerDay: whole,
  firstFillDecrement: object({ taker: whole, maker: whole }),
  maxActiveSubscriptions: whole,
  maxSubscriptionIds: whole,
} satisfies { [K in keyof LimitOptions]-?: Check<unknown> })

/** Options a JSON file cannot hold (functions), or build details: the dashboard's folder, the snapshot worker's file. */
type NotInFile = 'now' | 'log' | 'onDataDirFailure' | 'onControlChange' | 'uiFiles' | 'snapshotWorker'

/** `replay`'s settings (the files come from `--replay`): docs/replay.md "Marketable orders", "Market impact". */
const replay = object({
  book: recordOf(
    object({
      levels: integer(0, 10_000),
      offsetTicks: integer(0, 10_000),
      stepTicks: integer(1, 10_000),
      qty: decimal,
    }),
  ),
  impact: boolean,
})

/** The file's fields: `startEmulator`'s options of the same names (an option neither here nor in NotInFile does not compile). */
const config = object({
  port: integer(0, 65535),
  host: string,
  symbols: symbolList(false),
  accounts: arrayOf(account),
  liquidity: either(boolean, object({ levels: integer(1, 10_000), spacingBps: positiveNumber })),
  seed: integer(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
  commission,
  wsApiTrading: boolean,
  orderArchiveAfter: either(whole, off('a whole number of ms')),
  legacyListenKey: boolean,
  /** Relative to the config file. */
  dataDir: string,
  snapshotEvery: integer(1, Number.MAX_SAFE_INTEGER),
  snapshotInlineMs: integer(0, 60_000),
  control: boolean,
  controlToken: string,
  controlReadToken: string,
  controlAllow: arrayOf(string),
  ui: boolean,
  connection,
  diffDepthInterval: object({ standard: whole, fast: whole }),
  limits,
  exchangeFilters: exchangeFilterList,
  sors: arrayOf(
    object({ baseAsset: string, symbols: arrayOf(string) }, ['baseAsset', 'symbols']) as Check<SorInfo>,
  ),
  bnbDiscount: object({
    discount: decimal,
    formula: oneOf(['REDUCE', 'MULTIPLY'] as const),
    rates: recordOf(decimal),
  }),
  replay,
} satisfies { [K in Exclude<keyof EmulatorOptions, NotInFile>]-?: Check<unknown> })

type CheckedAccount = ReturnType<typeof account>

function toAccount(a: CheckedAccount, index: number, baseDir: string): AccountOptions {
  const path = `accounts[${index}]`
  const keys = (['hmacSecret', 'publicKey', 'publicKeyFile'] as const).filter((k) => a[k] !== undefined)
  if (keys.length !== 1) {
    throw new UsageError(`${path} needs exactly one of hmacSecret, publicKey, publicKeyFile`)
  }
  const { hmacSecret, publicKey, publicKeyFile, apiKey, ...rest } = a
  const common = { apiKey: apiKey ?? '', ...rest }
  if (hmacSecret !== undefined) return { ...common, hmacSecret }
  if (publicKey !== undefined) return { ...common, publicKey }
  const file = resolve(baseDir, publicKeyFile ?? '')
  try {
    return { ...common, publicKey: readFileSync(file, 'utf8') }
  } catch (err) {
    throw new UsageError(
      `${path}.publicKeyFile: cannot read ${file} (${(err as NodeJS.ErrnoException).code})`,
    )
  }
}

function checked(json: unknown): ReturnType<typeof config> {
  try {
    return config(json, '')
  } catch (err) {
    if (err instanceof ShapeError) throw new UsageError(err.message)
    throw err
  }
}

/** Runs the control API's own check of a value (rates, asset names, addresses, keys) at `path` of the file. */
function asControl<T>(path: string, check: () => T, rename?: readonly [string, string]): T {
  try {
    return check()
  } catch (err) {
    if (!(err instanceof ControlParamError)) throw err
    const message =
      rename && err.field === rename[0] ? `${rename[1]}${err.message.slice(rename[0].length)}` : err.message
    throw new UsageError(`${path}${message}`)
  }
}

/** EmulatorOptions from the text of a config file; `baseDir` resolves `publicKeyFile` paths. */
export function parseEmulatorConfig(text: string, baseDir: string): EmulatorOptions {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    throw new UsageError(`not valid JSON: ${(err as Error).message}`)
  }
  const { accounts, symbols, dataDir, replay: replaySettings, ...rest } = checked(json)
  const options: EmulatorOptions = { ...rest }
  // The files are `--replay`'s: without it the section has nothing to apply to.
  if (replaySettings) options.replay = { files: [], ...replaySettings }
  if (dataDir !== undefined) options.dataDir = resolve(baseDir, dataDir)
  if (symbols) options.symbols = symbols as SymbolOptions[]
  if (rest.commission) asControl('', () => commissionInput('commission', rest.commission))
  // The same checks as the control API's addAccount: rates from 0 to 1, asset names, IP addresses, public keys.
  if (accounts)
    options.accounts = accounts.map((a, i) => {
      const rename = a.publicKeyFile === undefined ? undefined : (['publicKey', 'publicKeyFile'] as const)
      return asControl(`accounts[${i}].`, () => accountInput(toAccount(a, i, baseDir)), rename)
    })
  // What startEmulator checks (each apiKey once, the control API's access), named as the file's path.
  asControl('', () => checkOptions(options))
  return options
}

/** EmulatorOptions from a config file; every problem is a UsageError naming the file and the field. */
export function loadEmulatorConfig(file: string): EmulatorOptions {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new UsageError(`--config: cannot read ${file} (${(err as NodeJS.ErrnoException).code})`)
  }
  try {
    return parseEmulatorConfig(text, dirname(resolve(file)))
  } catch (err) {
    if (err instanceof UsageError) throw new UsageError(`${file}: ${err.message}`)
    throw err
  }
}
