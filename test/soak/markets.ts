// The symbols the soak trades, with prices far from the emulator's synthetic market and prices that cross it.
// Prices are whole quote units, quantities integer steps: every decimal string is built from integers. Each emulator
// process gets symbols of its own, so that order ids (counted per symbol from 1 by a process restarted without its
// state) never repeat on a symbol: a client remembering them cannot be misled. (List ids are counted for all symbols
// at once: they do repeat, see `Epoch.listIdsBefore`.)
import { DEFAULT_SYMBOLS, type SymbolOptions } from '../../src/emulator/index.js'

export interface Market {
  readonly symbol: string
  /** Decimal places of a quantity step. */
  readonly qtyDecimals: number
  /** Quantity range, in steps (every order's notional is above the 5 USDT minimum). */
  readonly qty: readonly [number, number]
  /** A resting BUY's price range, far below the market. */
  readonly farBuy: readonly [number, number]
  /** A resting SELL's price range, far above the market. */
  readonly farSell: readonly [number, number]
  /** A BUY at this price takes the synthetic asks; a SELL at `crossSell` takes the bids. */
  readonly crossBuy: number
  readonly crossSell: number
}

/** BTCUSDT around 60000 and ETHUSDT around 3000, as the emulator's default symbols quote them. */
const MARKETS: readonly Market[] = [
  {
    symbol: 'BTCUSDT',
    qtyDecimals: 5,
    qty: [20, 100],
    farBuy: [50_000, 54_999],
    farSell: [65_000, 69_999],
    crossBuy: 60_600,
    crossSell: 59_400,
  },
  {
    symbol: 'ETHUSDT',
    qtyDecimals: 4,
    qty: [100, 500],
    farBuy: [2_500, 2_749],
    farSell: [3_300, 3_549],
    crossBuy: 3_030,
    crossSell: 2_970,
  },
]

/** The base asset of a market's symbol in epoch `n`: BTC, then BTC2, BTC3… */
const base = (m: Market, n: number) => `${m.symbol.replace(/USDT$/, '')}${n === 1 ? '' : n}`

/** The markets epoch `n` trades: BTCUSDT and ETHUSDT, then BTC2USDT and ETH2USDT, … */
export function marketsOf(n: number): readonly Market[] {
  return n === 1 ? MARKETS : MARKETS.map((m) => ({ ...m, symbol: `${base(m, n)}USDT` }))
}

/** The symbols of `epochs` epochs, as the emulator's options (each a copy of the default symbol it is named after). */
export function soakSymbols(epochs: number): SymbolOptions[] {
  const out: SymbolOptions[] = []
  for (let n = 1; n <= epochs; n++) {
    for (const m of MARKETS) {
      const spec = DEFAULT_SYMBOLS.find((s) => s.symbol === m.symbol) as SymbolOptions
      out.push({ ...spec, symbol: `${base(m, n)}USDT`, baseAsset: base(m, n) })
    }
  }
  return out
}

/** `units` steps of `10^-decimals` as a decimal string, e.g. (25, 5) → '0.00025'. */
export function decimal(units: number, decimals: number): string {
  const digits = String(units).padStart(decimals + 1, '0')
  return `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`
}

/** A whole price as the exchange's 2-decimal string. */
export const price = (whole: number): string => `${whole}.00`
