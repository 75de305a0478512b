// The filter checks order entry calls: one order's symbol and asset filters, the count filters of
// what a request adds (one order, or every leg of a list), and the amend count. Failures are -1013
// "Filter failure: <NAME>" (-2038 for MAX_NUM_ORDER_AMENDS), as DIGEST 3.12 and §4.5 list them.
import type { AssetFilter, ExchangeFilter } from '../../../protocol/results.js'
import { referenceOf } from '../../api/handlers/market-reference.js'
import type { Account } from '../account.js'
import { fail } from '../api-failure.js'
import type { Exchange } from '../exchange.js'
import { type FilterEnv, type FilterSubject, failedFilter, notional } from '../filters.js'
import type { ListedSymbol } from '../symbols.js'
import { failsMaxAsset } from './asset-filters.js'
import { failedExchangeCount, failedSymbolCount } from './count-filters.js'
import { countOpen, NO_COUNTS, type OpenCounts, sumCounts } from './open-counts.js'

/** The exchange filters in force (`exchangeInfo.exchangeFilters`). */
export function exchangeFiltersOf(exchange: Exchange): readonly ExchangeFilter[] {
  return exchange.config.exchangeFilters ?? []
}

/** The account's MAX_ASSET filters. */
export function assetFiltersOf(account: Account): readonly AssetFilter[] {
  return account.options.assetFilters ?? []
}

/** The filter environment of `account` on symbol `s` at `now`. */
export function filterEnv(exchange: Exchange, account: Account, s: ListedSymbol, now: number): FilterEnv {
  const symbol = s.info.symbol
  const book = exchange.book(symbol)
  return {
    avgPrice: (mins) => {
      const ref = referenceOf(exchange, s, now)
      return ref !== 'NEVER_SET' && ref.price !== null ? ref.price : exchange.avgPrice(symbol, mins, now)
    },
    position: () => {
      const base = exchange.engine.ledger.holding(account.id, s.spec.baseAsset)
      let buying = 0
      for (const o of book.openOrders(account.id)) if (o.side === 'BUY') buying += o.remaining
      return base.free + base.locked + book.market.baseAmount(buying)
    },
  }
}

/** Fails with -1013 when one order (or one leg of a list) fails a symbol or asset filter. */
export function checkOrderFilters(
  exchange: Exchange,
  account: Account,
  s: ListedSymbol,
  subject: FilterSubject,
  now: number,
): void {
  const env = filterEnv(exchange, account, s, now)
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

/** The account's open counts on one symbol, or across every symbol when `symbol` is undefined. */
export function openCounts(exchange: Exchange, accountId: number, symbol?: string): OpenCounts {
  if (symbol !== undefined) return countOpen(exchange.book(symbol).openOrders(accountId))
  let total = NO_COUNTS
  for (const name of exchange.symbols.keys()) {
    total = sumCounts(total, countOpen(exchange.book(name).openOrders(accountId)))
  }
  return total
}

/**
 * Fails with -1013 when adding `adding` (see `additionOf`) to the account's open orders would
 * exceed a symbol count filter, then an exchange filter.
 */
export function checkOpenOrderLimits(
  exchange: Exchange,
  account: Account,
  s: ListedSymbol,
  adding: OpenCounts,
): void {
  const symbolFailure = failedSymbolCount(
    s.info.filters,
    openCounts(exchange, account.id, s.info.symbol),
    adding,
  )
  if (symbolFailure) fail('FILTER_FAILURE', symbolFailure)
  const filters = exchangeFiltersOf(exchange)
  if (filters.length === 0) return
  const exchangeFailure = failedExchangeCount(filters, openCounts(exchange, account.id), adding)
  if (exchangeFailure) fail('FILTER_FAILURE', exchangeFailure)
}

/** Fails with -2038 when an order already has `amends` amendments and the symbol allows no more. */
export function checkAmendLimit(s: ListedSymbol, amends: number): void {
  for (const f of s.info.filters) {
    if (f.filterType === 'MAX_NUM_ORDER_AMENDS' && amends >= f.maxNumOrderAmends) {
      fail('ORDER_AMEND_REJECTED', 'Filter failure: MAX_NUM_ORDER_AMENDS')
    }
  }
}

/** The averaging window of the symbol's notional filter (5 when it has none). */
function avgPriceMinsOf(s: ListedSymbol): number {
  for (const f of s.info.filters) {
    if (f.filterType === 'NOTIONAL' || f.filterType === 'MIN_NOTIONAL') return f.avgPriceMins
  }
  return 5
}
