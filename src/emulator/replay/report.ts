// The replay's report per account (docs/replay.md "Report"): trades, fees, realised and unrealised PnL (average
// cost), the equity curve on data time, maximum drawdown and exposure — from the exchange's facade (each account's
// trades, its balances now, the tape's one-second candles), every amount in exact integer money units.
import { divRoundHalfUp, formatUnits, MONEY_SCALE, pow10 } from '../engine/decimal.js'
import type { Market } from '../engine/market.js'
import type { Exchange } from '../exchange/exchange.js'
import type { ReplayFeed, ReplayProgress } from './replay-feed.js'
import {
  type Drawdown,
  type EquityPoint,
  equityCurve,
  equityPoints,
  maxDrawdown,
  maxExposure,
  type ReportTrade,
} from './report-equity.js'
import { checkReportFile, writeReport } from './report-file.js'
import { PriceSeries, valueAt } from './report-prices.js'
import { type Returns, returnsOf } from './report-returns.js'

/** A decimal string with 8 places (10^-8 units of an asset). */
type Amount = string

/** One symbol's part of an account's report, in the symbol's quote asset. */
export interface SymbolReport {
  readonly symbol: string
  readonly baseAsset: string
  readonly quoteAsset: string
  readonly trades: number
  readonly buys: number
  readonly sells: number
  /** Base bought plus base sold. */
  readonly volume: Amount
  readonly quoteVolume: Amount
  /** Base held at the first replayed price (the opening inventory, valued at that price). */
  readonly openingPosition: Amount
  readonly openingPrice: Amount
  /** Base held now, counting trades only (fees charged in the base asset are in `fees`). */
  readonly position: Amount
  /** Average cost of `position` per base unit. */
  readonly averageCost: Amount
  readonly lastPrice: Amount
  /** Σ over sells of qty × (price − average cost then). */
  readonly realisedPnl: Amount
  /** position × (last price − average cost). */
  readonly unrealisedPnl: Amount
}

/** An account's report; the totals are in `ReplayReport.valuationAsset`; returns and ratios in report-returns.ts. */
export interface AccountReport extends Returns {
  readonly apiKey: string
  readonly trades: number
  readonly quoteVolume: Amount
  /** Commission paid, per asset. */
  readonly fees: Readonly<Record<string, Amount>>
  /** The fees valued at the price of each trade; fees in an asset without a price are left out and listed. */
  readonly feesInValuation: Amount
  readonly unpricedFeeAssets: readonly string[]
  readonly realisedPnl: Amount
  readonly unrealisedPnl: Amount
  /** realised + unrealised − fees. */
  readonly netPnl: Amount
  readonly startEquity: Amount
  readonly endEquity: Amount
  readonly maxDrawdown: Drawdown
  /** The largest position value / equity of the curve, 4 decimals. */
  readonly maxExposure: string
  /** Sells on the valued symbols (each realises PnL by average cost), those that realised more than 0, their share (4 places; null without sells). */
  readonly closingTrades: number
  readonly winningTrades: number
  readonly winRate: string | null
  /** Times a valued symbol's position (opening inventory included) was sold down to exactly 0. */
  readonly roundTrips: number
  /** quoteVolume / startEquity, 4 places (toward zero); null when startEquity is not positive. */
  readonly turnover: string | null
  readonly symbols: readonly SymbolReport[]
  /** Per data minute (and at the last data time): equity and exposure (position value / equity). */
  readonly equityCurve: readonly EquityPoint[]
}

export interface ReplayReport {
  /** Data time (ms): the window replayed so far. */
  readonly from: number
  readonly to: number
  /** The data has ended. */
  readonly done: boolean
  /** The emulator closed before the data ended: the report stops at `to`. */
  readonly stopped: boolean
  /** The quote asset of the first replayed symbol: what equity, fees and PnL totals are counted in. */
  readonly valuationAsset: string
  readonly method: 'average cost'
  readonly accounts: readonly AccountReport[]
}

/** Where the replay stands when the report is taken. */
type ReportWindow = Pick<ReplayProgress, 'firstTime' | 'time' | 'done' | 'stopped'>

/** `ex.replay`: the feed's progress and end, and the report of every account at the data time reached. */
export interface EmulatorReplay {
  progress(): ReplayProgress
  report(): ReplayReport
  /** Settles when the data has ended (the clock stays at the last event) or the emulator closed, report written. */
  readonly done: Promise<void>
}

/**
 * `ex.replay` over the feed; with `reportFile`, the report is written when the data ends (or the emulator closes
 * first), and `done` settles after it (a failure to write is logged: the emulator keeps serving).
 */
export function emulatorReplay(
  feed: Pick<ReplayFeed, 'progress' | 'done'>,
  exchange: Exchange,
  reportFile: string | undefined,
  log: (line: string) => void,
): EmulatorReplay {
  if (reportFile !== undefined) checkReportFile(reportFile)
  const report = () => replayReport(exchange, feed.progress())
  const written = feed.done.then(() => {
    if (reportFile === undefined) return
    try {
      writeReport(reportFile, report())
    } catch (err) {
      log(`replay.report: cannot write ${reportFile}: ${(err as Error).message}`)
    }
  })
  return { progress: () => feed.progress(), report, done: written }
}

const text = (units: bigint): Amount => formatUnits(units, MONEY_SCALE)
/** a / b with 4 places, toward zero. */
const ratio = (a: bigint, b: bigint) => formatUnits((a * 10_000n) / b, 4, 4)

/** The report of every account over `[firstTime, time]`, for the symbols the data (or the accounts) traded. */
function replayReport(exchange: Exchange, window: ReportWindow): ReplayReport {
  const markets = [...exchange.symbols.values()]
    .map((s) => exchange.book(s.info.symbol).market)
    .filter((m) => exchange.tape(m.symbol).candles.length > 0)
  const valuationAsset = markets[0]?.quoteAsset ?? 'USDT'
  const prices = new PriceSeries(exchange, markets, window.firstTime)
  const accounts = exchange.accounts.map((a) =>
    accountReport(exchange, a, markets, prices, valuationAsset, window),
  )
  return {
    from: window.firstTime,
    to: window.time,
    done: window.done,
    stopped: window.stopped,
    valuationAsset,
    method: 'average cost',
    accounts,
  }
}

function accountReport(
  exchange: Exchange,
  account: { readonly id: number; readonly apiKey: string },
  markets: readonly Market[],
  prices: PriceSeries,
  valuation: string,
  window: ReportWindow,
): AccountReport {
  const trades = accountTrades(exchange, account.id, markets)
  const opening = openingHoldings(exchange, account.id, trades)
  const fees = new Map<string, bigint>()
  let feesInValuation = 0n
  const unpriced = new Set<string>()
  for (const t of trades) {
    if (t.fee === 0n) continue
    fees.set(t.feeAsset, (fees.get(t.feeAsset) ?? 0n) + t.fee)
    const value = prices.valueIn(t.feeAsset, t.fee, valuation, t.time, t)
    if (value === undefined) unpriced.add(t.feeAsset)
    else feesInValuation += value
  }
  const figures = markets.map((m) =>
    symbolFigures(
      m,
      trades.filter((t) => t.market === m),
      opening.get(m.baseAsset) ?? 0n,
      prices,
      window.time,
    ),
  )
  const valued = figures.filter((f) => f.market.quoteAsset === valuation)
  const sum = (pick: (f: SymbolFigures) => bigint) => valued.reduce((total, f) => total + pick(f), 0n)
  const realised = sum((f) => f.realised)
  const unrealised = sum((f) => f.unrealised)
  const samples = equityCurve(opening, trades, prices, markets, valuation, window)
  const quoteVolume = sum((f) => f.quoteVolume)
  const startEquity = samples[0]?.equity ?? 0n
  const count = (pick: (f: SymbolFigures) => number) => valued.reduce((n, f) => n + pick(f), 0)
  const closing = count((f) => f.closing)
  const winning = count((f) => f.winning)
  return {
    apiKey: account.apiKey,
    trades: trades.length,
    quoteVolume: text(quoteVolume),
    fees: Object.fromEntries([...fees].map(([asset, fee]) => [asset, text(fee)])),
    feesInValuation: text(feesInValuation),
    unpricedFeeAssets: [...unpriced],
    realisedPnl: text(realised),
    unrealisedPnl: text(unrealised),
    netPnl: text(realised + unrealised - feesInValuation),
    startEquity: text(startEquity),
    endEquity: text(samples[samples.length - 1]?.equity ?? 0n),
    maxDrawdown: maxDrawdown(samples),
    maxExposure: maxExposure(samples),
    ...returnsOf(samples),
    closingTrades: closing,
    winningTrades: winning,
    winRate: closing > 0 ? ratio(BigInt(winning), BigInt(closing)) : null,
    roundTrips: count((f) => f.roundTrips),
    turnover: startEquity > 0n ? ratio(quoteVolume, startEquity) : null,
    symbols: figures.map((f) => f.report),
    equityCurve: equityPoints(samples),
  }
}

/** The account's trades on `markets`, in time order, in money units. */
function accountTrades(exchange: Exchange, accountId: number, markets: readonly Market[]): ReportTrade[] {
  const trades: ReportTrade[] = []
  for (const m of markets) {
    for (const t of exchange.trades(accountId, m.symbol)) {
      trades.push({
        market: m,
        isBuyer: t.isBuyer,
        price: t.price,
        base: m.baseAmount(t.qty),
        quote: t.quote,
        fee: t.commission,
        feeAsset: t.commissionAsset,
        time: t.time,
      })
    }
  }
  return trades.sort((a, b) => a.time - b.time)
}

/** The account's holdings (free + locked) before its first trade: now, minus what each trade changed. */
function openingHoldings(
  exchange: Exchange,
  accountId: number,
  trades: readonly ReportTrade[],
): Map<string, bigint> {
  const held = new Map<string, bigint>()
  for (const [asset, h] of exchange.balances.holdings(accountId)) held.set(asset, h.free + h.locked)
  const add = (asset: string, delta: bigint) => held.set(asset, (held.get(asset) ?? 0n) + delta)
  for (const t of trades) {
    const sign = t.isBuyer ? -1n : 1n
    add(t.market.baseAsset, sign * t.base)
    add(t.market.quoteAsset, -sign * t.quote)
    add(t.feeAsset, t.fee)
  }
  return held
}

interface SymbolFigures {
  readonly market: Market
  readonly realised: bigint
  readonly unrealised: bigint
  readonly quoteVolume: bigint
  readonly closing: number
  readonly winning: number
  readonly roundTrips: number
  readonly report: SymbolReport
}

/** Average cost: a buy adds its quote to the cost; a sell takes out its share of the cost and realises the rest. */
function symbolFigures(
  m: Market,
  trades: readonly ReportTrade[],
  opening: bigint,
  prices: PriceSeries,
  now: number,
): SymbolFigures {
  const openingPrice = prices.priceAt(m.symbol, prices.firstTime - 1)
  const last = prices.priceAt(m.symbol, now)
  let position = opening
  let cost = valueAt(m, opening, openingPrice)
  let realised = 0n
  let volume = 0n
  let quoteVolume = 0n
  let buys = 0
  let winning = 0
  let roundTrips = 0
  for (const t of trades) {
    volume += t.base
    quoteVolume += t.quote
    if (t.isBuyer) {
      buys++
      position += t.base
      cost += t.quote
      continue
    }
    const costOut = position > 0n ? divRoundHalfUp(cost * t.base, position) : 0n
    realised += t.quote - costOut
    if (t.quote > costOut) winning++
    cost -= costOut
    position -= t.base
    if (position === 0n) roundTrips++
  }
  const unrealised = valueAt(m, position, last) - cost
  const average = position > 0n ? divRoundHalfUp(cost * pow10(MONEY_SCALE), position) : 0n
  const report: SymbolReport = {
    symbol: m.symbol,
    baseAsset: m.baseAsset,
    quoteAsset: m.quoteAsset,
    trades: trades.length,
    buys,
    sells: trades.length - buys,
    volume: text(volume),
    quoteVolume: text(quoteVolume),
    openingPosition: text(opening),
    openingPrice: formatUnits(openingPrice, m.priceScale),
    position: text(position),
    averageCost: text(average),
    lastPrice: formatUnits(last, m.priceScale),
    realisedPnl: text(realised),
    unrealisedPnl: text(unrealised),
  }
  const closing = trades.length - buys
  return { market: m, realised, unrealised, quoteVolume, closing, winning, roundTrips, report }
}
