// The emulated exchange's state: engine, accounts, market data, liquidity, unfilled order counts.
// No sockets and no clock of its own: every operation is told the time.
import type { ExchangeFilter, SorInfo } from '../../protocol/results.js'
import type { OrderBook } from '../engine/book.js'
import { DECIMAL_PATTERN, MONEY_SCALE, pow10, significantDecimals, toUnits } from '../engine/decimal.js'
import { Effects, type Trade } from '../engine/effects.js'
import {
  type CancelResult,
  Engine,
  type OrderRef,
  type PlaceCommand,
  type PlaceResult,
} from '../engine/engine.js'
import { ListDesk } from '../engine/lists/list-desk.js'
import { Account } from './account.js'
import { chargerFor } from './commission/charge.js'
import type { BnbDiscountOptions } from './commission/options.js'
import { type FirstFillDecrement, firstFillCredits } from './limits/first-fill.js'
import { OrderCounter } from './limits/order-counter.js'
import { ORDER_RULES, type RateLimitRules } from './limits/rules.js'
import { LIQUIDITY_ACCOUNT_ID, LiquidityProvider, type LiquiditySettings } from './liquidity.js'
import { priceRangeSource } from './market-data/price-range.js'
import { TradeTape } from './market-data/trade-tape.js'
import type { AccountOptions, CommissionOptions, SymbolOptions } from './options.js'
import { clientOrderIds } from './random.js'
import { type ListedSymbol, listSymbol } from './symbols.js'

/** One of an account's trades: the trade and which side of it the account was on. */
export interface AccountTrade {
  readonly trade: Trade
  readonly isBuyer: boolean
}

export interface ExchangeConfig {
  readonly symbols: readonly SymbolOptions[]
  readonly accounts: readonly AccountOptions[]
  readonly liquidity: LiquiditySettings | undefined
  readonly seed: number
  readonly commission: CommissionOptions | undefined
  /** When the exchange opens (ms). */
  readonly startTime: number
  /** `exchangeInfo.exchangeFilters`. */
  readonly exchangeFilters?: readonly ExchangeFilter[] | undefined
  /** SOR groups; undefined: the default groups of the listed symbols. */
  readonly sors?: readonly SorInfo[] | undefined
  readonly bnbDiscount?: BnbDiscountOptions | undefined
  /** Unfilled orders given back at an order's first fill (default 1 as taker, 1 as maker). */
  readonly firstFillDecrement?: FirstFillDecrement | undefined
  /** The rate limit rules (exchangeInfo and the ORDERS counters); undefined: the defaults. */
  readonly rateLimits?: RateLimitRules | undefined
  /** false: a server without TRADE access ("WebSocket API trading is not enabled."). Default true. */
  readonly wsApiTrading?: boolean | undefined
  /**
   * An order that ended CANCELED or EXPIRED with nothing executed is archived this many ms after it ended
   * (-2026 on query or cancel, left out of allOrders); false: never. Default 90 days.
   */
  readonly orderArchiveAfter?: number | false | undefined
}

export class Exchange {
  readonly engine: Engine
  readonly symbols: ReadonlyMap<string, ListedSymbol>
  readonly accounts: readonly Account[]
  readonly orderCounter: OrderCounter
  private readonly byApiKey = new Map<string, Account>()
  private readonly tapes = new Map<string, TradeTape>()
  private readonly accountTrades = new Map<number, Map<string, AccountTrade[]>>()
  private readonly liquidity: LiquidityProvider | undefined
  readonly lists: ListDesk

  constructor(readonly config: ExchangeConfig) {
    this.orderCounter = new OrderCounter(config.rateLimits?.orders ?? ORDER_RULES)
    this.engine = new Engine({ newClientOrderId: clientOrderIds(config.seed) })
    this.lists = new ListDesk(this.engine, clientOrderIds(config.seed + 7919))
    const listed = config.symbols.map(listSymbol)
    this.symbols = new Map(listed.map((s) => [s.info.symbol, s]))
    for (const s of listed) {
      const book = this.engine.addMarket(s.spec)
      book.lastPrice = s.referencePrice
      const tape = new TradeTape(s.referencePrice)
      this.tapes.set(s.info.symbol, tape)
      const { priceRange, referencePriceCalculation } = s.options
      const range = priceRangeSource(priceRange, referencePriceCalculation, book.market, tape)
      if (range) this.engine.matcher.priceRanges.set(book, range)
    }
    this.accounts = config.accounts.map((o, i) => new Account(i + 1, o, config.commission, config.startTime))
    for (const [i, account] of this.accounts.entries()) {
      if (this.byApiKey.has(account.apiKey)) throw new TypeError(`duplicate apiKey in accounts[${i}]`)
      this.byApiKey.set(account.apiKey, account)
      this.engine.setCommission(account.id, { ...account.rates, charge: chargerFor(this, account) })
      this.engine.setTradeGroup(account.id, account.options.tradeGroupId ?? -1)
      for (const [asset, amount] of Object.entries(config.accounts[i]?.balances ?? {})) {
        if (!DECIMAL_PATTERN.test(amount) || significantDecimals(amount) > MONEY_SCALE) {
          throw new TypeError(
            `accounts[${i}].balances.${asset}: '${amount}' is not a decimal with at most 8 places`,
          )
        }
        this.engine.ledger.credit(account.id, asset, toUnits(amount, MONEY_SCALE))
      }
    }
    if (config.liquidity) {
      this.liquidity = new LiquidityProvider(this.engine, config.liquidity)
      this.liquidity.start(listed, config.startTime)
    }
  }

  account(apiKey: string): Account | undefined {
    return this.byApiKey.get(apiKey)
  }

  book(symbol: string): OrderBook {
    const book = this.engine.book(symbol)
    if (!book) throw new RangeError(`unknown symbol ${symbol}`)
    return book
  }

  tape(symbol: string): TradeTape {
    const tape = this.tapes.get(symbol)
    if (!tape) throw new RangeError(`unknown symbol ${symbol}`)
    return tape
  }

  place(cmd: PlaceCommand, now: number): PlaceResult {
    const result = this.engine.place(cmd, now)
    if (result.ok) this.apply(result.effects, now)
    return result
  }

  cancel(
    account: Account,
    symbol: string,
    ref: OrderRef,
    newClientOrderId: string | undefined,
    now: number,
  ): CancelResult {
    const result = this.engine.cancel(account.id, symbol, ref, newClientOrderId, now)
    if (result.ok) this.apply(result.effects, now)
    return result
  }

  /**
   * The exchange cancels the open orders on `symbol` (delisting, maintenance): each expires with expiryReason
   * EXCHANGE_CANCELED, a list leg with its whole list (ALL_DONE). Every account's orders, or `accountId`'s only;
   * the synthetic liquidity is left alone. Returns the effects (events) and how many orders expired.
   */
  exchangeCancel(
    symbol: string,
    accountId: number | undefined,
    now: number,
  ): { effects: Effects; count: number } {
    const book = this.book(symbol)
    const effects = new Effects()
    let count = 0
    for (const order of book.openOrders(accountId)) {
      if (order.accountId === LIQUIDITY_ACCOUNT_ID || !order.isOpen) continue
      if (order.orderListId >= 0) {
        const list = this.lists.registry.ofOrder(order)
        if (!list?.isOpen) continue
        const live = list.legs.filter((leg) => leg.isOpen || leg.status === 'PENDING_NEW').length
        this.lists.expireList(list, 'EXCHANGE_CANCELED', effects, now)
        count += live
        continue
      }
      this.engine.matcher.expire(book, order, 'EXCHANGE_CANCELED', effects, undefined, now)
      count++
    }
    this.apply(effects, now)
    return { effects, count }
  }

  /** The account's trades on `symbol`, oldest first. */
  trades(accountId: number, symbol: string): readonly AccountTrade[] {
    return this.accountTrades.get(accountId)?.get(symbol) ?? []
  }

  /** Volume-weighted average price (10^-8 units) of the last `mins` minutes; the last price if none. */
  avgPrice(symbol: string, mins: number, now: number): bigint {
    const tape = this.tape(symbol)
    const { market } = this.book(symbol)
    const { qty, quote } = mins > 0 ? tape.volumeSince(now - mins * 60_000) : { qty: 0, quote: 0n }
    if (qty > 0) return (quote * pow10(MONEY_SCALE)) / market.baseAmount(qty)
    return BigInt(tape.lastPrice) * pow10(MONEY_SCALE - market.priceScale)
  }

  /** Records what a command made outside place/cancel (an order list) changed. */
  commit(effects: Effects, now: number): void {
    this.apply(effects, now)
  }

  private apply(effects: Effects, now: number): void {
    this.lists.drain(effects, now)
    for (const trade of effects.trades) {
      this.tape(trade.market.symbol).record({
        id: trade.id,
        price: trade.price,
        qty: trade.qty,
        quote: trade.quote,
        time: trade.time,
        buyerIsMaker: trade.buyerIsMaker,
        takerOrderId: (trade.buyerIsMaker ? trade.seller : trade.buyer).id,
      })
      this.recordFor(trade.buyer.accountId, trade, true)
      this.recordFor(trade.seller.accountId, trade, false)
    }
    const decrement = this.config.firstFillDecrement ?? { taker: 1, maker: 1 }
    for (const [accountId, n] of firstFillCredits(effects, decrement))
      this.orderCounter.filled(accountId, now, n)
    for (const accountId of effects.balances.keys()) {
      const account = this.accounts[accountId - 1]
      if (account) account.updateTime = now
    }
    if (this.liquidity && effects.trades.length > 0) this.liquidity.replenish(effects, now)
  }

  private recordFor(accountId: number, trade: Trade, isBuyer: boolean): void {
    if (accountId === LIQUIDITY_ACCOUNT_ID) return
    let bySymbol = this.accountTrades.get(accountId)
    if (!bySymbol) {
      bySymbol = new Map()
      this.accountTrades.set(accountId, bySymbol)
    }
    let list = bySymbol.get(trade.market.symbol)
    if (!list) {
      list = []
      bySymbol.set(trade.market.symbol, list)
    }
    list.push({ trade, isBuyer })
  }
}
