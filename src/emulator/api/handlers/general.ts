// General methods: ping, time, exchangeInfo.
import type { ExchangeInfo, SymbolInfo } from '../../../protocol/results.js'
import { fail } from '../../exchange/api-failure.js'
import { ALL_RULES, restRules } from '../../exchange/limits/rules.js'
import type { ListedSymbol } from '../../exchange/symbols.js'
import type { Handler } from './context.js'
import { selectSymbols } from './symbol-selection.js'

/** What `exchangeInfo` without params lists. */
const DEFAULT_PERMISSIONS = ['SPOT', 'MARGIN', 'LEVERAGED']

export const ping: Handler<'ping'> = () => ({})

export const time: Handler<'time'> = (ctx) => ({ serverTime: ctx.now })

export const exchangeInfo: Handler<'exchangeInfo'> = (ctx, p) => {
  const selectors = [p.symbol, p.symbols, p.permissions].filter((v) => v !== undefined)
  if (selectors.length > 1) fail('OPTIONAL_PARAMS_BAD_COMBO')
  if (p.symbolStatus !== undefined && (p.symbol !== undefined || p.symbols !== undefined)) {
    fail('OPTIONAL_PARAMS_BAD_COMBO')
  }
  const wanted =
    p.permissions === undefined
      ? DEFAULT_PERMISSIONS
      : typeof p.permissions === 'string'
        ? [p.permissions]
        : p.permissions
  const permitted = (s: ListedSymbol) => s.info.permissionSets.flat().some((x) => wanted.includes(x))
  const { symbols } = selectSymbols(ctx, p, permitted)
  const show = p.showPermissionSets !== false
  const wsRules = ctx.exchange.config.rateLimits?.all ?? ALL_RULES
  const rules = ctx.rawRequests ? restRules(wsRules, ctx.rawRequests) : wsRules
  const info: ExchangeInfo = {
    timezone: 'UTC',
    serverTime: ctx.now,
    rateLimits: rules.map((r) => ({ ...r })),
    exchangeFilters: [...ctx.exchange.exchangeFilters],
    symbols: symbols.map((s): SymbolInfo => (show ? s.info : { ...s.info, permissionSets: [] })),
  }
  const sors = ctx.exchange.sorGroups
  return sors.length > 0
    ? { ...info, sors: sors.map((g) => ({ baseAsset: g.baseAsset, symbols: [...g.symbols] })) }
    : info
}
