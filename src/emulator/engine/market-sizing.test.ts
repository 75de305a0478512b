// What a MARKET taker is sized and reserved on equals what it executes (docs/emulator-fidelity.md 3.3.3, 3.3.4): the
// full remainder of every resting order (an iceberg's hidden part too, which the matcher takes within one taker),
// without the makers self-trade prevention takes off the book first.
import { describe, expect, it } from 'vitest'
import { balance, expectConserved, M, P, place, placed, Q, setupEngine } from './engine.test-util.js'

describe('MARKET by quantity against hidden iceberg quantity', () => {
  it('buys through the refreshed slices at the iceberg price, reserved at what it pays, not at the shown depth', () => {
    const engine = setupEngine()
    const iceberg = placed(
      place(engine, { accountId: 1, side: 'SELL', price: P('100'), quantity: Q('6'), icebergQty: Q('1') }),
    )
    placed(place(engine, { accountId: 1, side: 'SELL', price: P('1000'), quantity: Q('2') }))
    const first = placed(place(engine, { accountId: 2, side: 'BUY', type: 'MARKET', quantity: Q('2.5') }))
    expect([first.status, first.executedQty, first.cumQuote]).toEqual(['FILLED', Q('2.5'), M('250')])
    expect(iceberg.executedQty).toBe(Q('2.5'))
    expectConserved(engine)

    // The book shows 0.5 @100 (the slice left) and 2 @1000: 2,050 by the shown depth, 300 by the real one.
    expect(engine.book('BTCUSDT')?.depth(5).asks).toEqual([
      [P('100'), Q('0.5')],
      [P('1000'), Q('2')],
    ])
    engine.ledger.credit(4, 'USDT', M('400'))
    const r = place(engine, { accountId: 4, side: 'BUY', type: 'MARKET', quantity: Q('3') })
    const order = placed(r)
    expect([order.status, order.executedQty, order.cumQuote]).toEqual(['FILLED', Q('3'), M('300')])
    expect(r.ok && r.trades.map((t) => [t.price, t.qty])).toEqual([
      [P('100'), Q('0.5')],
      [P('100'), Q('1')],
      [P('100'), Q('1')],
      [P('100'), Q('0.5')],
    ])
    expect(balance(engine, 4, 'USDT')).toEqual({ free: M('100'), locked: 0n })
    expect(balance(engine, 4, 'BTC')).toEqual({ free: M('3'), locked: 0n })
  })

  it('a triggered BUY stop reserves the book past its own asks that EXPIRE_MAKER removes', () => {
    const engine = setupEngine('300')
    const own = placed(place(engine, { accountId: 2, side: 'SELL', price: P('100'), quantity: Q('1') }))
    placed(place(engine, { accountId: 1, side: 'SELL', price: P('200'), quantity: Q('1') }))
    const stop = placed(
      place(engine, {
        accountId: 2,
        side: 'BUY',
        type: 'TAKE_PROFIT',
        quantity: Q('1'),
        stopPrice: P('250'),
        selfTradePreventionMode: 'EXPIRE_MAKER',
      }),
    )
    // A trade at 100 triggers it; 0.9 of its own ask is left at 100, which it expires, then it buys at 200.
    placed(place(engine, { accountId: 3, side: 'BUY', price: P('100'), quantity: Q('0.1') }))
    expect([own.status, stop.status, stop.executedQty, stop.cumQuote]).toEqual([
      'EXPIRED_IN_MATCH',
      'FILLED',
      Q('1'),
      M('200'),
    ])
    expectConserved(engine)
  })
})

describe('MARKET by quoteOrderQty sized on the real book', () => {
  it('buys and sells the quote amount through an iceberg hidden part, neither under- nor over-spending', () => {
    const engine = setupEngine()
    placed(
      place(engine, { accountId: 1, side: 'SELL', price: P('100'), quantity: Q('3'), icebergQty: Q('1') }),
    )
    placed(place(engine, { accountId: 1, side: 'SELL', price: P('150'), quantity: Q('3') }))
    const buy = placed(place(engine, { accountId: 2, side: 'BUY', type: 'MARKET', quoteOrderQty: M('250') }))
    expect([buy.status, buy.origQty, buy.executedQty, buy.cumQuote]).toEqual([
      'FILLED',
      Q('2.5'),
      Q('2.5'),
      M('250'),
    ])

    placed(place(engine, { accountId: 1, side: 'BUY', price: P('90'), quantity: Q('3'), icebergQty: Q('1') }))
    placed(place(engine, { accountId: 1, side: 'BUY', price: P('50'), quantity: Q('3') }))
    const sell = placed(
      place(engine, { accountId: 3, side: 'SELL', type: 'MARKET', quoteOrderQty: M('225') }),
    )
    expect([sell.status, sell.origQty, sell.executedQty, sell.cumQuote]).toEqual([
      'FILLED',
      Q('2.5'),
      Q('2.5'),
      M('225'),
    ])
    expect(balance(engine, 3, 'BTC')).toEqual({ free: M('7.5'), locked: 0n })
    expect(balance(engine, 3, 'USDT')).toEqual({ free: M('100225'), locked: 0n })
    expectConserved(engine)
  })

  it('leaves out its own makers that EXPIRE_MAKER removes; a DECREMENT maker counts as the match it prevents', () => {
    const engine = setupEngine()
    const own = placed(place(engine, { accountId: 2, side: 'BUY', price: P('100'), quantity: Q('1') }))
    placed(place(engine, { accountId: 1, side: 'BUY', price: P('50'), quantity: Q('5') }))
    const sell = placed(
      place(engine, {
        accountId: 2,
        side: 'SELL',
        type: 'MARKET',
        quoteOrderQty: M('100'),
        selfTradePreventionMode: 'EXPIRE_MAKER',
      }),
    )
    expect([own.status, sell.status, sell.origQty, sell.executedQty, sell.cumQuote]).toEqual([
      'EXPIRED_IN_MATCH',
      'FILLED',
      Q('2'),
      Q('2'),
      M('100'),
    ])

    // DECREMENT (unchanged): sized as 1 @100 with its own bid + 1 @50 = 150; the 1 prevented, 1 sold for 50.
    const own2 = placed(place(engine, { accountId: 2, side: 'BUY', price: P('100'), quantity: Q('1') }))
    const dec = placed(
      place(engine, {
        accountId: 2,
        side: 'SELL',
        type: 'MARKET',
        quoteOrderQty: M('150'),
        selfTradePreventionMode: 'DECREMENT',
      }),
    )
    expect([own2.status, dec.status, dec.origQty, dec.preventedQty, dec.executedQty, dec.cumQuote]).toEqual([
      'EXPIRED_IN_MATCH',
      'FILLED',
      Q('2'),
      Q('1'),
      Q('1'),
      M('50'),
    ])
    expectConserved(engine)
  })
})

describe('MARKET by quoteOrderQty the book runs out for', () => {
  it('expires with INSUFFICIENT_LIQUIDITY once the book is taken; origQty is what it bought; NEW, TRADE, EXPIRED', () => {
    const engine = setupEngine()
    placed(place(engine, { accountId: 1, side: 'SELL', price: P('100'), quantity: Q('0.5') }))
    const r = place(engine, { accountId: 2, side: 'BUY', type: 'MARKET', quoteOrderQty: M('500') })
    const order = placed(r)
    expect([order.status, order.expiryReason, order.origQty, order.executedQty, order.cumQuote]).toEqual([
      'EXPIRED',
      'INSUFFICIENT_LIQUIDITY',
      Q('0.5'),
      Q('0.5'),
      M('50'),
    ])
    const mine = r.ok ? r.effects.executions.filter((x) => x.order === order) : []
    expect(mine.map((x) => [x.executionType, x.status, x.cumQty, x.expiryReason])).toEqual([
      ['NEW', 'NEW', 0, undefined],
      ['TRADE', 'PARTIALLY_FILLED', Q('0.5'), undefined],
      ['EXPIRED', 'EXPIRED', Q('0.5'), 'INSUFFICIENT_LIQUIDITY'],
    ])
    expect(balance(engine, 2, 'USDT')).toEqual({ free: M('99950'), locked: 0n })

    // A SELL alike; and a quote amount the book holds exactly fills.
    placed(place(engine, { accountId: 1, side: 'BUY', price: P('100'), quantity: Q('0.5') }))
    const sell = placed(place(engine, { accountId: 3, side: 'SELL', type: 'MARKET', quoteOrderQty: M('80') }))
    expect([sell.status, sell.executedQty, sell.cumQuote]).toEqual(['EXPIRED', Q('0.5'), M('50')])
    placed(place(engine, { accountId: 1, side: 'SELL', price: P('100'), quantity: Q('0.5') }))
    const exact = placed(place(engine, { accountId: 2, side: 'BUY', type: 'MARKET', quoteOrderQty: M('50') }))
    expect([exact.status, exact.executedQty]).toEqual(['FILLED', Q('0.5')])
    expectConserved(engine)
  })
})
