// What `startEmulator` is given, checked as the config file's entries and the control API's calls are checked, so
// that every door takes the same accounts and symbols: each account as `addAccount` (account-input.ts), each symbol
// as `addSymbol` (symbol-check.ts; in code only, its name may differ from baseAsset + quoteAsset: a copy of a pair
// under another name, which tests use), each API key and symbol name once, the exchange filters and the control
// API's access options. The config file runs these too. A wrong value throws a ControlParamError (a TypeError) whose
// message starts with its path (`accounts[0].commission.maker: …`); nothing is changed, the values are not rewritten.
import { isIP } from 'node:net'
import { isObject } from '../protocol/envelope.js'
import { arrayOf, type Check, integer, object, oneOf, ShapeError, string } from '../protocol/json-check.js'
import type { ExchangeFilter } from '../protocol/results.js'
import { accountInput, commissionInput } from './api/control/account-input.js'
import { ControlParamError } from './api/control/control-param-error.js'
import { symbolList } from './exchange/symbol-check.js'
import type { EmulatorOptions } from './options.js'

/** The count field of each exchange filter type. */
const EXCHANGE_FILTER_COUNT = {
  EXCHANGE_MAX_NUM_ORDERS: 'maxNumOrders',
  EXCHANGE_MAX_NUM_ALGO_ORDERS: 'maxNumAlgoOrders',
  EXCHANGE_MAX_NUM_ICEBERG_ORDERS: 'maxNumIcebergOrders',
  EXCHANGE_MAX_NUM_ORDER_LISTS: 'maxNumOrderLists',
} as const satisfies { [T in ExchangeFilter['filterType']]: keyof Extract<ExchangeFilter, { filterType: T }> }

const exchangeFilter: Check<ExchangeFilter> = (v, path) => {
  const type = oneOf(Object.keys(EXCHANGE_FILTER_COUNT) as ExchangeFilter['filterType'][])(
    isObject(v) ? v['filterType'] : undefined,
    `${path}.filterType`,
  )
  const field = EXCHANGE_FILTER_COUNT[type]
  return object({ filterType: string, [field]: integer(1, Number.MAX_SAFE_INTEGER) }, [field])(
    v,
    path,
  ) as ExchangeFilter
}

/** `exchangeInfo.exchangeFilters`: each a filter Binance has, each type once (two would leave one of them unread). */
export const exchangeFilterList: Check<ExchangeFilter[]> = (v, path) => {
  const list = arrayOf(exchangeFilter)(v, path)
  for (const [i, f] of list.entries()) {
    const first = list.findIndex((g) => g.filterType === f.filterType)
    if (first < i)
      throw new ShapeError(
        `${path}[${i}].filterType`,
        `repeats ${f.filterType} of ${path}[${first}]: each filter type once`,
      )
  }
  return list
}

/** A DNS host name (RFC 1123): letters, digits and hyphens in dot-separated labels. */
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i

/** The accounts, each as `addAccount` takes it, each API key once. */
function checkAccounts(accounts: unknown): void {
  if (!Array.isArray(accounts)) throw new ControlParamError('accounts', 'must be a list of accounts')
  const keys = new Map<unknown, number>()
  for (const [i, a] of accounts.entries()) {
    try {
      accountInput(a)
    } catch (err) {
      if (!(err instanceof ControlParamError)) throw err
      const at = err.field === 'account' ? `accounts[${i}]` : `accounts[${i}].${err.field}`
      throw new ControlParamError(at, err.problem)
    }
    const apiKey: unknown = a.apiKey
    const first = keys.get(apiKey)
    if (first !== undefined)
      throw new ControlParamError(`accounts[${i}].apiKey`, `${apiKey} is taken by accounts[${first}]`)
    keys.set(apiKey, i)
  }
}

/** Who may use the control API: a read token only beside the admin one; peers and host names that can match. */
function checkControlAccess(options: EmulatorOptions): void {
  if (options.controlReadToken !== undefined && options.controlToken === undefined)
    throw new ControlParamError('controlReadToken', 'needs controlToken (without it, anyone may change)')
  const allow: unknown = options.controlAllow ?? []
  if (!Array.isArray(allow)) throw new ControlParamError('controlAllow', 'must be a list of strings')
  for (const [i, entry] of allow.entries()) {
    if (typeof entry === 'string' && (entry === '*' || isIP(entry) !== 0 || HOST_NAME.test(entry))) continue
    throw new ControlParamError(
      `controlAllow[${i}]`,
      `must be a peer's IP address, a host name or '*', got ${JSON.stringify(entry)} (addresses match exactly: no ranges)`,
    )
  }
}

/** Throws a ControlParamError naming the first value of `options` that the emulator refuses. */
export function checkOptions(options: EmulatorOptions): void {
  if (options.accounts !== undefined) checkAccounts(options.accounts)
  commissionInput('commission', options.commission)
  try {
    if (options.symbols !== undefined) symbolList(true)(options.symbols, 'symbols')
    if (options.exchangeFilters !== undefined) exchangeFilterList(options.exchangeFilters, 'exchangeFilters')
  } catch (err) {
    if (err instanceof ShapeError) throw new ControlParamError(err.path, err.problem)
    throw err
  }
  checkControlAccess(options)
}
