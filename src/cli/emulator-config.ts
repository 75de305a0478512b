// The emulator's JSON config file (`--config`) checked field by field and mapped onto EmulatorOptions.
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { AccountOptions, EmulatorOptions, SymbolOptions } from '../emulator/options.js'
import { ALL_API_PERMISSIONS, TRADING_ACTIONS } from '../emulator/options.js'
import { ORDER_TYPE, PERMISSIONS, STP, SYMBOL_TRADING_STATUS } from '../protocol/enums.js'
import { isObject } from '../protocol/envelope.js'
import type { SymbolFilter } from '../protocol/results.js'
import { UsageError } from './command.js'
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
  string,
} from './json-check.js'

const commission = object({ maker: decimal, taker: decimal, buyer: decimal, seller: decimal })

const filter: Check<SymbolFilter> = (v, path) => {
  if (!isObject(v) || typeof v['filterType'] !== 'string') {
    throw new UsageError(`${path} must be a filter object with a filterType`)
  }
  const needs: Record<string, readonly string[]> = {
    PRICE_FILTER: ['minPrice', 'maxPrice', 'tickSize'],
    LOT_SIZE: ['minQty', 'maxQty', 'stepSize'],
  }
  for (const key of needs[v['filterType']] ?? []) decimal(v[key], `${path}.${key}`)
  return v as SymbolFilter
}

const filters: Check<SymbolFilter[]> = (v, path) => {
  const list = arrayOf(filter)(v, path)
  for (const type of ['PRICE_FILTER', 'LOT_SIZE']) {
    if (!list.some((f) => f.filterType === type)) throw new UsageError(`${path} needs a ${type} filter`)
  }
  return list
}

const precision = integer(0, 20)

const symbol = object(
  {
    symbol: string,
    baseAsset: string,
    quoteAsset: string,
    referencePrice: decimal,
    filters,
    status: oneOf(SYMBOL_TRADING_STATUS),
    baseAssetPrecision: precision,
    quotePrecision: precision,
    quoteAssetPrecision: precision,
    baseCommissionPrecision: precision,
    quoteCommissionPrecision: precision,
    orderTypes: arrayOf(oneOf(ORDER_TYPE)),
    quoteOrderQtyMarketAllowed: boolean,
    isSpotTradingAllowed: boolean,
    isMarginTradingAllowed: boolean,
    permissionSets: arrayOf(arrayOf(oneOf(PERMISSIONS))),
    defaultSelfTradePreventionMode: oneOf(STP),
    allowedSelfTradePreventionModes: arrayOf(oneOf(STP)),
    liquidityQty: decimal,
  },
  ['symbol', 'baseAsset', 'quoteAsset', 'referencePrice', 'filters'],
)

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
    accountPermissions: arrayOf(oneOf(PERMISSIONS)),
    restrictedSymbols: arrayOf(string),
    canTrade: boolean,
    disabledActions: arrayOf(oneOf(TRADING_ACTIONS)),
    preventSor: boolean,
    ipWhitelist: arrayOf(string),
  },
  ['apiKey'],
)

/** Only `false` (an option that is a number or off). */
const off: Check<false> = (v, path) => {
  if (v === false) return false
  throw new UsageError(`${path} must be a whole number of ms or false, got ${JSON.stringify(v)}`)
}

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

/** The file's fields: `startEmulator`'s options of the same names (a field no option has does not compile). */
const config = object({
  port: integer(0, 65535),
  host: string,
  symbols: arrayOf(symbol),
  accounts: arrayOf(account),
  liquidity: either(boolean, object({ levels: integer(1, 10_000), spacingBps: positiveNumber })),
  seed: integer(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
  commission,
  wsApiTrading: boolean,
  orderArchiveAfter: either(integer(0, Number.MAX_SAFE_INTEGER), off),
  legacyListenKey: boolean,
  /** Relative to the config file. */
  dataDir: string,
  snapshotEvery: integer(1, Number.MAX_SAFE_INTEGER),
  control: boolean,
  controlToken: string,
  controlAllow: arrayOf(string),
  ui: boolean,
  connection,
  replay,
} satisfies { [K in keyof EmulatorOptions]?: Check<unknown> })

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

/** EmulatorOptions from the text of a config file; `baseDir` resolves `publicKeyFile` paths. */
export function parseEmulatorConfig(text: string, baseDir: string): EmulatorOptions {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    throw new UsageError(`not valid JSON: ${(err as Error).message}`)
  }
  const { accounts, symbols, dataDir, replay: replaySettings, ...rest } = config(json, '')
  const options: EmulatorOptions = { ...rest }
  // The files are `--replay`'s: without it the section has nothing to apply to.
  if (replaySettings) options.replay = { files: [], ...replaySettings }
  if (dataDir !== undefined) options.dataDir = resolve(baseDir, dataDir)
  if (symbols) options.symbols = symbols as SymbolOptions[]
  if (accounts) options.accounts = accounts.map((a, i) => toAccount(a, i, baseDir))
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
