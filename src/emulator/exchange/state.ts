// The exchange's state behind its facade: engine, order lists, accounts, tapes, unfilled order counts, SOR desk.
// Every engine command made here is recorded here (tape, account trades, first-fill credits, list activation,
// liquidity), so nothing that changes the state can forget to record it. No sockets and no clock of its own.
import type { OrderBook } from '../engine/book.js'
import { DECIMAL_PATTERN, MONEY_SCALE, pow10, significantDecimals, toUnits } from '../engine/decimal.js'
import { Effects } from '../engine/effects.js'
import {
  type AmendResult,
  type CancelResult,
  Engine,
  type OrderRef,
  type PlaceCommand,
  type PlaceResult,
} from '../engine/engine.js'
import type { ChunkStore } from '../engine/history-chunks.js'
import {
  type ListCancelResult,
  type ListCommand,
  ListDesk,
  type ListPlaceResult,
} from '../engine/lists/list-desk.js'
import type { OrderList } from '../engine/lists/order-list.js'
import type { Charger } from '../engine/settlement.js'
import { Account } from './account.js'
import type { AccountKey, KeyChange } from './commands.js'
import { chargerFor, type PriceSource } from './commission/charge.js'
import type { ExchangeConfig } from './config.js'
import { firstFillCredits } from './limits/first-fill.js'
import { OrderCounter } from './limits/order-counter.js'
import { ORDER_RULES } from './limits/rules.js'
import { LIQUIDITY_ACCOUNT_ID, LiquidityProvider } from './liquidity.js'
import { type AccountTrade, AccountTrades, type TradeQuery } from './market-data/account-trades.js'
import { priceRangeSource } from './market-data/price-range.js'
import { type ReferenceValue, referencePrice } from './market-data/reference-price.js'
import { TradeTape } from './market-data/trade-tape.js'
import type { AccountOptions, SymbolOptions } from './options.js'
import { ClientOrderIds } from './random.js'
import { SorDesk } from './sor/desk.js'
import { type ListedSymbol, listSymbol } from './symbols.js'

export type { AccountTrade, TradeQuery } from './market-data/account-trades.js'

export class ExchangeState {
  readonly engine: Engine
  readonly lists: ListDesk
  /** The configured symbols, then those listed while running (`addSymbol`). */
  readonly symbols: Map<string, ListedSymbol>
  /** One per account, by id (the first key of each): the configured ones, then those added. */
  readonly accounts: Account[]
  readonly orderCounter: OrderCounter
  readonly sor: SorDesk
  /** The generators of the client ids the engine and the list desk make up. */
  private readonly orderIds: ClientOrderIds
  private readonly listIds: ClientOrderIds
  private readonly byApiKey = new Map<string, Account>()
  private readonly tapes = new Map<string, TradeTape>()
  private readonly accountTrades = new AccountTrades()
  private readonly liquidity: LiquidityProvider | undefined
  private readonly chargers = new Map<number, Charger>()

  constructor(readonly config: ExchangeConfig) {
    this.orderCounter = new OrderCounter(config.rateLimits?.orders ?? ORDER_RULES)
    this.orderIds = new ClientOrderIds(config.seed)
    this.listIds = new ClientOrderIds(config.seed + 7919)
    this.engine = new Engine({ newClientOrderId: this.orderIds.next })
    this.lists = new ListDesk(this.engine, this.listIds.next)
    this.sor = new SorDesk(config.seed)
    const listed = config.symbols.map(listSymbol)
    this.symbols = new Map()
    for (const s of listed) this.openMarket(s)
    this.accounts = []
    for (const [i, options] of config.accounts.entries()) {
      if (this.byApiKey.has(options.apiKey)) throw new TypeError(`duplicate apiKey in accounts[${i}]`)
      this.addAccount(options, config.startTime, `accounts[${i}].`)
    }
    if (config.liquidity) {
      this.liquidity = new LiquidityProvider(this.engine, config.liquidity)
      this.liquidity.start(listed, config.startTime)
    }
  }

  /** Lists a symbol while running: its market opens, quoted by the synthetic liquidity (if any) from `now`. */
  addSymbol(options: SymbolOptions, now: number): ListedSymbol {
    if (this.symbols.has(options.symbol)) throw new RangeError(`symbol: ${options.symbol} is already listed`)
    const listed = listSymbol(options)
    this.openMarket(listed)
    this.liquidity?.start([listed], now)
    return listed
  }

  /**
   * A symbol's book (at its reference price), trade tape and price range rule. What can throw runs before the maps
   * change: a symbol refused leaves nothing behind (the engine's book is made last of all).
   */
  private openMarket(s: ListedSymbol): void {
    const tape = new TradeTape(s.referencePrice)
    const { priceRange, referencePriceCalculation } = s.options
    const range = priceRangeSource(priceRange, referencePriceCalculation, s.spec, tape)
    const book = this.engine.addMarket(s.spec)
    book.lastPrice = s.referencePrice
    this.symbols.set(s.info.symbol, s)
    this.tapes.set(s.info.symbol, tape)
    if (range) this.engine.matcher.priceRanges.set(book, range)
  }

  account(apiKey: string): Account | undefined {
    return this.byApiKey.get(apiKey)
  }

  /** Every API key's account view, in the order the keys were made (an account with two keys shows twice). */
  keys(): IterableIterator<Account> {
    return this.byApiKey.values()
  }

  /** Opens an account with its first key and initial balances; `at` names the options in errors. */
  addAccount(options: AccountOptions, now: number, at = ''): Account {
    const account = new Account(this.accounts.length + 1, options, this.config.commission, now)
    const balances = Object.entries(options.balances ?? {}).map(([asset, amount]) => {
      if (!DECIMAL_PATTERN.test(amount) || significantDecimals(amount) > MONEY_SCALE) {
        throw new TypeError(`${at}balances.${asset}: '${amount}' is not a decimal with at most 8 places`)
      }
      return [asset, toUnits(amount, MONEY_SCALE)] as const
    })
    this.accounts.push(account)
    this.byApiKey.set(account.apiKey, account)
    const prices: PriceSource = {
      symbol: (name) => this.symbols.get(name),
      symbols: () => this.symbols.values(),
      lastPrice: (name) => this.tape(name).lastPrice,
    }
    const charge = chargerFor(account, prices, this.config.bnbDiscount)
    this.chargers.set(account.id, charge)
    this.engine.setCommission(account.id, { ...account.rates, charge })
    this.engine.setTradeGroup(account.id, account.options.tradeGroupId ?? -1)
    for (const [asset, units] of balances) this.engine.ledger.credit(account.id, asset, units)
    return account
  }

  /** Gives the account `id` one more API key: its own key material, permissions and addresses; the rest is the account's. */
  addKey(id: number, key: AccountKey): Account {
    const owner = this.accountById(id)
    const { hmacSecret: _, publicKey: __, balances: ___, ...rest } = owner.options
    const options = { ...rest, ...key } as AccountOptions
    const account = new Account(id, options, this.config.commission, owner.updateTime)
    this.byApiKey.set(account.apiKey, account)
    return account
  }

  /** Deletes an API key: requests signed with it are refused from now on. The account and its other keys stay. */
  removeKey(apiKey: string): void {
    const key = this.byApiKey.get(apiKey)
    if (!key) throw new RangeError(`no account has the API key '${apiKey}'`)
    if (!this.hasOtherKey(key))
      throw new RangeError(`apiKey: ${apiKey} is its account's only key (add another first)`)
    this.byApiKey.delete(apiKey)
  }

  /** Whether the key's account has a key besides it. */
  private hasOtherKey(key: Account): boolean {
    for (const other of this.byApiKey.values()) if (other.id === key.id && other !== key) return true
    return false
  }

  /** Changes what a key may do and from where; what is not given stays. */
  updateKey(apiKey: string, change: KeyChange): void {
    const key = this.byApiKey.get(apiKey)
    if (!key) throw new RangeError(`no account has the API key '${apiKey}'`)
    if (change.permissions !== undefined) key.permissions = new Set(change.permissions)
    if (change.ipWhitelist !== undefined)
      key.ipWhitelist = change.ipWhitelist === null ? undefined : new Set(change.ipWhitelist)
  }

  /** The configured account with this id (ids start at 1). */
  accountById(id: number): Account {
    const account = this.accounts[id - 1]
    if (!account) throw new RangeError(`no account ${id}`)
    return account
  }

  /** The account's commission charger: its schedule per symbol, in BNB when enabled and affordable. */
  chargerOf(account: Account): Charger {
    const charger = this.chargers.get(account.id)
    if (!charger) throw new RangeError(`no account ${account.id}`)
    return charger
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
    if (result.ok) this.record(result.effects, now)
    return result
  }

  cancel(
    accountId: number,
    symbol: string,
    ref: OrderRef,
    newClientOrderId: string | undefined,
    now: number,
  ): CancelResult {
    const result = this.engine.cancel(accountId, symbol, ref, newClientOrderId, now)
    if (result.ok) this.record(result.effects, now)
    return result
  }

  /** Reduces an open order's quantity in place (order.amend.keepPriority). */
  amend(
    accountId: number,
    symbol: string,
    ref: OrderRef,
    newQty: number,
    newClientOrderId: string | undefined,
    now: number,
  ): AmendResult {
    const result = this.engine.amend(accountId, symbol, ref, newQty, newClientOrderId, now)
    if (result.ok) this.record(result.effects, now)
    return result
  }

  /** Places an order list; `asPlaced` is a copy of it before its pending legs start (what the placement answers). */
  placeList(
    cmd: ListCommand,
    now: number,
  ): Exclude<ListPlaceResult, { ok: true }> | (ListPlaceResult & { ok: true; asPlaced: OrderList }) {
    const result = this.lists.place(cmd, now)
    if (!result.ok) return result
    const asPlaced = result.list.snapshot()
    this.record(result.effects, now)
    return { ...result, asPlaced }
  }

  cancelList(
    list: OrderList,
    newListClientOrderId: string | undefined,
    now: number,
  ): ListCancelResult & { ok: true } {
    const result = this.lists.cancelList(list, newListClientOrderId, now)
    this.record(result.effects, now)
    return result
  }

  /**
   * The exchange cancels the open orders on `symbol` (delisting, maintenance): each expires with expiryReason
   * EXCHANGE_CANCELED, a list leg with its whole list (ALL_DONE). Every account's orders, or `accountId`'s only;
   * the synthetic liquidity is left alone. Returns the effects (events) and how many orders expired.
   */
  expireOrders(
    symbol: string,
    accountId: number | undefined,
    now: number,
  ): { effects: Effects; count: number } {
    const book = this.book(symbol)
    const effects = new Effects()
    const step = { book, effects, now }
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
      this.engine.matcher.expire(step, order, 'EXCHANGE_CANCELED')
      count++
    }
    this.record(effects, now)
    return { effects, count }
  }

  /** The account's trades on `symbol`, oldest first; those `q` selects when given. */
  /** Spills every history table's full chunks that can no longer change to `store` (a data dir's history file). */
  spillHistory(store: ChunkStore): void {
    for (const [symbol, tape] of this.tapes) {
      this.book(symbol).spillHistory(store)
      tape.spill(store)
    }
    this.accountTrades.spill(store)
  }

  trades(accountId: number, symbol: string, q?: TradeQuery): readonly AccountTrade[] {
    return q ? this.accountTrades.select(accountId, symbol, q) : this.accountTrades.of(accountId, symbol)
  }

  /** Volume-weighted average price (10^-8 units) of the last `mins` minutes; the last price if none. */
  avgPrice(symbol: string, mins: number, now: number): bigint {
    const tape = this.tape(symbol)
    const { market } = this.book(symbol)
    const { qty, quote } = mins > 0 ? tape.volumeSince(now - mins * 60_000) : { qty: 0, quote: 0n }
    if (qty > 0) return (quote * pow10(MONEY_SCALE)) / market.baseAmount(qty)
    return BigInt(tape.lastPrice) * pow10(MONEY_SCALE - market.priceScale)
  }

  /** The symbol's reference price now (money units), or why there is none. */
  referencePrice(s: ListedSymbol, now: number): ReferenceValue {
    const market = this.book(s.info.symbol).market
    const toMoney = (price: number) => BigInt(price) * pow10(MONEY_SCALE - market.priceScale)
    return referencePrice(s.options.referencePriceCalculation, this.tape(s.info.symbol), toMoney, now)
  }

  /**
   * Records what a change made: trades on the tapes and the accounts' trade lists, first-fill credits, balance
   * update times, pending list legs that may start now, the synthetic liquidity's refills. Every engine command
   * above records its own effects; this is for effects made outside them (a SOR order's own executions).
   */
  record(effects: Effects, now: number): void {
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
      if (trade.buyer.accountId !== LIQUIDITY_ACCOUNT_ID)
        this.accountTrades.add(trade.buyer.accountId, trade, true)
      if (trade.seller.accountId !== LIQUIDITY_ACCOUNT_ID)
        this.accountTrades.add(trade.seller.accountId, trade, false)
    }
    const decrement = this.config.firstFillDecrement ?? { taker: 1, maker: 1 }
    for (const [accountId, n] of firstFillCredits(effects, decrement))
      this.orderCounter.filled(accountId, now, n)
    effects.eachTouchedAccount((accountId) => {
      const account = this.accounts[accountId - 1]
      if (account) account.updateTime = now
    })
    const symbol = effects.trades[0]?.buyer.market.symbol
    // With `replay.impact` the liquidity taken stays taken until the replay rebuilds the book (docs/replay.md).
    if (this.liquidity && symbol && !this.config.synthBook?.[symbol]?.impact)
      this.liquidity.replenish(effects, now)
  }
}
