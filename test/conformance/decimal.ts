// Exact decimal arithmetic for the scenario: Binance decimals have at most 8 places, so 1e-8 units fit a bigint.

const SCALE = 100_000_000n

/** `'0.01000000'` → 1000000n (units of 1e-8). */
export function units(decimal: string): bigint {
  const m = /^(-?)(\d+)(?:\.(\d{0,8})\d*)?$/.exec(decimal.trim())
  if (!m) throw new Error(`not a decimal: ${decimal}`)
  const [, sign, int = '0', frac = ''] = m
  const v = BigInt(int) * SCALE + BigInt(frac.padEnd(8, '0'))
  return sign === '-' ? -v : v
}

/** 1000000n → `'0.01'` (no trailing zeros). */
export function format(u: bigint): string {
  const sign = u < 0n ? '-' : ''
  const a = u < 0n ? -u : u
  const frac = (a % SCALE).toString().padStart(8, '0').replace(/0+$/, '')
  return `${sign}${a / SCALE}${frac ? `.${frac}` : ''}`
}

/** `value × percent / 100`, rounded down to a multiple of `step`. */
export function scaleDown(value: string, percent: bigint, step: string): string {
  const s = units(step)
  return format(((units(value) * percent) / 100n / s) * s)
}

/** `value × percent / 100`, rounded up to a multiple of `step`. */
export function scaleUp(value: string, percent: bigint, step: string): string {
  const s = units(step)
  const v = (units(value) * percent + 99n) / 100n
  return format(((v + s - 1n) / s) * s)
}

/** The smallest multiple of `step` ≥ `minQty` whose value at `price` is at least `minNotional` × 1.2. */
export function minQuantity(price: string, minNotional: string, minQty: string, step: string): string {
  const s = units(step)
  const need = (units(minNotional) * 12n * SCALE) / 10n / units(price) + 1n
  const q = need > units(minQty) ? need : units(minQty)
  return format(((q + s - 1n) / s) * s)
}

/** Numeric equality of two decimal strings (`'1.0'` equals `'1.00000000'`). */
export const same = (a: string, b: string): boolean => units(a) === units(b)

/** A `myTrades` row, as far as `moved` reads it. */
interface TradeRow {
  isBuyer: boolean
  qty: string
  quoteQty: string
  commission: string
  commissionAsset: string
}

/** How much `trades` moved the account's `asset` (base or quote of their symbol, in 1e-8 units), commissions included. */
export function moved(trades: readonly TradeRow[], asset: string, base: string): bigint {
  return trades.reduce((sum, t) => {
    const gross = asset === base ? units(t.qty) : units(t.quoteQty)
    const inflow = t.isBuyer === (asset === base) ? gross : -gross
    return sum + inflow - (t.commissionAsset === asset ? units(t.commission) : 0n)
  }, 0n)
}
