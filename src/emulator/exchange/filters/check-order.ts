// The filter checks order entry calls: one order's symbol and asset filters, and the count filters of what a
// request adds (one order, or every leg of a list). Failures are -1013 "Filter failure: <NAME>", as the 3.12 rows
// of docs/emulator-fidelity.md list them.
import type { AssetFilter, ExchangeFilter, SymbolFilterType } from '../../../protocol/results.js'
import type { Account } from '../account.js'
import { fail } from '../api-failure.js'
import type { ExchangeConfig } from '../config.js'
import { type FilterEnv, type FilterSubject, failedFilter, notional } from '../filters.js'
import type { ExchangeState } from '../state.js'
import type { ListedSymbol } from '../symbols.js'
import { failsMaxAsset } from './asset-filters.js'
import { failedExchangeCount, failedSymbolCount } from './count-filters.js'
import { NO_COUNTS, type OpenCounts, sumCounts } from './open-counts.js'

/** The exchange filters in force (`exchangeInfo.exchangeFilters`). */
export function exchangeFiltersOf(config: ExchangeConfig): readonly ExchangeFilter[] {
  return config.exchangeFilters ?? []
}

/** The account's MAX_ASSET filters. */
export function assetFiltersOf(account: Account): readonly AssetFilter[] {
  return account.options.assetFilters ?? []
}

/** The filter environment of `account` on symbol `s` at `now`. */
function filterEnv(state: ExchangeState, account: Account, s: ListedSymbol, now: number): FilterEnv {
  const symbol = s.info.symbol
  const book = state.book(symbol)
  return {
    avgPrice: (mins) => {
      const ref = state.referencePrice(s, now)
      return ref !== 'NEVER_SET' && ref.price !== null ? ref.price : state.avgPrice(symbol, mins, now)
    },
    position: () => {
      const base = state.engine.ledger.holding(account.id, s.spec.baseAsset)
      let buying = 0
      for (const o of book.openOrders(account.id)) if (o.side === 'BUY') buying += o.remaining
      return base.free + base.locked + book.market.baseAmount(buying)
    },
  }
}

/** Fails with -1013 when one order (or one leg of a list) fails a symbol or asset filter. */
export function checkOrderFilters(
  state: ExchangeState,
  account: Account,
  s: ListedSymbol,
  subject: FilterSubject,
  now: number,
): void {
  const env = filterEnv(state, account, s, now)
  const failed = failedFilter(s.info.filters, subject, env)
  if (failed) fail('FILTER_FAILURE', failed)
  const amounts = {
    baseAsset: s.spec.baseAsset,
    quoteAsset: s.spec.quoteAsset,
    quantity: subject.quantity,
    notional: notional(subject, env, avgPriceMinsOf(s)),
  }
  if (failsMaxAsset(assetFiltersOf(account), amounts)) fail('FILTER_FAILURE', 'MAX_ASSET')
}

/**
 * The filters an amend runs on the order at its new quantity: those a smaller quantity can fail. A price filter was
 * met at placement and the quantity does not change it; MAX_POSITION and MAX_ASSET only cap, and the order shrinks.
 */
const QUANTITY_FILTERS: ReadonlySet<SymbolFilterType> = new Set([
  'LOT_SIZE',
  'MARKET_LOT_SIZE',
  'ICEBERG_PARTS',
  'MIN_NOTIONAL',
  'NOTIONAL',
])

/** Fails with -1013, as order placement would, when the amended order fails a filter of its quantity. */
export function checkAmendedQuantity(
  state: ExchangeState,
  account: Account,
  s: ListedSymbol,
  subject: FilterSubject,
  now: number,
): void {
  const env = filterEnv(state, account, s, now)
  const failed = failedFilter(s.info.filters, subject, env, QUANTITY_FILTERS)
  if (failed) fail('FILTER_FAILURE', failed)
}

/** The account's open counts on one symbol, or across every symbol when `symbol` is undefined (the books keep them). */
function openCounts(state: ExchangeState, accountId: number, symbol?: string): OpenCounts {
  if (symbol !== undefined) return state.book(symbol).openCounts(accountId)
  let total = NO_COUNTS
  for (const name of state.symbols.keys()) total = sumCounts(total, state.book(name).openCounts(accountId))
  return total
}

/**
 * Fails with -1013 when adding `adding` (see `additionOf`) to the account's open orders would
 * exceed a symbol count filter, then an exchange filter.
 */
export function checkOpenOrderLimits(
  state: ExchangeState,
  account: Account,
  s: ListedSymbol,
  adding: OpenCounts,
): void {
  const symbolFailure = failedSymbolCount(
    s.info.filters,
    openCounts(state, account.id, s.info.symbol),
    adding,
  )
  if (symbolFailure) fail('FILTER_FAILURE', symbolFailure)
  const filters = exchangeFiltersOf(state.config)
  if (filters.length === 0) return
  const exchangeFailure = failedExchangeCount(filters, openCounts(state, account.id), adding)
  if (exchangeFailure) fail('FILTER_FAILURE', exchangeFailure)
}

/** The averaging window of the symbol's notional filter (5 when it has none). */
function avgPriceMinsOf(s: ListedSymbol): number {
  for (const f of s.info.filters) {
    if (f.filterType === 'NOTIONAL' || f.filterType === 'MIN_NOTIONAL') return f.avgPriceMins
  }
  return 5
}
