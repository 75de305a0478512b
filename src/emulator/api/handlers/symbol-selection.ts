// The `symbol` / `symbols` / `symbolStatus` selection shared by market data and exchangeInfo.

import { fail } from '../../exchange/api-failure.js'
import type { ListedSymbol } from '../../exchange/symbols.js'
import type { HandlerContext } from './context.js'

export interface SymbolSelection {
  readonly symbol?: string | undefined
  readonly symbols?: readonly string[] | undefined
  readonly symbolStatus?: string | undefined
}

/** One symbol (`single`) or a list; with neither param, every symbol `all` admits. */
export function selectSymbols(
  ctx: HandlerContext,
  p: SymbolSelection,
  all: (s: ListedSymbol) => boolean,
): { single: boolean; symbols: ListedSymbol[] } {
  if (p.symbol !== undefined && p.symbols !== undefined) fail('OPTIONAL_PARAMS_BAD_COMBO')
  const matches = (s: ListedSymbol) => p.symbolStatus === undefined || s.info.status === p.symbolStatus
  if (p.symbol !== undefined) {
    const s = listed(ctx, p.symbol)
    if (!matches(s)) fail('SYMBOL_DOES_NOT_MATCH_STATUS')
    return { single: true, symbols: [s] }
  }
  if (p.symbols !== undefined) {
    if (new Set(p.symbols).size !== p.symbols.length) fail('DUPLICATE_SYMBOLS')
    return { single: false, symbols: p.symbols.map((name) => listed(ctx, name)).filter(matches) }
  }
  return { single: false, symbols: [...ctx.exchange.symbols.values()].filter((s) => all(s) && matches(s)) }
}

export function listed(ctx: HandlerContext, symbol: string): ListedSymbol {
  return ctx.exchange.symbols.get(symbol) ?? fail('BAD_SYMBOL')
}
