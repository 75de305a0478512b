// Moves the money of one trade: the buyer's quote out of its lock, the seller's base out of its
// lock, each side credited with what it receives minus commission (charged in the received asset).
import { divRoundHalfUp, MONEY_SCALE, pow10 } from './decimal.js'
import type { Ledger } from './ledger.js'
import type { Market } from './market.js'
import type { Order } from './order.js'

/** Commission rates in units of 10^-8 (`0.001` → 100000n). */
export interface RateUnits {
  readonly maker: bigint
  readonly taker: bigint
  readonly buyer: bigint
  readonly seller: bigint
}

export const ZERO_RATES: RateUnits = { maker: 0n, taker: 0n, buyer: 0n, seller: 0n }

const RATE_ONE = pow10(MONEY_SCALE)

/** Money moved by one trade. */
export interface Settled {
  readonly quote: bigint
  readonly buyerCommission: bigint
  readonly sellerCommission: bigint
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

  const reserved = buyer.type === 'MARKET' ? quote : market.notional(buyer.price, qty)
  ledger.spendLocked(buyer.accountId, quoteAsset, reserved)
  buyer.locked -= reserved
  if (reserved !== quote) ledger.credit(buyer.accountId, quoteAsset, reserved - quote)
  ledger.spendLocked(seller.accountId, baseAsset, base)
  seller.locked -= base

  const buyerRate = (buyerIsMaker ? buyerRates.maker : buyerRates.taker) + buyerRates.buyer
  const sellerRate = (buyerIsMaker ? sellerRates.taker : sellerRates.maker) + sellerRates.seller
  const buyerCommission = commissionOf(base, buyerRate)
  const sellerCommission = commissionOf(quote, sellerRate)
  ledger.credit(buyer.accountId, baseAsset, base - buyerCommission)
  ledger.credit(seller.accountId, quoteAsset, quote - sellerCommission)
  ledger.collectFee(baseAsset, buyerCommission)
  ledger.collectFee(quoteAsset, sellerCommission)
  return { quote, buyerCommission, sellerCommission }
}
