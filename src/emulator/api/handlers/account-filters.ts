// myFilters: the exchange, symbol and asset filters that apply to the account on one symbol.
import { assetFiltersFor } from '../../exchange/filters/asset-filters.js'
import { assetFiltersOf } from '../../exchange/filters/check-order.js'
import { accountOf, type Handler } from './context.js'
import { listed } from './symbol-selection.js'

export const myFilters: Handler<'myFilters'> = (ctx, p) => {
  const account = accountOf(ctx)
  const s = listed(ctx, p.symbol)
  return {
    exchangeFilters: [...ctx.exchange.exchangeFilters],
    symbolFilters: [...s.info.filters],
    assetFilters: assetFiltersFor(assetFiltersOf(account), s.spec.baseAsset, s.spec.quoteAsset),
  }
}
