import { describe, expect, it } from 'vitest'
import { balance, expectConserved, M, P, place, placed, Q, setupEngine } from './engine.test-util.js'

describe('Engine: stop and take-profit orders (fidelity 3.3.5–3.3.6)', () => {
  it('parks a STOP_LOSS SELL off the book, NEW and not working, with its base locked', () => {
    const engine = setupEngine('100')
    const r = place(engine, {
      accountId: 1,
      side: 'SELL',
      type: 'STOP_LOSS',
      quantity: Q('1'),
      stopPrice: P('95'),
    })
    const stop = placed(r)
    expect(stop.status).toBe('NEW')
    expect(stop.workingTime).toBe(-1)
    expect(stop.isWorking).toBe(false)
    expect(stop.onBook).toBe(false)
    expect(balance(engine, 1, 'BTC').locked).toBe(M('1'))
    expect(r.ok && r.effects.executions.map((x) => [x.executionType, x.onBook, x.workingTime])).toEqual([
      ['NEW', false, -1],
    ])
    expect(engine.book('BTCUSDT')?.depth(5).asks).toEqual([])
    expectConserved(engine)
  })

  it('rejects a stop price the last price already meets: "Order would trigger immediately."', () => {
    const engine = setupEngine('100')
    const r = place(engine, {
      accountId: 1,
      side: 'BUY',
      type: 'STOP_LOSS',
      quantity: Q('1'),
      stopPrice: P('99'),
    })
    expect(r).toEqual({
      ok: false,
      reason: 'STOP_PRICE_WOULD_TRIGGER_IMMEDIATELY',
      msg: 'Order would trigger immediately.',
    })
  })

  it('triggers on a trade at the stop price and sells at market; events NEW(w=false) … NEW(w=true), TRADE', () => {
    const engine = setupEngine('100')
    const stop = placed(
      place(engine, { accountId: 1, side: 'SELL', type: 'STOP_LOSS', quantity: Q('1'), stopPrice: P('95') }),
    )
    placed(place(engine, { accountId: 2, side: 'BUY', price: P('95'), quantity: Q('0.5') }))
    placed(place(engine, { accountId: 2, side: 'BUY', price: P('94'), quantity: Q('2') }))
    const r = place(engine, { accountId: 3, side: 'SELL', type: 'MARKET', quantity: Q('0.1') }, 2000)
    if (!r.ok) throw new Error(r.msg)
    expect(r.effects.triggered).toEqual([stop])
    const mine = r.effects.executions.filter((x) => x.order === stop)
    expect(mine.map((x) => [x.executionType, x.status, x.onBook, x.workingTime])).toEqual([
      ['NEW', 'NEW', true, 2000],
      ['TRADE', 'PARTIALLY_FILLED', false, 2000],
      ['TRADE', 'FILLED', false, 2000],
    ])
    expect(stop.cumQuote).toBe(M('0.4') * 95n + M('0.6') * 94n)
    expect(engine.book('BTCUSDT')?.lastPrice).toBe(P('94'))
    expectConserved(engine)
  })

  it('a triggered STOP_LOSS_LIMIT BUY rests at its price with the quote re-reserved there', () => {
    const engine = setupEngine('100')
    const stop = placed(
      place(engine, {
        accountId: 1,
        side: 'BUY',
        type: 'STOP_LOSS_LIMIT',
        price: P('106'),
        quantity: Q('1'),
        stopPrice: P('105'),
      }),
    )
    expect(balance(engine, 1, 'USDT').locked).toBe(M('106'))
    placed(place(engine, { accountId: 2, side: 'SELL', price: P('105'), quantity: Q('0.1') }))
    placed(place(engine, { accountId: 3, side: 'BUY', price: P('105'), quantity: Q('0.1') }))
    expect(stop.isWorking).toBe(true)
    expect(stop.onBook).toBe(true)
    expect(engine.book('BTCUSDT')?.depth(1).bids).toEqual([[P('106'), Q('1')]])
    expect(balance(engine, 1, 'USDT').locked).toBe(M('106'))
    expectConserved(engine)
  })

  it('a BUY STOP_LOSS that cannot afford the book at trigger time expires with expiryReason REJECTED', () => {
    const engine = setupEngine('100')
    engine.ledger.credit(4, 'USDT', M('110'))
    const stop = placed(
      place(engine, { accountId: 4, side: 'BUY', type: 'STOP_LOSS', quantity: Q('1'), stopPrice: P('105') }),
    )
    placed(place(engine, { accountId: 2, side: 'SELL', price: P('200'), quantity: Q('5') }))
    placed(place(engine, { accountId: 2, side: 'SELL', price: P('105'), quantity: Q('0.1') }))
    placed(place(engine, { accountId: 3, side: 'BUY', price: P('105'), quantity: Q('0.1') }))
    expect(stop.status).toBe('EXPIRED')
    expect(stop.expiryReason).toBe('REJECTED')
    expect(balance(engine, 4, 'USDT')).toEqual({ free: M('110'), locked: 0n })
  })

  it('cancel releases an untriggered stop; a cascade of stops triggers in placement order', () => {
    const engine = setupEngine('100')
    const a = placed(
      place(engine, {
        accountId: 1,
        side: 'SELL',
        type: 'STOP_LOSS',
        quantity: Q('0.1'),
        stopPrice: P('99'),
      }),
    )
    const b = placed(
      place(engine, {
        accountId: 1,
        side: 'SELL',
        type: 'STOP_LOSS',
        quantity: Q('0.1'),
        stopPrice: P('98'),
      }),
    )
    const c = placed(
      place(engine, {
        accountId: 1,
        side: 'SELL',
        type: 'STOP_LOSS',
        quantity: Q('0.1'),
        stopPrice: P('90'),
      }),
    )
    expect(engine.cancel(1, 'BTCUSDT', { orderId: c.id }, undefined, 1500).ok).toBe(true)
    placed(place(engine, { accountId: 2, side: 'BUY', price: P('99'), quantity: Q('0.1') }))
    placed(place(engine, { accountId: 2, side: 'BUY', price: P('98'), quantity: Q('0.1') }))
    placed(place(engine, { accountId: 2, side: 'BUY', price: P('97'), quantity: Q('1') }))
    const r = place(engine, {
      accountId: 3,
      side: 'SELL',
      price: P('99'),
      quantity: Q('0.05'),
      timeInForce: 'IOC',
    })
    expect(r.ok && r.effects.triggered).toEqual([a, b])
    expect([a.status, b.status, c.status]).toEqual(['FILLED', 'FILLED', 'CANCELED'])
    expectConserved(engine)
  })
})
