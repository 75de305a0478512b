// The fill model against history, on the exchange facade: a user's resting order fills when replayed trades trade
// through its price, at its own price only after the volume ahead of it in the queue, in price-time order among
// users; the synthesized book never crosses a user's order; replayed prices trigger stop orders.
import { describe, expect, it } from 'vitest'
import { Effects, type Execution } from '../../../src/emulator/engine/effects.js'
import { DEFAULT_SYMBOLS } from '../../../src/emulator/exchange/default-symbols.js'
import { Exchange } from '../../../src/emulator/exchange/exchange.js'
import { LIQUIDITY_ACCOUNT_ID } from '../../../src/emulator/exchange/liquidity.js'
import { HistoryFills } from '../../../src/emulator/replay/history-fills.js'

const T = Date.UTC(2025, 2, 1)
/** BTCUSDT units: price 10^-2, quantity 10^-5. */
const px = (p: string) => Math.round(Number(p) * 100)
const qt = (q: string) => Math.round(Number(q) * 100_000)

function market() {
  const exchange = new Exchange({
    symbols: DEFAULT_SYMBOLS,
    accounts: [{ apiKey: 'a', hmacSecret: 's', balances: { USDT: '1000000', BTC: '10' } }],
    liquidity: { levels: 3, spacingBps: 5 },
    seed: 1,
    commission: undefined,
    startTime: T,
    synthBook: { BTCUSDT: { levels: 3, offsetTicks: 1, stepTicks: 1, qty: qt('0.3') } },
  })
  const fills = new HistoryFills(exchange, ['BTCUSDT'])
  const executions: Execution[] = []
  exchange.onEvent((e) => {
    if (e instanceof Effects) executions.push(...e.executions.filter((x) => x.order.accountId === 1))
  })
  let now = T
  /** Replays one millisecond of trades `[price, qty, buyerIsMaker]` as the feed does. */
  const replay = (...trades: [string, string, boolean][]) => {
    now++
    const list = trades.map(([p, q, m]) => {
      const f = fills.plan('BTCUSDT', px(p), qt(q), m)
      return { price: px(p), qty: qt(q), time: now, buyerIsMaker: m, ...(f && { fills: f }) }
    })
    exchange.execute({ kind: 'recordMarketTrades', symbol: 'BTCUSDT', trades: list }, now)
    fills.applied('BTCUSDT')
  }
  const place = (side: 'BUY' | 'SELL', price: string, quantity: string, extra = {}) =>
    exchange.execute(
      {
        kind: 'placeOrder',
        accountId: 1,
        cost: 1,
        order: { symbol: 'BTCUSDT', side, type: 'LIMIT', timeInForce: 'GTC', price, quantity, ...extra },
      },
      now,
    ).order
  /** The account's fills since `from`: [orderId, price, qty, isMaker, status]. */
  const fillsOf = (from = 0) =>
    executions
      .slice(from)
      .filter((x) => x.executionType === 'TRADE')
      .map((x) => [x.order.id, x.lastPrice / 100, x.lastQty / 100_000, x.isMaker, x.status])
  // The first replayed price re-centres the synthesized book: bids 60000.49, .48, .47; asks 60000.51, .52, .53.
  replay(['60000.50', '0.01', true])
  return { exchange, replay, place, fillsOf, executions }
}

describe('resting orders against replayed trades', () => {
  it('fill when a trade trades through their price, at their own price, as maker, at most its quantity', () => {
    const m = market()
    const buy = m.place('BUY', '59990.00', '0.50000')
    m.replay(['59995.00', '1', true])
    expect(m.fillsOf()).toEqual([])
    m.replay(['59989.99', '0.2', false])
    expect(m.fillsOf()).toEqual([[buy.id, 59990, 0.2, true, 'PARTIALLY_FILLED']])
    m.replay(['59980.00', '1', true])
    expect(m.fillsOf()).toEqual([
      [buy.id, 59990, 0.2, true, 'PARTIALLY_FILLED'],
      [buy.id, 59990, 0.3, true, 'FILLED'],
    ])
    const trades = m.exchange.trades(1, 'BTCUSDT')
    expect(trades.map((t) => [t.price / 100, t.qty / 100_000, t.isBuyer])).toEqual([
      [59990, 0.2, true],
      [59990, 0.3, true],
    ])
    expect(m.exchange.balances.balance(1, 'BTC').free).toBeGreaterThan(10n * 10n ** 8n)
    // The replayed trades themselves are the file's: the tape keeps them after the users' fills.
    const tape = m.exchange.tape('BTCUSDT')
    expect(tape.lastPrice).toBe(px('59980.00'))
  })

  it('at their own price, only after the volume the book showed ahead of them has traded, by sells only', () => {
    const m = market()
    const buy = m.place('BUY', '60000.49', '0.10000')
    m.replay(['60000.49', '0.2', true], ['60000.49', '5', false])
    expect(m.fillsOf()).toEqual([])
    m.replay(['60000.49', '0.15', true])
    expect(m.fillsOf()).toEqual([[buy.id, 60000.49, 0.05, true, 'PARTIALLY_FILLED']])
    m.replay(['60000.49', '0.05', true])
    expect(m.fillsOf().slice(1)).toEqual([[buy.id, 60000.49, 0.05, true, 'FILLED']])
  })

  it('one replayed trade fills several users orders in price-time order', () => {
    const m = market()
    const first = m.place('BUY', '60000.49', '0.10000')
    const second = m.place('BUY', '60000.49', '0.10000')
    const better = m.place('BUY', '60000.50', '0.10000')
    m.replay(['60000.49', '0.5', true])
    // `better` is traded through; then 0.3 of market volume ahead at 60000.49, then `first`, then `second`.
    expect(m.fillsOf()).toEqual([
      [better.id, 60000.5, 0.1, true, 'FILLED'],
      [first.id, 60000.49, 0.1, true, 'FILLED'],
    ])
    m.replay(['60000.49', '0.04', true])
    expect(m.fillsOf().slice(2)).toEqual([[second.id, 60000.49, 0.04, true, 'PARTIALLY_FILLED']])
  })

  it('the synthesized book never crosses nor fills a resting order when the replayed price passes it', () => {
    const m = market()
    const sell = m.place('SELL', '60005.00', '1.00000')
    m.replay(['60010.00', '0.4', false])
    expect(m.fillsOf()).toEqual([[sell.id, 60005, 0.4, true, 'PARTIALLY_FILLED']])
    const book = m.exchange.book('BTCUSDT')
    expect(book.order(sell.id)?.executedQty).toBe(qt('0.4'))
    const bestBid = book.bids.best()?.price ?? 0
    expect(bestBid).toBeLessThan(px('60005.00'))
    expect(book.asks.best()?.price).toBe(px('60005.00'))
    const synthetic = book.openOrders(LIQUIDITY_ACCOUNT_ID).map((o) => [o.side, o.price / 100])
    expect(synthetic).toContainEqual(['BUY', 60004.99])
    expect(synthetic).toContainEqual(['SELL', 60010.01])
  })
})

describe('marketable orders and stops', () => {
  it('a marketable order walks the synthesized levels with partial fills and slippage', () => {
    const m = market()
    m.place('BUY', '60000.60', '1.00000')
    expect(m.fillsOf()).toEqual([
      [expect.any(Number), 60000.51, 0.3, false, 'PARTIALLY_FILLED'],
      [expect.any(Number), 60000.52, 0.3, false, 'PARTIALLY_FILLED'],
      [expect.any(Number), 60000.53, 0.3, false, 'PARTIALLY_FILLED'],
    ])
    const rest = m.exchange.book('BTCUSDT').bids.best()
    expect([rest?.price, rest?.qty]).toEqual([px('60000.60'), qt('0.1')])
  })

  it('a stop order triggers on a replayed price and trades with the synthesized book', () => {
    const m = market()
    const stop = m.place('SELL', '0', '0.20000', {
      type: 'STOP_LOSS',
      timeInForce: undefined,
      price: undefined,
      stopPrice: '59900.00',
    })
    m.replay(['59950.00', '0.1', true])
    expect(m.fillsOf()).toEqual([])
    m.replay(['59899.00', '0.1', true])
    // It sells into the book synthesized around the previous replayed price (59950): its best bid 59949.99.
    expect(m.fillsOf()).toEqual([[stop.id, 59949.99, 0.2, false, 'FILLED']])
  })
})
