// Order entry: every new order (order.place, order.test, the new order of order.cancelReplace, the legs of an order
// list, sor.order.place, sor.order.test) passes the steps of STEPS in their order, which is Binance's documented
// one: what the symbol allows and whether the account may trade on it, the unfilled order count (ORDERS), prices
// and filters, then the matching engine's own refusals. The first step that fails answers. Parameter rules that
// need no account or market data ran before authentication (api/handlers/order-params.ts). Row ids in comments
// (A23, 3.3.9) are those of docs/emulator-fidelity.md, where the choices are recorded.
import type { OrderType } from '../../protocol/enums.js'
import { ME_MESSAGES } from '../../protocol/errors.js'
import { ocoPricesStraddle } from '../engine/lists/oco-prices.js'
import type { ListKind } from '../engine/lists/order-list.js'
import { peggedPrice } from '../engine/peg.js'
import type { Account } from './account.js'
import { checkAccountMay } from './account-rights.js'
import { fail, failWithData } from './api-failure.js'
import type { NewOrder } from './commands.js'
import { atPeggedPrice, filterSubject, MARKET_LIKE, money } from './engine-command.js'
import { checkOpenOrderLimits, checkOrderFilters } from './filters/check-order.js'
import { additionOf } from './filters/open-counts.js'
import type { FixedWindow } from './limits/fixed-window.js'
import type { ExchangeState } from './state.js'
import type { ListedSymbol } from './symbols.js'
import { safeUnitsOf } from './units.js'

/** What is entered: one order, a SOR order, the new order of a cancel-replace, or an order list. */
type EntryKind = 'ORDER' | 'SOR' | 'REPLACE' | ListKind

/** One request's new order (or a list's legs) on its way through order entry. */
export interface Entry {
  readonly state: ExchangeState
  readonly account: Account
  readonly symbol: ListedSymbol
  readonly kind: EntryKind
  /** One order, or a list's legs in orderId order. */
  readonly orders: readonly NewOrder[]
  /** order.test, sor.order.test: checked but never placed, so not counted, pegged or refused by account blocks. */
  readonly test: boolean
  /** What the request adds to the unfilled order count. */
  readonly cost: number
  /** A cancel-replace with orderRateLimitExceededMode CANCEL_ONLY: a full unfilled order count does not stop it. */
  readonly cancelOnly: boolean
  readonly now: number
  /** The ORDERS window a CANCEL_ONLY cancel-replace found full (its new order is then not attempted). */
  overLimit: FixedWindow | undefined
  /** Per order, the price a LIMIT/LIMIT_MAKER peg selected now; undefined when it does not peg now. */
  pegs: (number | undefined)[]
}

export interface EntryInit {
  readonly kind: EntryKind
  readonly accountId: number
  readonly symbol: string
  readonly orders: readonly NewOrder[]
  readonly cost: number
  readonly now: number
  readonly test?: boolean
  readonly cancelOnly?: boolean
}

/** The entry of a request; fails with -1121 for a symbol that is not listed. */
export function entryOf(state: ExchangeState, init: EntryInit): Entry {
  const symbol = state.symbols.get(init.symbol)
  if (symbol === undefined) return fail('BAD_SYMBOL')
  return {
    state,
    account: state.accountById(init.accountId),
    symbol,
    kind: init.kind,
    orders: init.orders,
    test: init.test ?? false,
    cost: init.cost,
    cancelOnly: init.cancelOnly ?? false,
    now: init.now,
    overLimit: undefined,
    pegs: init.orders.length === 1 ? [undefined] : init.orders.map(() => undefined),
  }
}

type Step = (e: Entry) => void

const rejected = (msg: string): never => fail('NEW_ORDER_REJECTED', msg)

const TYPE_NOT_SUPPORTED: Partial<Record<OrderType, string>> = {
  MARKET: ME_MESSAGES.MARKET_NOT_SUPPORTED,
  STOP_LOSS: ME_MESSAGES.STOP_LOSS_NOT_SUPPORTED,
  STOP_LOSS_LIMIT: ME_MESSAGES.STOP_LOSS_LIMIT_NOT_SUPPORTED,
  TAKE_PROFIT: ME_MESSAGES.TAKE_PROFIT_NOT_SUPPORTED,
  TAKE_PROFIT_LIMIT: ME_MESSAGES.TAKE_PROFIT_LIMIT_NOT_SUPPORTED,
}

/** Order types that may carry an iceberg, and a peg. */
const ICEBERG_TYPES: ReadonlySet<OrderType> = new Set([
  'LIMIT',
  'LIMIT_MAKER',
  'STOP_LOSS_LIMIT',
  'TAKE_PROFIT_LIMIT',
])
const PEG_TYPES = ICEBERG_TYPES

const isList = (e: Entry) => e.kind !== 'ORDER' && e.kind !== 'SOR' && e.kind !== 'REPLACE'

/** Each order: the symbol trades, takes its type and features; the account may trade on it; its STP mode. */
function symbolAllowsEachOrder(e: Entry): void {
  const { info } = e.symbol
  const trading = { tradeOn: e.symbol }
  for (const p of e.orders) {
    if (info.status !== 'TRADING') rejected(ME_MESSAGES.MARKET_CLOSED)
    if (!info.orderTypes.includes(p.type))
      rejected(TYPE_NOT_SUPPORTED[p.type] ?? ME_MESSAGES.UNSUPPORTED_COMBINATION)
    if (p.quoteOrderQty !== undefined && !info.quoteOrderQtyMarketAllowed) {
      rejected(ME_MESSAGES.QUOTE_QTY_NOT_SUPPORTED)
    }
    if (p.icebergQty !== undefined && !info.icebergAllowed) rejected(ME_MESSAGES.ICEBERG_NOT_SUPPORTED)
    if (p.trailingDelta !== undefined && !info.allowTrailingStop) rejected(ME_MESSAGES.TRAILING_NOT_SUPPORTED)
    const pegged =
      p.pegPriceType !== undefined || p.pegOffsetType !== undefined || p.pegOffsetValue !== undefined
    if (pegged && !info.pegInstructionsAllowed) rejected(ME_MESSAGES.PEG_NOT_SUPPORTED)
    checkAccountMay(e.state.config, e.account, trading)
    const stp = p.selfTradePreventionMode ?? info.defaultSelfTradePreventionMode
    if (!info.allowedSelfTradePreventionModes.includes(stp)) fail('STP_MODE_NOT_ALLOWED')
  }
}

/** ocoAllowed / otoAllowed / opoAllowed as each list kind needs them (3.1.5), cancelReplaceAllowed. */
function symbolAllowsTheKind(e: Entry): void {
  const { ocoAllowed, otoAllowed, opoAllowed, cancelReplaceAllowed } = e.symbol.info
  switch (e.kind) {
    case 'REPLACE':
      if (!cancelReplaceAllowed) rejected(ME_MESSAGES.CANCEL_REPLACE_NOT_SUPPORTED)
      break
    case 'OCO':
      if (!ocoAllowed) rejected(ME_MESSAGES.OCO_NOT_SUPPORTED)
      break
    case 'OTO':
    case 'OTOCO':
      if (!otoAllowed) rejected(ME_MESSAGES.UNSUPPORTED_COMBINATION)
      if (e.kind === 'OTOCO' && !ocoAllowed) rejected(ME_MESSAGES.OCO_NOT_SUPPORTED)
      break
    case 'OPO':
    case 'OPOCO':
      if (!otoAllowed || !opoAllowed || (e.kind === 'OPOCO' && !ocoAllowed))
        rejected(ME_MESSAGES.OPO_NOT_SUPPORTED)
      break
  }
}

/** 429 -1015 when the account's unfilled order count has no room for what the request adds. */
function unfilledOrderCountHasRoom(e: Entry): void {
  if (e.test) return
  const over = e.state.orderCounter.exceeded(e.account.id, e.cost, e.now)
  if (!over) return
  if (e.cancelOnly) {
    e.overLimit = over
    return
  }
  const data = { serverTime: e.now, retryAfter: over.resetsAt(e.now) }
  failWithData('TOO_MANY_ORDERS', data, over.rule.limit, over.label)
}

/**
 * A LIMIT/LIMIT_MAKER peg that goes on the book now takes its price from the book (3.3.9): a single order, an OCO
 * leg, a list's working order. Pending legs peg when they start, stop-limit orders when they trigger.
 */
function pegsFindAPrice(e: Entry): void {
  if (e.test) return
  for (let i = 0; i < e.orders.length; i++) {
    const p = e.orders[i] as NewOrder
    const now = !isList(e) || e.kind === 'OCO' || i === 0
    if (!now || p.pegPriceType === undefined || (p.type !== 'LIMIT' && p.type !== 'LIMIT_MAKER')) continue
    const book = e.state.book(e.symbol.info.symbol)
    const price = peggedPrice(book, p.side, p.pegPriceType, p.pegOffsetValue ?? 0)
    e.pegs[i] = price ?? rejected(ME_MESSAGES.PEG_LIQUIDITY_TOO_LOW)
  }
}

/** -1013: each order's symbol and asset filters, at its pegged price, and at its sent price too when it has one. */
function eachOrderPassesItsFilters(e: Entry): void {
  const { state, account, symbol: s, now } = e
  for (let i = 0; i < e.orders.length; i++) {
    const p = e.orders[i] as NewOrder
    const pegged = e.pegs[i]
    const at = pegged === undefined ? p : atPeggedPrice(s, p, pegged)
    checkOrderFilters(state, account, s, filterSubject(at), now)
    if (pegged !== undefined && p.price !== undefined)
      checkOrderFilters(state, account, s, filterSubject(p), now)
  }
}

/** -1013: the symbol's and the exchange's count filters, with everything the request adds. */
function openOrderCountsHaveRoom(e: Entry): void {
  const adding = additionOf(
    e.orders.map((p) => ({ type: p.type, icebergQty: money(p.icebergQty) })),
    isList(e),
  )
  checkOpenOrderLimits(e.state, e.account, e.symbol, adding)
}

const zero = (v: string | undefined) => v !== undefined && money(v) === 0n

/** "Price * QTY is zero or less.": a zero quantity, quote quantity, or (limit types) price. */
function pricesAndQuantitiesAreAboveZero(e: Entry): void {
  for (const p of e.orders) {
    if (zero(p.quantity) || zero(p.quoteOrderQty) || (!MARKET_LIKE.has(p.type) && zero(p.price))) {
      rejected(ME_MESSAGES.PRICE_QTY_ZERO)
    }
  }
}

/**
 * An OCO's prices straddle the last price (3.6.5–3.6.6, A28), a pegged leg at its pegged price. An OTOCO/OPOCO's
 * pending pair is checked when it starts instead (`engine/lists/list-desk.ts`, 3.6.10).
 */
function ocoPricesStraddleTheLastPrice(e: Entry): void {
  if (e.kind !== 'OCO') return
  const units = (v: string | undefined) =>
    v === undefined ? undefined : safeUnitsOf(v, e.symbol.spec.priceScale)
  const legs = e.orders.map((p, i) => {
    const pegged = e.pegs[i]
    const { type, side, price, stopPrice } = pegged === undefined ? p : atPeggedPrice(e.symbol, p, pegged)
    return { type, side, price: units(price), stopPrice: units(stopPrice) }
  })
  const symbol = e.symbol.info.symbol
  const book = e.state.book(symbol)
  const last = book.lastPrice > 0 ? book.lastPrice : e.state.tape(symbol).lastPrice
  if (!ocoPricesStraddle(legs, last)) rejected(ME_MESSAGES.OCO_BAD_PRICES)
}

/**
 * -2010 for iceberg and peg combinations: an iceberg's type, its GTC, its size under the quantity (a list's
 * iceberg legs were checked with the list's params); a peg's order type, and its peg type with the time in force.
 */
function featureCombinationsAreSupported(e: Entry): void {
  const { qtyScale } = e.symbol.spec
  for (const p of e.orders) {
    if (p.icebergQty !== undefined && !isList(e)) {
      if (!ICEBERG_TYPES.has(p.type)) rejected(ME_MESSAGES.UNSUPPORTED_COMBINATION)
      if (p.type !== 'LIMIT_MAKER' && p.timeInForce !== 'GTC') rejected(ME_MESSAGES.UNSUPPORTED_COMBINATION)
      const ice = safeUnitsOf(p.icebergQty, qtyScale, 'icebergQty')
      if (p.quantity !== undefined && ice >= safeUnitsOf(p.quantity, qtyScale, 'quantity')) {
        rejected(ME_MESSAGES.ICEBERG_QTY_EXCEEDS_QTY)
      }
    }
    if (p.pegPriceType === undefined) continue
    if (!PEG_TYPES.has(p.type)) rejected(ME_MESSAGES.PEG_ORDER_TYPE)
    if (p.type === 'LIMIT_MAKER' && p.pegPriceType !== 'PRIMARY_PEG')
      rejected(ME_MESSAGES.PEG_TYPE_FOR_ORDER_TYPE)
    if (p.type === 'LIMIT' && p.pegPriceType === 'PRIMARY_PEG' && p.timeInForce !== 'GTC') {
      rejected(ME_MESSAGES.PEG_TYPE_FOR_ORDER_TYPE)
    }
  }
}

const PLACING = { action: 'PLACE' } as const
const PLACING_SOR = { action: 'PLACE', sor: true } as const

/** The server and account blocks of placing (SOR: and preventSor). */
function accountMayPlace(e: Entry): void {
  if (e.test) return
  checkAccountMay(e.state.config, e.account, e.kind === 'SOR' ? PLACING_SOR : PLACING)
}

/** The steps in order; each skips what does not apply to the entry. */
const STEPS: readonly Step[] = [
  symbolAllowsEachOrder,
  symbolAllowsTheKind,
  unfilledOrderCountHasRoom,
  pegsFindAPrice,
  eachOrderPassesItsFilters,
  openOrderCountsHaveRoom,
  pricesAndQuantitiesAreAboveZero,
  featureCombinationsAreSupported,
  ocoPricesStraddleTheLastPrice,
  accountMayPlace,
]

/** Where a cancel-replace splits the steps: those before its cancel, and those its new order runs again after. */
export const BEFORE_THE_CANCEL = { first: symbolAllowsEachOrder, last: pricesAndQuantitiesAreAboveZero }
export const AFTER_THE_CANCEL = { first: pegsFindAPrice, last: accountMayPlace }

/** Runs the steps from `first` to `last` (default: all of them); the first failing step throws its refusal. */
export function checkEntry(e: Entry, range?: { readonly first: Step; readonly last: Step }): void {
  const from = range ? STEPS.indexOf(range.first) : 0
  const to = range ? STEPS.indexOf(range.last) : STEPS.length - 1
  for (let i = from; i <= to; i++) (STEPS[i] as Step)(e)
}
