// The control API over HTTP: one row per member of `EmulatorControl` (a member without a row does not compile) —
// its params and how they become the call — plus the release of a stall, which in-process is a method of its handle.
import { SYMBOL_TRADING_STATUS } from '../../../protocol/enums.js'
import { DECIMAL_PATTERN } from '../../engine/decimal.js'
import type { AccountKey } from '../../exchange/commands.js'
import type { AccountOptions, SymbolOptions } from '../../exchange/options.js'
import { SYMBOL_FIELDS, SYMBOL_REQUIRED } from '../../exchange/symbol-check.js'
import type { Clock } from '../server-life/clock.js'
import { decimalHint } from './balance-input.js'
import { ControlParamError } from './control-param-error.js'
import type { EmulatorControl, KeyUpdate, ReplayReads } from './emulator-control.js'
import { FAULT_ERRORS, type StalledRequest } from './faults.js'
import { QUERY_METHODS } from './query.js'

type FieldType =
  | 'string'
  | 'strings'
  /** A list of strings, or null (kept: it means "none", e.g. no IP whitelist). */
  | 'stringsOrNull'
  | 'decimal'
  | 'integer'
  | 'boolean'
  | 'object'
  | 'objects'
  /** Any JSON value: the route's own input check reads it (symbol-input.ts). */
  | 'json'
  | readonly string[]

interface Field {
  readonly type: FieldType
  readonly optional?: true
}

type Fields = Readonly<Record<string, Field>>

type ValueOf<T extends FieldType> = T extends 'string' | 'decimal'
  ? string
  : T extends 'strings'
    ? string[]
    : T extends 'stringsOrNull'
      ? string[] | null
      : T extends 'integer'
        ? number
        : T extends 'boolean'
          ? boolean
          : T extends 'object'
            ? Record<string, unknown>
            : T extends 'objects'
              ? Record<string, unknown>[]
              : T extends 'json'
                ? unknown
                : T extends readonly (infer E)[]
                  ? E
                  : never

type Args<F extends Fields> = {
  -readonly [K in keyof F as F[K]['optional'] extends true ? never : K]: ValueOf<F[K]['type']>
} & { -readonly [K in keyof F as F[K]['optional'] extends true ? K : never]?: ValueOf<F[K]['type']> }

/** Stalled requests held for HTTP callers, by number. */
export class Stalls {
  #next = 1
  readonly #held = new Map<number, StalledRequest>()

  add(stall: StalledRequest): number {
    const id = this.#next++
    this.#held.set(id, stall)
    return id
  }

  /** Forgets every stall (`clearFaults` answered them). */
  clear(): void {
    this.#held.clear()
  }

  release(id: number): void {
    const stall = this.#held.get(id)
    if (!stall) throw new RangeError(`no stall ${id} is held`)
    this.#held.delete(id)
    stall.release()
  }
}

export interface ControlRoute {
  /** Reads answer GET (params in the query string) and POST; changes answer POST only (params in a JSON body). */
  readonly reads: boolean
  /** The result is a text answered as it is (Prometheus's format), not in a JSON `result`. */
  readonly text?: true
  readonly params: Fields
  run(control: EmulatorControl, args: Record<string, unknown>, stalls: Stalls): unknown
}

function row<const F extends Fields>(
  reads: boolean,
  params: F,
  run: (control: EmulatorControl, args: Args<F>, stalls: Stalls) => unknown,
): ControlRoute {
  return { reads, params, run: run as ControlRoute['run'] }
}

const need = <const T extends FieldType>(type: T) => ({ type })
const may = <const T extends FieldType>(type: T) => ({ type, optional: true as const })

const BALANCE = { apiKey: need('string'), asset: need('string'), amount: need('decimal') }
/** A key's fields: its API key, one of an HMAC secret and a PEM public key, what it may do and from where. */
const KEY = {
  apiKey: need('string'),
  hmacSecret: may('string'),
  publicKey: may('string'),
  permissions: may('strings'),
  ipWhitelist: may('strings'),
} as const satisfies { readonly [K in keyof Required<AccountKey>]: Field }
/** Every field of an account entry (`accounts` option, config file); account-input.ts checks their contents. */
const ACCOUNT = {
  ...KEY,
  balances: may('object'),
  commission: may('object'),
  commissions: may('object'),
  assetFilters: may('objects'),
  tradeGroupId: may('integer'),
  preventSor: may('boolean'),
  accountPermissions: may('strings'),
  restrictedSymbols: may('strings'),
  canTrade: may('boolean'),
  disabledActions: may('strings'),
} as const satisfies { readonly [K in keyof Required<AccountOptions>]: Field }

/** Every field of a symbol entry (`symbols` option, config file), as its check names them: symbol-input.ts runs it. */
const SYMBOL: Fields = Object.fromEntries(
  Object.keys(SYMBOL_FIELDS).map((name) => [
    name,
    (SYMBOL_REQUIRED as readonly string[]).includes(name) ? need('json') : may('json'),
  ]),
)

/** A control API member's route name: its name, or `clock.<member>` / `replay.<member>` for theirs. */
export type ControlName =
  | Exclude<keyof EmulatorControl, 'clock' | 'replay'>
  | `clock.${keyof Clock}`
  | `replay.${keyof ReplayReads}`

function replayOf(control: EmulatorControl): ReplayReads {
  if (!control.replay) throw new RangeError('no replay: start the emulator with --replay (option replay)')
  return control.replay
}

export const CONTROL_ROUTES: { readonly [N in ControlName | 'releaseStall']: ControlRoute } = {
  'clock.now': row(true, {}, (c) => c.clock.now()),
  'clock.set': row(false, { time: need('integer') }, (c, a) => c.clock.set(a.time)),
  'clock.advance': row(false, { ms: need('integer') }, (c, a) => c.clock.advance(a.ms)),
  connections: row(true, {}, (c) => c.connections()),
  dropConnections: row(false, { connectionId: may('integer') }, (c, a) => c.dropConnections(a.connectionId)),
  serverShutdown: row(false, { connectionId: may('integer'), disconnectAfter: may('integer') }, (c, a) =>
    c.serverShutdown(a),
  ),
  failNext: row(
    false,
    { method: may('string'), error: may(FAULT_ERRORS), executed: may('boolean'), count: may('integer') },
    (c, a) => c.failNext(a),
  ),
  stallNext: row(false, { method: may('string') }, (c, a, stalls) => ({ stall: stalls.add(c.stallNext(a)) })),
  releaseStall: row(false, { stall: need('integer') }, (_c, a, stalls) => stalls.release(a.stall)),
  clearFaults: row(false, {}, (c, _a, stalls) => {
    stalls.clear()
    return c.clearFaults()
  }),
  setReferencePrice: row(false, { symbol: need('string'), price: need('decimal') }, (c, a) =>
    c.setReferencePrice(a.symbol, a.price),
  ),
  setSymbolStatus: row(false, { symbol: need('string'), status: need(SYMBOL_TRADING_STATUS) }, (c, a) =>
    c.setSymbolStatus(a.symbol, a.status),
  ),
  cancelOrders: row(false, { symbol: need('string'), apiKey: may('string') }, (c, a) =>
    c.cancelOrders(a.symbol, a.apiKey === undefined ? {} : { apiKey: a.apiKey }),
  ),
  deposit: row(false, BALANCE, (c, a) => c.deposit(a.apiKey, a.asset, a.amount)),
  withdraw: row(false, BALANCE, (c, a) => c.withdraw(a.apiKey, a.asset, a.amount)),
  lockBalance: row(false, BALANCE, (c, a) => c.lockBalance(a.apiKey, a.asset, a.amount)),
  unlockBalance: row(false, BALANCE, (c, a) => c.unlockBalance(a.apiKey, a.asset, a.amount)),
  accounts: row(true, {}, (c) => c.accounts()),
  query: row(true, { method: need(QUERY_METHODS), params: may('object'), apiKey: may('string') }, (c, a) =>
    c.query(a.method, a.params, a.apiKey),
  ),
  requests: row(true, {}, (c) => c.requests()),
  addAccount: row(false, ACCOUNT, (c, a) => c.addAccount(a as unknown as AccountOptions)),
  addKey: row(false, { account: need('string'), ...KEY }, (c, { account, ...key }) =>
    c.addKey(account, key as AccountKey),
  ),
  removeKey: row(false, { apiKey: need('string') }, (c, a) => c.removeKey(a.apiKey)),
  updateKey: row(
    false,
    { apiKey: need('string'), permissions: may('strings'), ipWhitelist: may('stringsOrNull') },
    (c, { apiKey, ...change }) => c.updateKey(apiKey, change as KeyUpdate),
  ),
  addSymbol: row(false, SYMBOL, (c, a) => c.addSymbol(a as unknown as SymbolOptions)),
  resetAccount: row(false, { apiKey: need('string'), balances: may('object') }, (c, a) =>
    c.resetAccount(
      a.apiKey,
      a.balances === undefined ? {} : { balances: a.balances as Record<string, string> },
    ),
  ),
  snapshot: row(false, {}, async (c) => {
    const info = await c.snapshot()
    if (!info) throw new RangeError('snapshot: the emulator has no data dir (start it with --data-dir)')
    return info
  }),
  storage: row(true, {}, (c) => c.storage() ?? null),
  backup: row(false, { to: need('string') }, async (c, a) => {
    const info = await c.backup(a.to)
    if (!info) throw new RangeError('backup: the emulator has no data dir (start it with --data-dir)')
    return info
  }),
  metrics: { ...row(true, {}, (c) => c.metrics()), text: true },
  reset: row(false, {}, (c) => c.reset()),
  'replay.progress': row(true, {}, (c) => replayOf(c).progress()),
  'replay.report': row(true, {}, (c) => replayOf(c).report()),
}

/** The request's params typed by the row; `texts`: they came as query-string texts. Throws ControlParamError. */
export function readArgs(
  route: ControlRoute,
  raw: Record<string, unknown>,
  texts: boolean,
): Record<string, unknown> {
  for (const name of Object.keys(raw)) {
    if (!Object.hasOwn(route.params, name)) {
      const known = Object.keys(route.params)
      throw new ControlParamError(
        name,
        `unknown field (this route takes ${known.length ? known.join(', ') : 'none'})`,
      )
    }
  }
  const args: Record<string, unknown> = {}
  for (const [name, field] of Object.entries(route.params)) {
    const value = raw[name]
    if (value === undefined || (value === null && field.type !== 'stringsOrNull')) {
      if (!field.optional) throw new ControlParamError(name, 'is required')
      continue
    }
    args[name] = typed(name, field.type, texts ? fromText(name, field.type, value) : value)
  }
  return args
}

function fromText(name: string, type: FieldType, value: unknown): unknown {
  if (typeof value !== 'string') return value
  if (type === 'integer') return /^-?[0-9]+$/.test(value) ? Number(value) : value
  if (type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value
  if (type !== 'object' && type !== 'objects' && type !== 'json') return value
  try {
    return JSON.parse(value)
  } catch {
    const what = type === 'object' ? 'a JSON object' : type === 'objects' ? 'a JSON list of objects' : 'JSON'
    throw new ControlParamError(name, `must be ${what}`)
  }
}

const isJsonObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v)

function typed(name: string, type: FieldType, value: unknown): unknown {
  if (typeof type !== 'string') {
    if (typeof value === 'string' && type.includes(value)) return value
    throw new ControlParamError(name, `must be one of ${type.join(', ')}`)
  }
  switch (type) {
    case 'string':
      if (typeof value === 'string' && value !== '') return value
      throw new ControlParamError(name, 'must be a non-empty string')
    case 'decimal':
      if (typeof value === 'string' && DECIMAL_PATTERN.test(value)) return value
      throw new ControlParamError(name, `must be a decimal string such as "100.5"${decimalHint(value)}`)
    case 'integer':
      if (Number.isSafeInteger(value)) return value
      throw new ControlParamError(
        name,
        `must be an integer${typeof value === 'string' ? ' (a JSON number, not a string)' : ''}`,
      )
    case 'boolean':
      if (typeof value === 'boolean') return value
      throw new ControlParamError(name, 'must be true or false')
    case 'object':
      if (isJsonObject(value)) return value
      throw new ControlParamError(name, 'must be a JSON object')
    case 'strings':
      if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value
      throw new ControlParamError(name, 'must be a list of strings')
    case 'stringsOrNull':
      if (value === null) return null
      return typed(name, 'strings', value)
    case 'objects':
      if (Array.isArray(value) && value.every(isJsonObject)) return value
      throw new ControlParamError(name, 'must be a list of JSON objects')
    case 'json':
      return value
  }
}
