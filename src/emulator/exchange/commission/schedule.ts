// An account's commission rates on one symbol: standard, tax and special (each maker/taker/buyer/
// seller, 10^-8 units) and the BNB discount (docs/emulator-fidelity.md 3.15.1).
import type { CommissionDiscount, CommissionRates } from '../../../protocol/results.js'
import { DECIMAL_PATTERN, MONEY_SCALE, significantDecimals } from '../../engine/decimal.js'
import type { RateUnits } from '../../engine/settlement.js'
import type { Account } from '../account.js'
import type { CommissionOptions } from '../options.js'
import type { ListedSymbol } from '../symbols.js'
import { moneyText, unitsOf } from '../units.js'
import type { BnbDiscountOptions } from './options.js'

export const DISCOUNT_ASSET = 'BNB'

const ZERO: RateUnits = { maker: 0n, taker: 0n, buyer: 0n, seller: 0n }

/** The rates and discount of one account on one symbol. */
export interface CommissionSchedule {
  readonly standard: RateUnits
  readonly tax: RateUnits
  readonly special: RateUnits
  readonly enabledForAccount: boolean
  readonly enabledForSymbol: boolean
  /** 10^-8 units: 0.25 → 25000000n. */
  readonly discount: bigint
  /** Whether the discount multiplies (the FAQ's example) or reduces (the field text) the standard part. */
  readonly formula: 'REDUCE' | 'MULTIPLY'
}

function rate(text: string): bigint {
  if (!DECIMAL_PATTERN.test(text) || significantDecimals(text) > MONEY_SCALE) {
    throw new TypeError(`commission rate '${text}' is not a decimal with at most ${MONEY_SCALE} places`)
  }
  return unitsOf(text, MONEY_SCALE)
}

function units(o: CommissionOptions | undefined, base: RateUnits): RateUnits {
  if (!o) return base
  return {
    maker: o.maker === undefined ? base.maker : rate(o.maker),
    taker: o.taker === undefined ? base.taker : rate(o.taker),
    buyer: o.buyer === undefined ? base.buyer : rate(o.buyer),
    seller: o.seller === undefined ? base.seller : rate(o.seller),
  }
}

export function scheduleOf(
  account: Account,
  s: ListedSymbol,
  discount: BnbDiscountOptions | undefined,
): CommissionSchedule {
  const c = account.options.commissions
  const own = c?.bySymbol?.[s.info.symbol]
  return {
    standard: units(own?.standard ?? c?.standard, account.rates),
    tax: units(own?.tax ?? c?.tax, ZERO),
    special: units(own?.special ?? c?.special, ZERO),
    enabledForAccount: c?.payInBnb ?? false,
    enabledForSymbol: s.options.bnbDiscountEnabled ?? true,
    discount: rate(discount?.discount ?? '0.25'),
    formula: discount?.formula ?? 'REDUCE',
  }
}

export function ratesView(r: RateUnits): CommissionRates {
  return {
    maker: moneyText(r.maker),
    taker: moneyText(r.taker),
    buyer: moneyText(r.buyer),
    seller: moneyText(r.seller),
  }
}

export function discountView(s: CommissionSchedule): CommissionDiscount {
  return {
    enabledForAccount: s.enabledForAccount,
    enabledForSymbol: s.enabledForSymbol,
    discountAsset: DISCOUNT_ASSET,
    discount: moneyText(s.discount),
  }
}

/** role rate + side rate: the rate a trade of this role and side pays. */
export function tradeRate(r: RateUnits, isMaker: boolean, isBuyer: boolean): bigint {
  return (isMaker ? r.maker : r.taker) + (isBuyer ? r.buyer : r.seller)
}
