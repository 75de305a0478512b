import { describe, expect, it } from 'vitest'
import { balance, expectConserved, M, P, place, placed, Q, setupEngine } from './engine.test-util.js'

/** Three resting BUYs of account 1 (STP FAQ scenarios B and C): 1.2 @ 1.2, 1.3 @ 1.1, 8.1 @ 1. */
function threeMakers() {
  const engine = setupEngine('1')
  const makers = [
    ['1.2', '1.2'],
    ['1.3', '1.1'],
    ['8.1', '1'],
  ].map(([qty, price]) =>
    placed(place(engine, { accountId: 1, side: 'BUY', quantity: Q(qty ?? ''), price: P(price ?? '') })),
  )
  return { engine, makers }
}

describe('Engine: self-trade prevention (STP FAQ scenarios)', () => {
  it('A, NONE: the orders trade', () => {
    const engine = setupEngine('1')
    placed(place(engine, { accountId: 1, side: 'BUY', quantity: Q('1'), price: P('1') }))
    const r = place(engine, { accountId: 1, side: 'SELL', quantity: Q('1'), price: P('1') })
    expect(r.ok && r.trades.length).toBe(1)
  })

  it('B, EXPIRE_MAKER: the three makers expire in match and the taker rests as NEW', () => {
    const { engine, makers } = threeMakers()
    const r = place(engine, {
      accountId: 1,
      side: 'SELL',
      quantity: Q('3'),
      price: P('1'),
      selfTradePreventionMode: 'EXPIRE_MAKER',
    })
    if (!r.ok) throw new Error(r.msg)
    expect(makers.map((m) => [m.status, m.preventedQty, m.preventedMatchId])).toEqual([
      ['EXPIRED_IN_MATCH', Q('1.2'), 0],
      ['EXPIRED_IN_MATCH', Q('1.3'), 1],
      ['EXPIRED_IN_MATCH', Q('8.1'), 2],
    ])
    expect(r.order.status).toBe('NEW')
    expect(r.order.onBook).toBe(true)
    expect(r.prevented.map((m) => [m.id, m.maker.id, m.price, m.takerQty, m.makerQty])).toEqual([
      [0, 1, P('1.2'), undefined, Q('1.2')],
      [1, 2, P('1.1'), undefined, Q('1.3')],
      [2, 3, P('1'), undefined, Q('8.1')],
    ])
    const prevention = r.effects.executions.filter((x) => x.executionType === 'TRADE_PREVENTION')
    expect(prevention.map((x) => [x.order.id, x.status, x.prevention?.lastQty, x.preventedQty])).toEqual([
      [1, 'EXPIRED_IN_MATCH', Q('1.2'), Q('1.2')],
      [2, 'EXPIRED_IN_MATCH', Q('1.3'), Q('1.3')],
      [3, 'EXPIRED_IN_MATCH', Q('8.1'), Q('8.1')],
    ])
    expect(balance(engine, 1, 'USDT').locked).toBe(0n)
    expectConserved(engine)
  })

  it('C, EXPIRE_TAKER: the taker expires in match with its whole quantity prevented; makers stay', () => {
    const { engine, makers } = threeMakers()
    const r = place(engine, {
      accountId: 1,
      side: 'SELL',
      quantity: Q('3'),
      price: P('1'),
      selfTradePreventionMode: 'EXPIRE_TAKER',
    })
    if (!r.ok) throw new Error(r.msg)
    expect([r.order.status, r.order.preventedQty, r.order.preventedMatchId]).toEqual([
      'EXPIRED_IN_MATCH',
      Q('3'),
      0,
    ])
    expect(makers.map((m) => m.status)).toEqual(['NEW', 'NEW', 'NEW'])
    expect(r.prevented.map((m) => [m.takerQty, m.makerQty])).toEqual([[Q('3'), undefined]])
    expectConserved(engine)
  })

  it('D, EXPIRE_BOTH: both expire in match', () => {
    const engine = setupEngine('1')
    const maker = placed(place(engine, { accountId: 1, side: 'BUY', quantity: Q('1'), price: P('1') }))
    const r = place(engine, {
      accountId: 1,
      side: 'SELL',
      quantity: Q('3'),
      price: P('1'),
      selfTradePreventionMode: 'EXPIRE_BOTH',
    })
    if (!r.ok) throw new Error(r.msg)
    expect([maker.status, r.order.status]).toEqual(['EXPIRED_IN_MATCH', 'EXPIRED_IN_MATCH'])
    expect(r.prevented.map((m) => [m.takerQty, m.makerQty])).toEqual([[Q('3'), Q('1')]])
    expectConserved(engine)
  })

  it('E, the taker mode wins: EXPIRE_TAKER against an EXPIRE_MAKER maker expires the taker', () => {
    const engine = setupEngine('1')
    const maker = placed(
      place(engine, {
        accountId: 1,
        side: 'BUY',
        quantity: Q('1'),
        price: P('1'),
        selfTradePreventionMode: 'EXPIRE_MAKER',
      }),
    )
    const r = place(engine, {
      accountId: 1,
      side: 'SELL',
      quantity: Q('1'),
      price: P('1'),
      selfTradePreventionMode: 'EXPIRE_TAKER',
    })
    expect([maker.status, r.ok && r.order.status]).toEqual(['NEW', 'EXPIRED_IN_MATCH'])
  })

  it('F, a MARKET taker whose makers EXPIRE_MAKER removed ends EXPIRED (liquidity), not in match', () => {
    const engine = setupEngine('1')
    const maker = placed(place(engine, { accountId: 1, side: 'BUY', quantity: Q('1'), price: P('1') }))
    const r = place(engine, {
      accountId: 1,
      side: 'SELL',
      type: 'MARKET',
      quantity: Q('1'),
      selfTradePreventionMode: 'EXPIRE_MAKER',
    })
    if (!r.ok) throw new Error(r.msg)
    expect(maker.status).toBe('EXPIRED_IN_MATCH')
    expect([r.order.status, r.order.expiryReason, r.order.preventedQty]).toEqual([
      'EXPIRED',
      'INSUFFICIENT_LIQUIDITY',
      0,
    ])
    expectConserved(engine)
  })

  it('G, DECREMENT: both prevented by 2; the smaller taker expires, the maker stays NEW with 4 left', () => {
    const engine = setupEngine('2')
    const maker = placed(place(engine, { accountId: 1, side: 'BUY', quantity: Q('6'), price: P('2') }))
    const r = place(engine, {
      accountId: 1,
      side: 'SELL',
      quantity: Q('2'),
      price: P('2'),
      selfTradePreventionMode: 'DECREMENT',
    })
    if (!r.ok) throw new Error(r.msg)
    expect([r.order.status, r.order.preventedQty]).toEqual(['EXPIRED_IN_MATCH', Q('2')])
    expect([maker.status, maker.preventedQty, maker.remaining, maker.preventedMatchId]).toEqual([
      'NEW',
      Q('2'),
      Q('4'),
      0,
    ])
    expect(engine.book('BTCUSDT')?.depth(1).bids).toEqual([[P('2'), Q('4')]])
    expect(balance(engine, 1, 'USDT').locked).toBe(M('8'))
    expectConserved(engine)
  })

  it('H, TRANSFER across a trade group moves 0.2 BTC and 0.04 USDT at the maker price, no trade', () => {
    const engine = setupEngine('0.2')
    engine.setTradeGroup(1, 1)
    engine.setTradeGroup(2, 1)
    const maker = placed(
      place(engine, {
        accountId: 1,
        side: 'BUY',
        quantity: Q('0.6'),
        price: P('0.2'),
        selfTradePreventionMode: 'TRANSFER',
      }),
    )
    const r = place(engine, {
      accountId: 2,
      side: 'SELL',
      quantity: Q('0.2'),
      price: P('0.2'),
      selfTradePreventionMode: 'TRANSFER',
    })
    if (!r.ok) throw new Error(r.msg)
    expect(r.trades).toEqual([])
    expect([r.order.status, maker.status, maker.preventedQty]).toEqual(['EXPIRED_IN_MATCH', 'NEW', Q('0.2')])
    expect(r.prevented[0]?.tradeGroupId).toBe(1)
    expect(balance(engine, 1, 'BTC')).toEqual({ free: M('10.2'), locked: 0n })
    expect(balance(engine, 1, 'USDT')).toEqual({ free: M('99999.88'), locked: M('0.08') })
    expect(balance(engine, 2, 'BTC')).toEqual({ free: M('9.8'), locked: 0n })
    expect(balance(engine, 2, 'USDT')).toEqual({ free: M('100000.04'), locked: 0n })
    expectConserved(engine)
  })

  it('TRANSFER against a non-TRANSFER maker acts as DECREMENT; other accounts outside the group trade', () => {
    const engine = setupEngine('1')
    engine.setTradeGroup(1, 7)
    engine.setTradeGroup(2, 7)
    placed(place(engine, { accountId: 1, side: 'BUY', quantity: Q('1'), price: P('1') }))
    const r = place(engine, {
      accountId: 2,
      side: 'SELL',
      quantity: Q('1'),
      price: P('1'),
      selfTradePreventionMode: 'TRANSFER',
    })
    expect(r.ok && r.prevented.map((m) => m.mode)).toEqual(['DECREMENT'])
    expect(balance(engine, 2, 'USDT').free).toBe(M('100000'))
    placed(place(engine, { accountId: 3, side: 'BUY', quantity: Q('1'), price: P('1') }))
    const t = place(engine, {
      accountId: 2,
      side: 'SELL',
      quantity: Q('1'),
      price: P('1'),
      selfTradePreventionMode: 'EXPIRE_TAKER',
    })
    expect(t.ok && t.trades.length).toBe(1)
    expectConserved(engine)
  })

  it('FOK counts only liquidity STP would not remove', () => {
    const engine = setupEngine('1')
    placed(place(engine, { accountId: 1, side: 'BUY', quantity: Q('1'), price: P('1') }))
    placed(place(engine, { accountId: 2, side: 'BUY', quantity: Q('1'), price: P('0.9') }))
    const r = place(engine, {
      accountId: 1,
      side: 'SELL',
      quantity: Q('1'),
      price: P('0.9'),
      timeInForce: 'FOK',
      selfTradePreventionMode: 'EXPIRE_MAKER',
    })
    expect(r.ok && [r.order.status, r.order.expiryReason]).toEqual(['EXPIRED', 'UNFILLED_FOK_ORDER_EXPIRED'])
  })
})
