// Commission of one side of a trade (docs/emulator-fidelity.md 3.15.2–3.15.4): standard + tax + special,
// each received × (role rate + side rate); in BNB at a discount on the standard part when the account and
// symbol allow it and the free BNB covers it, else all of it out of the received asset.

import { divRoundHalfUp, MONEY_SCALE, pow10, toUnits } from '../../engine/decimal.js'
import type { Charge, Charger } from '../../engine/settlement.js'
import type { Account } from '../account.js'
import type { ListedSymbol } from '../symbols.js'
import type { BnbDiscountOptions } from './options.js'
import { type CommissionSchedule, DISCOUNT_ASSET, scheduleOf, tradeRate } from './schedule.js'

const ONE = pow10(MONEY_SCALE)

/** What commission needs of the market: the listed symbols and their last prices. */
export interface PriceSource {
  symbol(name: string): ListedSymbol | undefined
  symbols(): Iterable<ListedSymbol>
  /** The symbol's last price in its price units (0: none). */
  lastPrice(symbol: string): number
}

/** BNB per unit of `asset` as a fraction (numerator, denominator), from a BNB symbol's last price or the configured rate. */
function bnbRate(
  prices: PriceSource,
  asset: string,
  discount: BnbDiscountOptions | undefined,
): [bigint, bigint] | undefined {
  if (asset === DISCOUNT_ASSET) return [1n, 1n]
  for (const s of prices.symbols()) {
    const { baseAsset, quoteAsset, priceScale } = s.spec
    const last = BigInt(prices.lastPrice(s.info.symbol))
    if (last === 0n) continue
    if (baseAsset === DISCOUNT_ASSET && quoteAsset === asset) return [pow10(priceScale), last]
    if (baseAsset === asset && quoteAsset === DISCOUNT_ASSET) return [last, pow10(priceScale)]
  }
  const configured = discount?.rates?.[asset]
  return configured === undefined ? undefined : [toUnits(configured, MONEY_SCALE), ONE]
}

/** Commission of one trade side in the received asset, all types, rounded half up to 8 decimals. */
function receivedAssetCommission(
  s: CommissionSchedule,
  received: bigint,
  isMaker: boolean,
  isBuyer: boolean,
): bigint {
  const rate = tradeRate(s.standard, isMaker, isBuyer) + tradeRate(s.tax, isMaker, isBuyer)
  return divRoundHalfUp(received * (rate + tradeRate(s.special, isMaker, isBuyer)), ONE)
}

/** The same commission in BNB with the standard part discounted, unrounded as (numerator, denominator). */
function bnbCommission(
  s: CommissionSchedule,
  received: bigint,
  isMaker: boolean,
  isBuyer: boolean,
  [num, den]: [bigint, bigint],
): bigint {
  const factor = s.formula === 'MULTIPLY' ? s.discount : ONE - s.discount
  const standard = tradeRate(s.standard, isMaker, isBuyer) * factor
  const others = (tradeRate(s.tax, isMaker, isBuyer) + tradeRate(s.special, isMaker, isBuyer)) * ONE
  return divRoundHalfUp(received * (standard + others) * num, ONE * ONE * den)
}

/** The charger of `account`: its schedule per symbol, BNB at `prices` when enabled and affordable. */
export function chargerFor(
  account: Account,
  prices: PriceSource,
  discount: BnbDiscountOptions | undefined,
): Charger {
  return (ledger, { accountId, market, receivedAsset, received, isMaker, isBuyer }): Charge => {
    const listed = prices.symbol(market.symbol)
    if (!listed) return { asset: receivedAsset, amount: 0n }
    const s = scheduleOf(account, listed, discount)
    const plain: Charge = {
      asset: receivedAsset,
      amount: receivedAssetCommission(s, received, isMaker, isBuyer),
    }
    if (!s.enabledForAccount || !s.enabledForSymbol || plain.amount === 0n) return plain
    const rate = bnbRate(prices, receivedAsset, discount)
    if (!rate) return plain
    const amount = bnbCommission(s, received, isMaker, isBuyer, rate)
    const bnb = ledger.holding(accountId, DISCOUNT_ASSET)
    const available = bnb.free + (receivedAsset === DISCOUNT_ASSET ? received : 0n)
    if (available < amount) return plain
    if (receivedAsset !== DISCOUNT_ASSET) bnb.free -= amount
    return { asset: DISCOUNT_ASSET, amount }
  }
}
