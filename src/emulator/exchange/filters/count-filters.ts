// Count filters: MAX_NUM_ORDERS / _ALGO_ORDERS / _ICEBERG_ORDERS / _ORDER_LISTS per symbol, and their
// EXCHANGE_ counterparts across the account's symbols (docs/emulator-fidelity.md 3.12.9–11, 3.12.15–16).
import type {
  ExchangeFilter,
  ExchangeFilterType,
  SymbolFilter,
  SymbolFilterType,
} from '../../../protocol/results.js'
import type { OpenCounts } from './open-counts.js'

type CountKey = keyof OpenCounts

/** A limit on one count: `open + adding` may not exceed it when the request adds to that count. */
function exceeds(open: OpenCounts, adding: OpenCounts, key: CountKey, limit: number): boolean {
  return adding[key] > 0 && open[key] + adding[key] > limit
}

function symbolLimit(f: SymbolFilter): [CountKey, number] | undefined {
  switch (f.filterType) {
    case 'MAX_NUM_ORDERS':
      return ['orders', f.maxNumOrders]
    case 'MAX_NUM_ALGO_ORDERS':
      return ['algoOrders', f.maxNumAlgoOrders]
    case 'MAX_NUM_ICEBERG_ORDERS':
      return ['icebergOrders', f.maxNumIcebergOrders]
    case 'MAX_NUM_ORDER_LISTS':
      return ['orderLists', f.maxNumOrderLists]
    default:
      return undefined
  }
}

function exchangeLimit(f: ExchangeFilter): [CountKey, number] {
  switch (f.filterType) {
    case 'EXCHANGE_MAX_NUM_ORDERS':
      return ['orders', f.maxNumOrders]
    case 'EXCHANGE_MAX_NUM_ALGO_ORDERS':
      return ['algoOrders', f.maxNumAlgoOrders]
    case 'EXCHANGE_MAX_NUM_ICEBERG_ORDERS':
      return ['icebergOrders', f.maxNumIcebergOrders]
    case 'EXCHANGE_MAX_NUM_ORDER_LISTS':
      return ['orderLists', f.maxNumOrderLists]
  }
}

/** The first symbol count filter (in the symbol's filter order) that `adding` would exceed. */
export function failedSymbolCount(
  filters: readonly SymbolFilter[],
  open: OpenCounts,
  adding: OpenCounts,
): SymbolFilterType | undefined {
  for (const f of filters) {
    const limit = symbolLimit(f)
    if (limit && exceeds(open, adding, limit[0], limit[1])) return f.filterType
  }
  return undefined
}

/** The first exchange filter that `adding` would exceed, given the account's open counts on every symbol. */
export function failedExchangeCount(
  filters: readonly ExchangeFilter[],
  open: OpenCounts,
  adding: OpenCounts,
): ExchangeFilterType | undefined {
  for (const f of filters) {
    const [key, limit] = exchangeLimit(f)
    if (exceeds(open, adding, key, limit)) return f.filterType
  }
  return undefined
}
