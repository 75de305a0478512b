// SOR configuration: which symbols an order may route across (`exchangeInfo.sors`, docs/emulator-fidelity.md
// 3.16.1).
import type { SorInfo } from '../../../protocol/results.js'
import type { ExchangeState } from '../state.js'

/** Quote assets treated as interchangeable 1:1 when no `sors` are configured. */
const USD_STABLECOINS: ReadonlySet<string> = new Set(['USDT', 'USDC', 'FDUSD', 'TUSD', 'USDP', 'BUSD'])

/**
 * The configured SOR groups; by default one group per base asset listed against two or more
 * USD stablecoins (e.g. BTC over BTCUSDT and BTCUSDC).
 */
export function sorGroups(state: ExchangeState): readonly SorInfo[] {
  if (state.config.sors) return state.config.sors
  const byBase = new Map<string, string[]>()
  for (const s of state.symbols.values()) {
    if (!USD_STABLECOINS.has(s.spec.quoteAsset)) continue
    const list = byBase.get(s.spec.baseAsset) ?? []
    list.push(s.info.symbol)
    byBase.set(s.spec.baseAsset, list)
  }
  return [...byBase]
    .filter(([, symbols]) => symbols.length > 1)
    .map(([baseAsset, symbols]) => ({ baseAsset, symbols }))
}

/** The SOR group `symbol` belongs to, if any. */
export function sorGroupOf(state: ExchangeState, symbol: string): SorInfo | undefined {
  return sorGroups(state).find((g) => g.symbols.includes(symbol))
}
