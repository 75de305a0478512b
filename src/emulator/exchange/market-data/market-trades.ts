// Trades of the outside market (a replay of Binance's public data) written to a symbol's tape: they move the last
// price, the klines, tickers and average price, trigger stop orders, and the synthesized book follows them. Each
// may first fill users' resting orders (the fills its command names, planned by the replay's fill model); it trades
// with no other order: the users' orders do not change history (docs/replay.md).
import { fillFromOutside, triggerAtOutsidePrice } from '../../engine/outside-fill.js'
import type { CommandOf, ExchangeEvent, MarketTrade } from '../commands.js'
import { LIQUIDITY_ACCOUNT_ID } from '../liquidity.js'
import type { ExchangeState } from '../state.js'
import { postSnapshotBook } from './snapshot-book.js'
import { recentreSynthBook, type SynthBookSettings } from './synth-book.js'

/**
 * Posts `cmd.depth` when it carries a snapshot, then records `cmd.trades` in order, numbered after the symbol's last
 * trade id; then re-centres the synthesized book once (unless a snapshot owns the book): when the price moved, or
 * after any trade with `impact` (so the liquidity users took comes back with the next replayed trade).
 */
export function recordMarketTrades(
  state: ExchangeState,
  cmd: CommandOf<'recordMarketTrades'>,
  now: number,
  events: ExchangeEvent[],
): undefined {
  const book = state.book(cmd.symbol)
  const tape = state.tape(cmd.symbol)
  const market = book.market
  const before = tape.lastPrice
  const settings = synthBookOf(state, cmd.symbol)
  if (cmd.depth && settings) postSnapshotBook(state, cmd.symbol, cmd.depth, now, events)
  for (const t of cmd.trades) {
    if (t.fills) fillUsers(state, cmd.symbol, t, now, events)
    const id = ++book.lastTradeId
    // Trades of one time, price and side aggregate, as one taker's would: the files do not name the taker.
    tape.record({
      id,
      price: t.price,
      qty: t.qty,
      quote: market.notional(t.price, t.qty),
      time: t.time,
      buyerIsMaker: t.buyerIsMaker,
      takerOrderId: 0,
    })
    book.lastPrice = t.price
    if (book.parked.size > 0) {
      const effects = triggerAtOutsidePrice(state.engine, cmd.symbol, t.price, now)
      state.record(effects, now)
      events.push(effects)
    }
  }
  const last = cmd.trades[cmd.trades.length - 1]
  if (last && settings && !cmd.keepBook && (last.price !== before || settings.impact))
    recentreSynthBook(state, cmd.symbol, last.price, settings, now, events)
  return undefined
}

/** Fills the users' resting orders `t` names, each at its own price, as the maker of a trade with the market. */
function fillUsers(
  state: ExchangeState,
  symbol: string,
  t: MarketTrade,
  now: number,
  events: ExchangeEvent[],
) {
  for (const fill of t.fills ?? []) {
    const placed = fillFromOutside(state.engine, symbol, fill.orderId, fill.qty, LIQUIDITY_ACCOUNT_ID, now)
    if (!placed?.ok) continue
    state.record(placed.effects, now)
    events.push(placed.effects)
  }
}

/** The symbol's synthesized book: configured, else the synthetic liquidity's levels and size; none without it. */
function synthBookOf(state: ExchangeState, symbol: string): SynthBookSettings | undefined {
  const { liquidity, synthBook } = state.config
  if (!liquidity) return undefined
  const configured = synthBook?.[symbol]
  if (configured) return configured
  const listed = state.symbols.get(symbol)
  if (!listed || listed.liquidityQty <= 0) return undefined
  const ticks = Math.max(1, Math.round((listed.referencePrice * liquidity.spacingBps) / 10_000))
  return { levels: liquidity.levels, offsetTicks: ticks, stepTicks: ticks, qty: listed.liquidityQty }
}
