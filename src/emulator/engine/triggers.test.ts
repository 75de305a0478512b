import { describe, expect, it } from 'vitest'
import type { OrderType, Side } from '../../protocol/enums.js'
import { P, Q, setupEngine } from './engine.test-util.js'
import { Order } from './order.js'
import { armTrailing, observeTrade, stopConditionMet, wouldTriggerImmediately } from './triggers.js'

function trailing(type: OrderType, side: Side, delta: number, stopPrice = 0): Order {
  const market = setupEngine().book('BTCUSDT')?.market
  if (!market) throw new Error('no market')
  return new Order({
    id: 1,
    accountId: 1,
    market,
    side,
    type,
    timeInForce: 'GTC',
    price: 0,
    origQty: Q('1'),
    quoteOrderQty: 0n,
    clientOrderId: 'x',
    time: 0,
    selfTradePreventionMode: 'NONE',
    strategyId: undefined,
    strategyType: undefined,
    stopPrice,
    trailingDelta: delta,
  })
}

/** Feeds prices in order; returns the index of the price that triggered, or -1. */
function feed(order: Order, prices: readonly string[]): number {
  for (const [i, p] of prices.entries()) if (observeTrade(order, P(p), 1000 + i)) return i
  return -1
}

describe('stop conditions (fidelity 3.3.5, 3.2.6)', () => {
  it('STOP_LOSS BUY and TAKE_PROFIT SELL fire at or above the stop; the others at or below', () => {
    expect(stopConditionMet('STOP_LOSS', 'BUY', 100, 100)).toBe(true)
    expect(stopConditionMet('STOP_LOSS', 'BUY', 100, 99)).toBe(false)
    expect(stopConditionMet('TAKE_PROFIT_LIMIT', 'SELL', 100, 101)).toBe(true)
    expect(stopConditionMet('STOP_LOSS_LIMIT', 'SELL', 100, 100)).toBe(true)
    expect(stopConditionMet('STOP_LOSS_LIMIT', 'SELL', 100, 101)).toBe(false)
    expect(stopConditionMet('TAKE_PROFIT', 'BUY', 100, 99)).toBe(true)
  })

  it('rejects stop prices the last price already meets', () => {
    expect(wouldTriggerImmediately('STOP_LOSS', 'BUY', 90, 100)).toBe(true)
    expect(wouldTriggerImmediately('STOP_LOSS', 'BUY', 110, 100)).toBe(false)
    expect(wouldTriggerImmediately('TAKE_PROFIT', 'SELL', 90, 100)).toBe(true)
    expect(wouldTriggerImmediately('STOP_LOSS', 'SELL', 110, 100)).toBe(true)
    expect(wouldTriggerImmediately('TAKE_PROFIT', 'BUY', 90, 100)).toBe(false)
    expect(wouldTriggerImmediately('STOP_LOSS', 'SELL', 0, 100)).toBe(false)
  })
})

describe('trailing stops: the FAQ scenarios (fidelity 3.3.7)', () => {
  it('Scenario A: STOP_LOSS_LIMIT BUY, stop 44000, 500 BIPS, triggers at 42000 × 1.05 = 44100', () => {
    const o = trailing('STOP_LOSS_LIMIT', 'BUY', 500, P('44000'))
    const path = ['39000', '37000', '40000', '44000', '45000', '46000', '44000', '42000', '43000', '44099']
    expect(feed(o, path)).toBe(-1)
    expect(o.trailingTime).toBe(1003)
    expect(o.trailExtreme).toBe(P('42000'))
    expect(feed(o, ['44100'])).toBe(0)
  })

  it('Scenario B: STOP_LOSS_LIMIT SELL, stop 39000, 1000 BIPS, triggers at 41000 × 0.90 = 36900', () => {
    const o = trailing('STOP_LOSS_LIMIT', 'SELL', 1000, P('39000'))
    expect(feed(o, ['41500', '40000', '39000', '37000', '41000', '36901'])).toBe(-1)
    expect(o.trailExtreme).toBe(P('41000'))
    expect(feed(o, ['36900'])).toBe(0)
  })

  it('Scenario C: TAKE_PROFIT_LIMIT BUY, stop 38000, 850 BIPS, triggers at 37000 × 1.085 = 40145', () => {
    const o = trailing('TAKE_PROFIT_LIMIT', 'BUY', 850, P('38000'))
    expect(feed(o, ['42000', '38000', '37000', '39000', '38000', '40144.99'])).toBe(-1)
    expect(o.trailExtreme).toBe(P('37000'))
    expect(feed(o, ['40145'])).toBe(0)
  })

  it('Scenario D: TAKE_PROFIT_LIMIT SELL, stop 42000, 750 BIPS, triggers at 46500 × 0.925 = 43012.5', () => {
    const o = trailing('TAKE_PROFIT_LIMIT', 'SELL', 750, P('42000'))
    expect(feed(o, ['41500', '39000', '42000', '45000', '44000', '46500', '43012.51'])).toBe(-1)
    expect(feed(o, ['43012.50'])).toBe(0)
  })

  it('Scenario E: no stop price, 700 BIPS, tracks from the last price at placement', () => {
    const o = trailing('STOP_LOSS_LIMIT', 'SELL', 700)
    expect(o.trailingTime).toBe(-1)
    armTrailing(o, P('40000'), 500)
    expect(o.trailingTime).toBe(500)
    expect(feed(o, ['42000', '39500', '45500', '42316'])).toBe(-1)
    expect(feed(o, ['42315'])).toBe(0)
  })
})
