// The keys `startEmulator` accepts, as one table typed from `EmulatorOptions` (a key added there and not here, or
// here and not there, is a compile error), and the runtime check that refuses any other key, nested ones too.
import { isObject } from '../protocol/envelope.js'
import type { ConnectionLifeOptions } from './api/server-life/options.js'
import type { DiffDepthIntervals } from './api/streams/diff-depth.js'
import type { AccountCommissionOptions, BnbDiscountOptions } from './exchange/commission/options.js'
import type { LimitOptions } from './exchange/limits/options.js'
import type { PriceRangeOptions, ReferencePriceOptions } from './exchange/market-data/reference-options.js'
import { ACCOUNT_FIELDS } from './exchange/options.js'
import type {
  AccountOptions,
  CommissionOptions,
  EmulatorOptions,
  LiquidityOptions,
  SymbolOptions,
} from './options.js'
import type { ReplayOptions } from './replay/load-replay.js'

/** Every key of every member of a union. */
type AllKeys<T> = T extends unknown ? keyof T : never

/**
 * What a key holds: `true` a value checked elsewhere; `{ keys }` an options object (alone, in a list, or as `false`
 * / `true` beside it); `{ each }` a record whose values are such objects.
 */
type Field = true | { readonly keys: KeyTable<object> } | { readonly each: KeyTable<object> }

/** One entry per key of `T`, no more, no less. */
type KeyTable<T> = { readonly [K in AllKeys<T> & string]-?: Field }

const REPLAY: KeyTable<ReplayOptions> = {
  files: true,
  speed: true,
  from: true,
  to: true,
  step: true,
  quietMs: true,
  waitForClients: true,
  report: true,
  impact: true,
  book: { each: { levels: true, offsetTicks: true, stepTicks: true, qty: true } },
}
const COMMISSION: KeyTable<CommissionOptions> = { maker: true, taker: true, buyer: true, seller: true }
const COMMISSION_SET = {
  standard: { keys: COMMISSION },
  tax: { keys: COMMISSION },
  special: { keys: COMMISSION },
}
const ACCOUNT_COMMISSIONS: KeyTable<AccountCommissionOptions> = {
  ...COMMISSION_SET,
  bySymbol: { each: COMMISSION_SET },
  payInBnb: true,
}

const ACCOUNT: KeyTable<AccountOptions> = {
  ...ACCOUNT_FIELDS,
  commission: { keys: COMMISSION },
  commissions: { keys: ACCOUNT_COMMISSIONS },
}

const REFERENCE_PRICE: KeyTable<ReferencePriceOptions> = {
  calculationType: true,
  bucketCount: true,
  bucketWidthMs: true,
  externalCalculationId: true,
  price: true,
}

const PRICE_RANGE: KeyTable<PriceRangeOptions> = {
  bidLimitMultUp: true,
  bidLimitMultDown: true,
  askLimitMultUp: true,
  askLimitMultDown: true,
}

const SYMBOL: KeyTable<SymbolOptions> = {
  symbol: true,
  baseAsset: true,
  quoteAsset: true,
  referencePrice: true,
  filters: true,
  status: true,
  baseAssetPrecision: true,
  quotePrecision: true,
  quoteAssetPrecision: true,
  baseCommissionPrecision: true,
  quoteCommissionPrecision: true,
  orderTypes: true,
  quoteOrderQtyMarketAllowed: true,
  icebergAllowed: true,
  ocoAllowed: true,
  otoAllowed: true,
  opoAllowed: true,
  allowTrailingStop: true,
  cancelReplaceAllowed: true,
  amendAllowed: true,
  pegInstructionsAllowed: true,
  isSpotTradingAllowed: true,
  isMarginTradingAllowed: true,
  permissionSets: true,
  defaultSelfTradePreventionMode: true,
  allowedSelfTradePreventionModes: true,
  liquidityQty: true,
  referencePriceCalculation: { keys: REFERENCE_PRICE },
  priceRange: { keys: PRICE_RANGE },
  bnbDiscountEnabled: true,
}

const LIQUIDITY: KeyTable<LiquidityOptions> = { levels: true, spacingBps: true }

const CONNECTION: KeyTable<ConnectionLifeOptions> = {
  pingInterval: true,
  pongTimeout: true,
  maxConnectionAge: true,
  shutdownNotice: true,
  headersTimeout: true,
  maxUnsentBytes: true,
  handshakeTimeout: true,
  maxPendingUpgrades: true,
  maxPendingUpgradesPerIp: true,
}

const LIMITS: KeyTable<LimitOptions> = {
  banAfter: true,
  banDurations: true,
  connectionAttempts: true,
  requestWeight: true,
  rawRequests: true,
  ordersPer10Seconds: true,
  ordersPerDay: true,
  firstFillDecrement: { keys: { taker: true, maker: true } },
  maxActiveSubscriptions: true,
  maxSubscriptionIds: true,
}

const DIFF_DEPTH: KeyTable<DiffDepthIntervals> = { standard: true, fast: true }

const BNB_DISCOUNT: KeyTable<BnbDiscountOptions> = { discount: true, formula: true, rates: true }

/** The options of `startEmulator`; the CLI's config file takes a subset of these keys. */
const EMULATOR_OPTION_KEYS: KeyTable<EmulatorOptions> = {
  port: true,
  host: true,
  accounts: { keys: ACCOUNT },
  symbols: { keys: SYMBOL },
  liquidity: { keys: LIQUIDITY },
  seed: true,
  now: true,
  connection: { keys: CONNECTION },
  diffDepthInterval: { keys: DIFF_DEPTH },
  limits: { keys: LIMITS },
  commission: { keys: COMMISSION },
  exchangeFilters: true,
  sors: true,
  bnbDiscount: { keys: BNB_DISCOUNT },
  wsApiTrading: true,
  orderArchiveAfter: true,
  legacyListenKey: true,
  dataDir: true,
  snapshotEvery: true,
  snapshotWorker: true,
  snapshotInlineMs: true,
  log: true,
  onDataDirFailure: true,
  control: true,
  controlToken: true,
  controlReadToken: true,
  controlAllow: true,
  onControlChange: true,
  ui: true,
  uiFiles: true,
  replay: { keys: REPLAY },
}

/** `path.key`, or `key` at the top. */
const join = (path: string, key: string) => (path ? `${path}.${key}` : key)

/** Checks the object or objects `value` holds against `field`. */
function checkField(value: unknown, field: Field, path: string): void {
  if (field === true) return
  if ('each' in field) {
    if (isObject(value)) for (const [k, v] of Object.entries(value)) checkKeys(v, field.each, join(path, k))
    return
  }
  const items: [unknown, string][] = Array.isArray(value)
    ? value.map((v, i) => [v, `${path}[${i}]`])
    : [[value, path]]
  for (const [item, at] of items) checkKeys(item, field.keys, at)
}

function checkKeys(value: unknown, table: KeyTable<object>, path: string): void {
  if (!isObject(value)) return
  const known = Object.keys(table)
  for (const [key, v] of Object.entries(value)) {
    const field = (table as Record<string, Field | undefined>)[key]
    if (field === undefined) {
      throw new TypeError(
        `unknown option '${join(path, key)}'; known at ${path || 'the top level'}: ${known.join(', ')}`,
      )
    }
    checkField(v, field, join(path, key))
  }
}

/** Throws a TypeError naming the first key of `options` (at any depth) that `startEmulator` does not take. */
export function checkOptionKeys(options: EmulatorOptions): void {
  checkKeys(options, EMULATOR_OPTION_KEYS, '')
}
