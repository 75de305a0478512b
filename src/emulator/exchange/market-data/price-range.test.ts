import { describe, expect, it } from 'vitest'
import type { Engine } from '../../engine/engine.js'
import {
  balance,
  expectConserved,
  M,
  P,
  place,
  placed,
  Q,
  setupEngine,
} from '../../engine/engine.test-util.js'
import { priceRangeSource } from './price-range.js'
import type { PriceRangeOptions, ReferencePriceOptions } from './reference-options.js'
import { TradeTape } from './trade-tape.js'

const external = (price: string | null): ReferencePriceOptions => ({
  calculationType: 'EXTERNAL',
  externalCalculationId: 0,
  price,
})

const RANGE: PriceRangeOptions = {
  bidLimitMultUp: '1.05',
  bidLimitMultDown: '0.95',
  askLimitMultUp: '1.05',
  askLimitMultDown: '0.95',
}

/** Asks of account 2 at 104, 105 and 106; the rule installed with `calls` counting reference reads. */
function withAsks(rule: PriceRangeOptions | undefined, calc: ReferencePriceOptions | undefined) {
  const engine: Engine = setupEngine('100')
  const book = engine.book('BTCUSDT')
  if (!book) throw new Error('no book')
  const source = priceRangeSource(rule, calc, book.market, new TradeTape(P('100')))
  const calls = { n: 0 }
  if (source) {
    engine.matcher.priceRanges.set(book, (side, now) => {
      calls.n++
      return source(side, now)
    })
  }
  for (const price of ['104', '105', '106']) {
    placed(place(engine, { accountId: 2, side: 'SELL', quantity: Q('1'), price: P(price) }))
  }
  calls.n = 0
  return { engine, calls }
}

describe('Price Range Execution Rule (fidelity 3.5.5)', () => {
  it('trades up to the inclusive bound, then expires the taker; the reference is read once', () => {
    const { engine, calls } = withAsks(RANGE, external('100'))
    const r = place(engine, { accountId: 1, side: 'BUY', quantity: Q('3'), price: P('110') })
    if (!r.ok) throw new Error(r.msg)
    expect(r.trades.map((t) => t.price)).toEqual([P('104'), P('105')])
    expect(r.order).toMatchObject({
      status: 'EXPIRED',
      expiryReason: 'EXECUTION_RULE_PRICE_RANGE_EXCEEDED',
      executedQty: Q('2'),
      locked: 0n,
    })
    expect(calls.n).toBe(1)
    expect(engine.book('BTCUSDT')?.asks.best()?.price).toBe(P('106'))
  })

  it('expires a SELL taker below ref × askLimitMultDown without trading', () => {
    const engine = setupEngine('100')
    const book = engine.book('BTCUSDT')
    if (!book) throw new Error('no book')
    const source = priceRangeSource(RANGE, external('100'), book.market, new TradeTape(P('100')))
    if (source) engine.matcher.priceRanges.set(book, source)
    placed(place(engine, { accountId: 2, side: 'BUY', quantity: Q('1'), price: P('94.99') }))
    const r = place(engine, { accountId: 1, side: 'SELL', quantity: Q('1'), type: 'MARKET', price: 0 })
    expect(r.ok && [r.trades.length, r.order.status, r.order.expiryReason]).toEqual([
      0,
      'EXPIRED',
      'EXECUTION_RULE_PRICE_RANGE_EXCEEDED',
    ])
  })

  it('a FOK counts only liquidity within the bounds: expires whole without trading when that is short', () => {
    const { engine, calls } = withAsks(RANGE, external('100'))
    const r = place(engine, {
      accountId: 1,
      side: 'BUY',
      quantity: Q('3'),
      price: P('110'),
      timeInForce: 'FOK',
    })
    if (!r.ok) throw new Error(r.msg)
    expect(r.trades).toEqual([])
    expect(r.order).toMatchObject({
      status: 'EXPIRED',
      expiryReason: 'UNFILLED_FOK_ORDER_EXPIRED',
      executedQty: 0,
      locked: 0n,
    })
    expect(r.effects.executions.map((x) => x.executionType)).toEqual(['NEW', 'EXPIRED'])
    expect(calls.n).toBe(1)
    const book = engine.book('BTCUSDT')
    expect(book?.asks.best()?.price).toBe(P('104'))
    expect(book?.asks.levelCount).toBe(3)
    expect(balance(engine, 1, 'USDT')).toEqual({ free: M('100000'), locked: 0n })
    expectConserved(engine)
  })

  it('a FOK the bounds leave enough for fills completely', () => {
    const { engine } = withAsks(RANGE, external('100'))
    const r = place(engine, {
      accountId: 1,
      side: 'BUY',
      quantity: Q('2'),
      price: P('110'),
      timeInForce: 'FOK',
    })
    if (!r.ok) throw new Error(r.msg)
    expect(r.trades.map((t) => t.price)).toEqual([P('104'), P('105')])
    expect(r.order).toMatchObject({ status: 'FILLED', executedQty: Q('2'), locked: 0n })
    expect(engine.book('BTCUSDT')?.asks.best()?.price).toBe(P('106'))
    expectConserved(engine)
  })

  it('is not enforced with a null reference price, without the rule, or without that multiplier', () => {
    for (const [rule, calc] of [
      [RANGE, external(null)],
      [undefined, external('100')],
      [{ ...RANGE, bidLimitMultUp: undefined }, external('100')],
    ] as const) {
      const defined = rule && Object.fromEntries(Object.entries(rule).filter(([, v]) => v !== undefined))
      const { engine } = withAsks(defined, calc)
      const r = place(engine, { accountId: 1, side: 'BUY', quantity: Q('3'), price: P('110') })
      expect(r.ok && [r.trades.length, r.order.status]).toEqual([3, 'FILLED'])
    }
  })
})
