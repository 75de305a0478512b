import { describe, expect, it } from 'vitest'
import { METHOD_BY_WIRE, METHOD_LIST, type MethodSpec } from './methods.js'
import { requestWeight, symbolCount } from './weight.js'

function spec(wire: string): MethodSpec {
  const s = METHOD_BY_WIRE.get(wire)
  if (!s) throw new Error(`no method ${wire}`)
  return s
}

const w = (wire: string, params: Record<string, unknown> = {}) => requestWeight(spec(wire), params)
const symbols = (n: number) => Array.from({ length: n }, (_, i) => `S${i}`)

describe('requestWeight', () => {
  it('returns fixed weights as they are', () => {
    expect(w('ping')).toBe(1)
    expect(w('exchangeInfo', { symbol: 'BTCUSDT' })).toBe(20)
    expect(w('order.amend.keepPriority')).toBe(4)
    expect(w('account.rateLimits.orders')).toBe(40)
  })

  it('depth: by limit range, default 100', () => {
    expect(w('depth', { symbol: 'X' })).toBe(5)
    expect(w('depth', { symbol: 'X', limit: 1 })).toBe(5)
    expect(w('depth', { symbol: 'X', limit: 100 })).toBe(5)
    expect(w('depth', { symbol: 'X', limit: 101 })).toBe(25)
    expect(w('depth', { symbol: 'X', limit: 500 })).toBe(25)
    expect(w('depth', { symbol: 'X', limit: 501 })).toBe(50)
    expect(w('depth', { symbol: 'X', limit: 1000 })).toBe(50)
    expect(w('depth', { symbol: 'X', limit: 1001 })).toBe(250)
    expect(w('depth', { symbol: 'X', limit: 5000 })).toBe(250)
    expect(w('depth', { symbol: 'X', limit: '300' })).toBe(25)
  })

  it('depth: out-of-range limits weigh as the nearest range', () => {
    expect(w('depth', { symbol: 'X', limit: 9000 })).toBe(250)
    expect(w('depth', { symbol: 'X', limit: 0 })).toBe(5)
    expect(w('depth', { symbol: 'X', limit: 'abc' })).toBe(5)
  })

  it('ticker.24hr: by symbol count, all symbols 80', () => {
    expect(w('ticker.24hr', { symbol: 'X' })).toBe(2)
    expect(w('ticker.24hr', { symbols: symbols(20) })).toBe(2)
    expect(w('ticker.24hr', { symbols: symbols(21) })).toBe(40)
    expect(w('ticker.24hr', { symbols: symbols(100) })).toBe(40)
    expect(w('ticker.24hr', { symbols: symbols(101) })).toBe(80)
    expect(w('ticker.24hr', { symbols: symbols(500) })).toBe(80)
    expect(w('ticker.24hr')).toBe(80)
  })

  it('ticker: 4 per symbol up to 50, then 200 (also past 100)', () => {
    expect(w('ticker', { symbol: 'X' })).toBe(4)
    expect(w('ticker', { symbols: symbols(3) })).toBe(12)
    expect(w('ticker', { symbols: symbols(50) })).toBe(200)
    expect(w('ticker', { symbols: symbols(51) })).toBe(200)
    expect(w('ticker', { symbols: symbols(100) })).toBe(200)
    expect(w('ticker', { symbols: symbols(150) })).toBe(200)
  })

  it('ticker and ticker.tradingDay refused for no symbol or an empty list weigh one symbol, 4', () => {
    for (const wire of ['ticker', 'ticker.tradingDay']) {
      expect(w(wire)).toBe(4)
      expect(w(wire, { symbols: [] })).toBe(4)
    }
  })

  it('ticker.tradingDay: 4 per symbol, capped at 200 above 50 symbols', () => {
    expect(w('ticker.tradingDay', { symbol: 'X' })).toBe(4)
    expect(w('ticker.tradingDay', { symbols: symbols(10) })).toBe(40)
    expect(w('ticker.tradingDay', { symbols: symbols(50) })).toBe(200)
    expect(w('ticker.tradingDay', { symbols: symbols(51) })).toBe(200)
    expect(w('ticker.tradingDay', { symbols: symbols(99) })).toBe(200)
  })

  it('ticker.price and ticker.book: symbol 2, symbols or none 4', () => {
    for (const wire of ['ticker.price', 'ticker.book']) {
      expect(w(wire, { symbol: 'X' })).toBe(2)
      expect(w(wire, { symbols: symbols(30) })).toBe(4)
      expect(w(wire)).toBe(4)
    }
  })

  it('executionRules: 2 per symbol capped at 40, symbolStatus/none 40', () => {
    expect(w('executionRules', { symbol: 'X' })).toBe(2)
    expect(w('executionRules', { symbols: symbols(3) })).toBe(6)
    expect(w('executionRules', { symbols: '["A","B","C","D"]' })).toBe(8)
    expect(w('executionRules', { symbols: symbols(25) })).toBe(40)
    expect(w('executionRules', { symbolStatus: 'TRADING' })).toBe(40)
    expect(w('executionRules')).toBe(40)
  })

  it('openOrders.status: symbol 6, all 80', () => {
    expect(w('openOrders.status', { symbol: 'X' })).toBe(6)
    expect(w('openOrders.status')).toBe(80)
  })

  it('order.test / sor.order.test: 20 with computeCommissionRates', () => {
    for (const wire of ['order.test', 'sor.order.test']) {
      expect(w(wire)).toBe(1)
      expect(w(wire, { computeCommissionRates: false })).toBe(1)
      expect(w(wire, { computeCommissionRates: true })).toBe(20)
      expect(w(wire, { computeCommissionRates: 'true' })).toBe(20)
    }
  })

  it('myTrades: 5 with orderId, else 20', () => {
    expect(w('myTrades', { symbol: 'X' })).toBe(20)
    expect(w('myTrades', { symbol: 'X', orderId: 7 })).toBe(5)
  })

  it('myPreventedMatches: by query kind and symbol validity', () => {
    expect(w('myPreventedMatches', { symbol: 'X', preventedMatchId: 1 })).toBe(2)
    expect(w('myPreventedMatches', { symbol: 'X', orderId: 1 })).toBe(20)
    expect(w('myPreventedMatches', { symbol: 'X', orderId: 1, fromPreventedMatchId: 3 })).toBe(20)
    const known = (s: string) => s === 'BTCUSDT'
    expect(requestWeight(spec('myPreventedMatches'), { symbol: 'NOPE', orderId: 1 }, known)).toBe(2)
    expect(requestWeight(spec('myPreventedMatches'), { symbol: 'BTCUSDT', orderId: 1 }, known)).toBe(20)
  })

  it('gives every catalogue method a positive integer weight with no params', () => {
    for (const m of METHOD_LIST) {
      const weight = requestWeight(m, {})
      expect(Number.isInteger(weight) && weight > 0, m.wire).toBe(true)
    }
  })
})

describe('symbolCount', () => {
  it('counts arrays, JSON array strings and comma lists', () => {
    expect(symbolCount(['A', 'B'])).toBe(2)
    expect(symbolCount('["A","B","C"]')).toBe(3)
    expect(symbolCount('A,B')).toBe(2)
    expect(symbolCount('A')).toBe(1)
    expect(symbolCount(undefined)).toBe(0)
  })
})
