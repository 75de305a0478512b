import { describe, expect, it } from 'vitest'
import { balance, expectConserved, M, P, place, placed, Q, setupEngine } from './engine.test-util.js'
import { peggedPrice } from './peg.js'

describe('Engine: iceberg orders (fidelity 3.3.8, A25)', () => {
  it('shows only the visible slice in depth; each new slice goes to the back of its level', () => {
    const engine = setupEngine('100')
    const book = engine.book('BTCUSDT')
    const ice = placed(
      place(engine, { accountId: 1, side: 'SELL', price: P('101'), quantity: Q('1'), icebergQty: Q('0.3') }),
    )
    expect(book?.depth(1).asks).toEqual([[P('101'), Q('0.3')]])
    const other = placed(place(engine, { accountId: 2, side: 'SELL', price: P('101'), quantity: Q('0.5') }))
    expect(book?.depth(1).asks).toEqual([[P('101'), Q('0.8')]])
    const r = place(engine, {
      accountId: 3,
      side: 'BUY',
      price: P('101'),
      quantity: Q('0.4'),
      timeInForce: 'IOC',
    })
    if (!r.ok) throw new Error(r.msg)
    expect(r.trades.map((t) => [t.seller.id, t.qty])).toEqual([
      [ice.id, Q('0.3')],
      [other.id, Q('0.1')],
    ])
    expect(book?.depth(1).asks).toEqual([[P('101'), Q('0.7')]])
    expect(ice.sliceLeft).toBe(Q('0.3'))
    expect(balance(engine, 1, 'BTC').locked).toBe(M('0.7'))
    expectConserved(engine)
  })

  it('a taker iceberg takes its whole quantity, then rests showing one slice', () => {
    const engine = setupEngine('100')
    placed(place(engine, { accountId: 2, side: 'SELL', price: P('100'), quantity: Q('0.5') }))
    const ice = placed(
      place(engine, { accountId: 1, side: 'BUY', price: P('100'), quantity: Q('2'), icebergQty: Q('0.4') }),
    )
    expect(ice.executedQty).toBe(Q('0.5'))
    expect(engine.book('BTCUSDT')?.depth(1).bids).toEqual([[P('100'), Q('0.4')]])
    expectConserved(engine)
  })
})

describe('Engine: pegged prices (fidelity 3.3.9, A33)', () => {
  it('PRIMARY_PEG reads the own side, MARKET_PEG the opposite, offset levels deeper; none past the end', () => {
    const engine = setupEngine('100')
    const book = engine.book('BTCUSDT')
    if (!book) throw new Error('no book')
    for (const p of ['99', '98'])
      placed(place(engine, { accountId: 2, side: 'BUY', price: P(p), quantity: Q('1') }))
    for (const p of ['101', '102']) {
      placed(place(engine, { accountId: 2, side: 'SELL', price: P(p), quantity: Q('1') }))
    }
    expect(peggedPrice(book, 'BUY', 'PRIMARY_PEG', 0)).toBe(P('99'))
    expect(peggedPrice(book, 'BUY', 'PRIMARY_PEG', 1)).toBe(P('98'))
    expect(peggedPrice(book, 'BUY', 'MARKET_PEG', 0)).toBe(P('101'))
    expect(peggedPrice(book, 'SELL', 'PRIMARY_PEG', 1)).toBe(P('102'))
    expect(peggedPrice(book, 'SELL', 'MARKET_PEG', 2)).toBeUndefined()
  })

  it('a pegged stop-limit takes its price from the book when it triggers', () => {
    const engine = setupEngine('100')
    placed(place(engine, { accountId: 2, side: 'SELL', price: P('103'), quantity: Q('1') }))
    const stop = placed(
      place(engine, {
        accountId: 1,
        side: 'SELL',
        type: 'TAKE_PROFIT_LIMIT',
        quantity: Q('1'),
        stopPrice: P('102'),
        peg: { priceType: 'PRIMARY_PEG', offsetType: undefined, offsetValue: undefined, sentPrice: 0 },
      }),
    )
    expect(stop.price).toBe(0)
    placed(place(engine, { accountId: 2, side: 'SELL', price: P('102'), quantity: Q('0.1') }))
    placed(place(engine, { accountId: 3, side: 'BUY', price: P('102'), quantity: Q('0.1') }))
    expect([stop.price, stop.onBook, stop.status]).toEqual([P('103'), true, 'NEW'])
    expectConserved(engine)
  })
})

describe('Engine: amend keep priority (fidelity 3.9)', () => {
  it('reduces the quantity in place, keeps the queue position and unlocks the difference', () => {
    const engine = setupEngine('100')
    const first = placed(place(engine, { accountId: 1, side: 'BUY', price: P('99'), quantity: Q('5.5') }))
    const second = placed(place(engine, { accountId: 2, side: 'BUY', price: P('99'), quantity: Q('4') }))
    const r = engine.amend(1, 'BTCUSDT', { orderId: first.id }, Q('5'), 'renamed', 2000)
    if (!r.ok) throw new Error(r.error)
    expect([first.origQty, first.clientOrderId, r.origClientOrderId]).toEqual([Q('5'), 'renamed', 'auto1'])
    expect(r.effects.executions.map((x) => [x.executionType, x.origQty])).toEqual([['REPLACED', Q('5')]])
    expect(balance(engine, 1, 'USDT').locked).toBe(M('495'))
    expect(engine.book('BTCUSDT')?.depth(1).bids).toEqual([[P('99'), Q('9')]])
    const t = place(engine, { accountId: 3, side: 'SELL', price: P('99'), quantity: Q('5') })
    expect(t.ok && t.trades.map((x) => x.buyer.id)).toEqual([first.id])
    expect(second.executedQty).toBe(0)
    expect(
      engine
        .book('BTCUSDT')
        ?.amendments.ofOrder(first.id, 0, 10)
        .map((a) => [a.origQty, a.newQty]),
    ).toEqual([[Q('5.5'), Q('5')]])
    expectConserved(engine)
  })

  it('rejects an equal quantity, an increase, and a quantity at or below what was executed', () => {
    const engine = setupEngine('100')
    const o = placed(place(engine, { accountId: 1, side: 'SELL', price: P('101'), quantity: Q('2') }))
    placed(
      place(engine, { accountId: 2, side: 'BUY', price: P('101'), quantity: Q('1'), timeInForce: 'IOC' }),
    )
    const msg = (qty: string) => {
      const r = engine.amend(1, 'BTCUSDT', { orderId: o.id }, Q(qty), undefined, 2000)
      return r.ok ? 'ok' : r.msg
    }
    expect(msg('2')).toBe('The requested action would change no state; rejecting')
    expect(msg('3')).toBe('Order amend (quantity increase) is not supported.')
    expect(msg('1')).toBe('Order amend (quantity increase) is not supported.')
    expect(msg('1.5')).toBe('ok')
    expect(o.remaining).toBe(Q('0.5'))
    expectConserved(engine)
  })
})
