// Moves the money of one trade: the buyer's quote out of its lock, the seller's base out of its
// lock, each side credited with what it receives minus commission (in the received asset, or in BNB
// taken from the free balance when the account's charger says so).
import { divRoundHalfUp, MONEY_SCALE, pow10 } from './decimal.js'
import type { Ledger } from './ledger.js'
import type { Market } from './market.js'
import type { Order } from './order.js'

/** A commission charged on one side of a trade. */
export interface Charge {
  readonly asset: string
  readonly amount: bigint
}

/**
 * The commission of one side of a trade that received `received` of `receivedAsset`. A charge in
 * another asset (BNB) is taken from that asset's free balance by the charger itself.
 */
export type Charger = (
  ledger: Ledger,
  accountId: number,
  market: Market,
  receivedAsset: string,
  received: bigint,
  isMaker: boolean,
  isBuyer: boolean,
) => Charge

/** Commission rates in units of 10^-8 (`0.001` → 100000n). */
export interface RateUnits {
  readonly maker: bigint
  readonly taker: bigint
  readonly buyer: bigint
  readonly seller: bigint
  /** The full rules (tax, special, BNB discount); without it the rates above apply to the received asset. */
  readonly charge?: Charger | undefined
}

export const ZERO_RATES: RateUnits = { maker: 0n, taker: 0n, buyer: 0n, seller: 0n }

const RATE_ONE = pow10(MONEY_SCALE)

/** Money moved by one trade. */
export interface Settled {
  readonly quote: bigint
  readonly buyerCommission: bigint
  readonly sellerCommission: bigint
  readonly buyerCommissionAsset: string
  readonly sellerCommissionAsset: string
}

/** `amount × rate`, rounded half up to the asset's 8 decimals. */
export function commissionOf(amount: bigint, rate: bigint): bigint {
  return rate === 0n ? 0n : divRoundHalfUp(amount * rate, RATE_ONE)
}

export function settle(
  ledger: Ledger,
  market: Market,
  buyer: Order,
  seller: Order,
  buyerRates: RateUnits,
  sellerRates: RateUnits,
  buyerIsMaker: boolean,
  price: number,
  qty: number,
): Settled {
  const quote = market.notional(price, qty)
  const base = market.baseAmount(qty)
  const { baseAsset, quoteAsset } = market

  const reserved = buyer.executesAsMarket ? quote : market.notional(buyer.price, qty)
  ledger.spendLocked(buyer.accountId, quoteAsset, reserved)
  buyer.locked -= reserved
  if (reserved !== quote) ledger.credit(buyer.accountId, quoteAsset, reserved - quote)
  ledger.spendLocked(seller.accountId, baseAsset, base)
  seller.locked -= base

  const bc = chargeOf(buyerRates, ledger, buyer.accountId, market, baseAsset, base, buyerIsMaker, true)
  const sc = chargeOf(sellerRates, ledger, seller.accountId, market, quoteAsset, quote, !buyerIsMaker, false)
  ledger.credit(buyer.accountId, baseAsset, base - (bc.asset === baseAsset ? bc.amount : 0n))
  ledger.credit(seller.accountId, quoteAsset, quote - (sc.asset === quoteAsset ? sc.amount : 0n))
  ledger.collectFee(bc.asset, bc.amount)
  ledger.collectFee(sc.asset, sc.amount)
  return {
    quote,
    buyerCommission: bc.amount,
    sellerCommission: sc.amount,
    buyerCommissionAsset: bc.asset,
    sellerCommissionAsset: sc.asset,
  }
}

function chargeOf(
  rates: RateUnits,
  ledger: Ledger,
  accountId: number,
  market: Market,
  receivedAsset: string,
  received: bigint,
  isMaker: boolean,
  isBuyer: boolean,
): Charge {
  if (rates.charge) return rates.charge(ledger, accountId, market, receivedAsset, received, isMaker, isBuyer)
  const rate = (isMaker ? rates.maker : rates.taker) + (isBuyer ? rates.buyer : rates.seller)
  return { asset: receivedAsset, amount: commissionOf(received, rate) }
}
