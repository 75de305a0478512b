// Moves the money of one trade: the buyer's quote out of its lock, the seller's base out of its
// lock, each side credited with what it receives minus commission (in the received asset, or in BNB
// taken from the free balance when the account's charger says so).
import { divRoundHalfUp, MONEY_SCALE, pow10 } from './decimal.js'
import type { Trade } from './effects.js'
import type { Ledger } from './ledger.js'
import type { Market } from './market.js'

/** A commission charged on one side of a trade. */
export interface Charge {
  readonly asset: string
  readonly amount: bigint
}

/** One side of a trade as commission sees it: who received how much of what, as maker or taker, buyer or seller. */
interface ChargedSide {
  readonly accountId: number
  readonly market: Market
  readonly receivedAsset: string
  readonly received: bigint
  readonly isMaker: boolean
  readonly isBuyer: boolean
}

/**
 * The commission of one side of a trade. A charge in another asset (BNB) is taken from that asset's free balance
 * by the charger itself.
 */
export type Charger = (ledger: Ledger, side: ChargedSide) => Charge

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

/** `amount × rate`, rounded half up to the asset's 8 decimals. */
function commissionOf(amount: bigint, rate: bigint): bigint {
  return rate === 0n ? 0n : divRoundHalfUp(amount * rate, RATE_ONE)
}

/** A ChargedSide or a trade in the making, written in place. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** What settle() asks a charger; one object, rewritten for each side (chargers read it at once). */
const side: Mutable<ChargedSide> = {
  accountId: 0,
  market: undefined as unknown as Market,
  receivedAsset: '',
  received: 0n,
  isMaker: false,
  isBuyer: false,
}

/**
 * Moves the money of `trade` (its market, orders, maker side, price and quantity) at the buyer's and the seller's
 * rates, and writes into it what moved: its quote amount, each side's commission and commission asset.
 */
export function settle(
  ledger: Ledger,
  trade: Mutable<Trade>,
  buyerRates: RateUnits,
  sellerRates: RateUnits,
): void {
  const { market, buyer, seller, buyerIsMaker, price, qty } = trade
  const quote = market.notional(price, qty)
  const base = market.baseAmount(qty)
  const { baseAsset, quoteAsset } = market

  const reserved = buyer.executesAsMarket || buyer.price === price ? quote : market.notional(buyer.price, qty)
  ledger.spendLocked(buyer.accountId, quoteAsset, reserved)
  buyer.locked -= reserved
  if (reserved !== quote) ledger.credit(buyer.accountId, quoteAsset, reserved - quote)
  ledger.spendLocked(seller.accountId, baseAsset, base)
  seller.locked -= base

  // The commission of each side: in the received asset at the account's rates, or what its charger says.
  let bcAsset = baseAsset
  let bcAmount: bigint
  let scAsset = quoteAsset
  let scAmount: bigint
  if (buyerRates.charge) {
    const bc = buyerRates.charge(
      ledger,
      chargedSide(buyer.accountId, market, baseAsset, base, buyerIsMaker, true),
    )
    bcAsset = bc.asset
    bcAmount = bc.amount
  } else {
    bcAmount = commissionOf(base, (buyerIsMaker ? buyerRates.maker : buyerRates.taker) + buyerRates.buyer)
  }
  if (sellerRates.charge) {
    const sc = sellerRates.charge(
      ledger,
      chargedSide(seller.accountId, market, quoteAsset, quote, !buyerIsMaker, false),
    )
    scAsset = sc.asset
    scAmount = sc.amount
  } else {
    scAmount = commissionOf(
      quote,
      (buyerIsMaker ? sellerRates.taker : sellerRates.maker) + sellerRates.seller,
    )
  }
  ledger.credit(buyer.accountId, baseAsset, bcAsset === baseAsset && bcAmount !== 0n ? base - bcAmount : base)
  ledger.credit(
    seller.accountId,
    quoteAsset,
    scAsset === quoteAsset && scAmount !== 0n ? quote - scAmount : quote,
  )
  ledger.collectFee(bcAsset, bcAmount)
  ledger.collectFee(scAsset, scAmount)
  trade.quote = quote
  trade.buyerCommission = bcAmount
  trade.sellerCommission = scAmount
  trade.buyerCommissionAsset = bcAsset
  trade.sellerCommissionAsset = scAsset
}

/** The shared ChargedSide, filled in. */
function chargedSide(
  accountId: number,
  market: Market,
  receivedAsset: string,
  received: bigint,
  isMaker: boolean,
  isBuyer: boolean,
): ChargedSide {
  side.accountId = accountId
  side.market = market
  side.receivedAsset = receivedAsset
  side.received = received
  side.isMaker = isMaker
  side.isBuyer = isBuyer
  return side
}
