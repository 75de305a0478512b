// `replay.impact` and snapshot books on the exchange facade, command by command as the feed gives them: with impact
// the liquidity a user took stays taken until the next replayed trade re-centres a synthesized book, or the next
// snapshot replaces a snapshot book; a resting order's queue ahead is the snapshot's quantity at its price.
import { describe, expect, it } from 'vitest'
import type { BookSnapshot } from '../../../src/emulator/exchange/commands.js'
import { DEFAULT_SYMBOLS } from '../../../src/emulator/exchange/default-symbols.js'
import { Exchange } from '../../../src/emulator/exchange/exchange.js'
import { LIQUIDITY_ACCOUNT_ID } from '../../../src/emulator/exchange/liquidity.js'
import { HistoryFills } from '../../../src/emulator/replay/history-fills.js'

const T = Date.UTC(2025, 2, 1)
/** BTCUSDT units: price 10^-2, quantity 10^-5. */
const px = (p: string) => Math.round(Number(p) * 100)
const qt = (q: string) => Math.round(Number(q) * 100_000)
const SNAPSHOT: BookSnapshot = {
  bids: [[px('59999.00'), qt('0.5')]],
  asks: [
    [px('60001.00'), qt('0.2')],
    [px('60002.00'), qt('0.3')],
  ],
}

function market(impact: boolean) {
  const exchange = new Exchange({
    symbols: DEFAULT_SYMBOLS,
    accounts: [{ apiKey: 'a', hmacSecret: 's', balances: { USDT: '1000000', BTC: '10' } }],
    liquidity: { levels: 3, spacingBps: 5 },
    seed: 1,
    commission: undefined,
    startTime: T,
    synthBook: { BTCUSDT: { levels: 2, offsetTicks: 1, stepTicks: 1, qty: qt('0.3'), impact } },
  })
  const fills = new HistoryFills(exchange, ['BTCUSDT'])
  let now = T
  /** One data event, as the feed gives it: trades `[price, qty, buyerIsMaker]`, a snapshot, and whether one owns the book. */
  const replay = (
    trades: [string, string, boolean][],
    depth?: BookSnapshot,
    keepBook = depth !== undefined,
  ) => {
    now++
    const list = trades.map(([p, q, m]) => {
      const f = fills.plan('BTCUSDT', px(p), qt(q), m)
      return { price: px(p), qty: qt(q), time: now, buyerIsMaker: m, ...(f && { fills: f }) }
    })
    exchange.execute({ kind: 'recordMarketTrades', symbol: 'BTCUSDT', trades: list, depth, keepBook }, now)
    fills.applied('BTCUSDT')
  }
  const order = (side: 'BUY' | 'SELL', type: 'MARKET' | 'LIMIT', quantity: string, price?: string) =>
    exchange.execute(
      {
        kind: 'placeOrder',
        accountId: 1,
        cost: 1,
        order: { symbol: 'BTCUSDT', side, type, quantity, ...(price && { price, timeInForce: 'GTC' }) },
      },
      now,
    )
  /** The outside book's asks: [price, quantity] in units, best first. */
  const asks = () =>
    exchange
      .book('BTCUSDT')
      .openOrders(LIQUIDITY_ACCOUNT_ID)
      .filter((o) => o.side === 'SELL')
      .map((o) => [o.price, o.remaining])
      .sort((a, b) => a[0]! - b[0]!)
  return { exchange, replay, order, asks }
}

describe('replay.impact', () => {
  it('synthesized book: the liquidity taken stays taken until the next replayed trade, even at the same price', () => {
    const whole = [
      [px('60000.11'), qt('0.3')],
      [px('60000.12'), qt('0.3')],
    ]
    const on = market(true)
    on.replay([['60000.10', '0.01', false]])
    on.order('BUY', 'MARKET', '0.3')
    expect(on.asks()).toEqual(whole.slice(1))
    // The next replayed trade prints at the price the sweep left on the tape (60000.11): the book is rebuilt anyway.
    on.replay([['60000.11', '0.01', false]])
    expect(on.asks()).toEqual([
      [px('60000.12'), qt('0.3')],
      [px('60000.13'), qt('0.3')],
    ])
    const off = market(false)
    off.replay([['60000.10', '0.01', false]])
    off.order('BUY', 'MARKET', '0.3')
    expect(off.asks()).toEqual(whole)
  })

  it('snapshot book: the liquidity taken stays taken through replayed trades until the next snapshot', () => {
    const m = market(true)
    m.replay([['60000.00', '0.01', false]], SNAPSHOT)
    m.order('BUY', 'MARKET', '0.3')
    const left = [[px('60002.00'), qt('0.2')]]
    expect(m.asks()).toEqual(left)
    m.replay([['60000.50', '0.01', false]], undefined, true)
    expect(m.asks()).toEqual(left)
    m.replay([], SNAPSHOT)
    expect(m.asks()).toEqual(SNAPSHOT.asks)
  })
})

describe('snapshot books', () => {
  it("a resting order's queue ahead is the snapshot's quantity at its price", () => {
    const m = market(false)
    m.replay([['60000.00', '0.01', false]], SNAPSHOT)
    const buy = m.order('BUY', 'LIMIT', '0.1', '59999.00').order
    // 0.5 was ahead of it (the snapshot's bid at 59999): sells at its price fill it only after that.
    m.replay([['59999.00', '0.4', true]])
    expect(buy.executedQty).toBe(0)
    m.replay([['59999.00', '0.15', true]])
    expect(buy.executedQty).toBe(qt('0.05'))
  })

  it("never crosses a user's resting order: a snapshot level at or beyond it is left out", () => {
    const m = market(false)
    m.replay([['60000.00', '0.01', false]])
    m.order('BUY', 'LIMIT', '0.1', '60001.00')
    m.replay([], SNAPSHOT)
    expect(m.asks()).toEqual([[px('60002.00'), qt('0.3')]])
  })
})
