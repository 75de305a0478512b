// Symbols the tests add to the emulator: a default symbol with some of its settings changed.
import { DEFAULT_SYMBOLS, type SymbolOptions } from '../../src/emulator/index.js'

/** A default symbol with `changes` applied (a new `symbol` name makes a copy). */
export function symbolLike(name: string, changes: Partial<SymbolOptions> = {}): SymbolOptions {
  const base = DEFAULT_SYMBOLS.find((s) => s.symbol === name)
  if (!base) throw new Error(`${name} missing`)
  return { ...base, ...changes }
}

/** Every optional feature off, every order type allowed. */
export const NO_FEATURES: SymbolOptions = symbolLike('BTCUSDT', {
  symbol: 'NOFEAT',
  quoteOrderQtyMarketAllowed: false,
  icebergAllowed: false,
  ocoAllowed: false,
  otoAllowed: false,
  opoAllowed: false,
  allowTrailingStop: false,
  cancelReplaceAllowed: false,
  amendAllowed: false,
  pegInstructionsAllowed: false,
})

/** LIMIT orders only. */
export const LIMIT_ONLY: SymbolOptions = symbolLike('BTCUSDT', { symbol: 'LIMITONLY', orderTypes: ['LIMIT'] })

/** LIMIT and MARKET only, no iceberg, trailing, cancel-replace, amend or peg; STP NONE or EXPIRE_TAKER. */
export const PLAIN: SymbolOptions = symbolLike('BTCUSDT', {
  symbol: 'BTCPLAIN',
  icebergAllowed: false,
  allowTrailingStop: false,
  cancelReplaceAllowed: false,
  amendAllowed: false,
  pegInstructionsAllowed: false,
  orderTypes: ['LIMIT', 'MARKET'],
  allowedSelfTradePreventionModes: ['NONE', 'EXPIRE_TAKER'],
})

/** EXPIRE_MAKER by default. */
export const STP_DEFAULT: SymbolOptions = symbolLike('BTCUSDT', {
  symbol: 'STPUSDT',
  defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
  allowedSelfTradePreventionModes: ['NONE', 'EXPIRE_MAKER', 'EXPIRE_BOTH'],
})

/** No minimum price and no notional filter: a zero price reaches the "Price * QTY" check. */
export const ZERO_PRICE: SymbolOptions = symbolLike('BTCUSDT', {
  symbol: 'ZEROUSDT',
  filters: [
    {
      filterType: 'PRICE_FILTER',
      minPrice: '0.00000000',
      maxPrice: '1000000.00000000',
      tickSize: '0.01000000',
    },
    { filterType: 'LOT_SIZE', minQty: '0.00001000', maxQty: '9000.00000000', stepSize: '0.00001000' },
  ],
})

/** A pair that is not among the defaults, for listing while running (`addSymbol`): SOL/USDT around 150. */
export const SOLUSDT: SymbolOptions = {
  symbol: 'SOLUSDT',
  baseAsset: 'SOL',
  quoteAsset: 'USDT',
  referencePrice: '150.00',
  filters: [
    { filterType: 'PRICE_FILTER', minPrice: '0.01', maxPrice: '100000.00', tickSize: '0.01' },
    { filterType: 'LOT_SIZE', minQty: '0.001', maxQty: '90000.000', stepSize: '0.001' },
  ],
}
