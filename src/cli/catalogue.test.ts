import { describe, expect, it } from 'vitest'
import { METHOD_LIST } from '../protocol/methods.js'
import { closest } from '../protocol/suggest.js'
import { describeMethodWeight, findMethod } from './catalogue.js'
import { UsageError } from './command.js'

describe('findMethod', () => {
  it('finds a method by wire name and by client name', () => {
    expect(findMethod('order.place').name).toBe('orderPlace')
    expect(findMethod('orderPlace').wire).toBe('order.place')
  })

  it('suggests the closest name for a typo', () => {
    expect(() => findMethod('oder.place')).toThrow(UsageError)
    expect(() => findMethod('oder.place')).toThrow(
      "unknown method 'oder.place' (did you mean 'order.place'?)",
    )
    expect(() => findMethod('tickr')).toThrow(/did you mean 'ticker'/)
    expect(() => findMethod('zzzzzzzz')).toThrow(
      /^unknown method 'zzzzzzzz'; `binance-spot-ws methods` lists them$/,
    )
  })
})

describe('describeMethodWeight', () => {
  it('describes fixed weights, every rule kind in the catalogue, and weights free when the request succeeds', () => {
    expect(describeMethodWeight(findMethod('ping'))).toBe('1')
    expect(describeMethodWeight(findMethod('depth'))).toBe('5-250 by limit')
    expect(describeMethodWeight(findMethod('order.test'))).toBe('1, 20 with computeCommissionRates')
    expect(describeMethodWeight(findMethod('openOrders.status'))).toBe('6-80 by symbol(s)')
    expect(describeMethodWeight(findMethod('order.cancel'))).toBe('1, 0 if it succeeds')
    const texts = METHOD_LIST.map((m) => describeMethodWeight(m))
    expect(texts.every((t) => /^\d/.test(t) && !t.includes('NaN') && !t.includes('Infinity'))).toBe(true)
  })
})

describe('closest', () => {
  it('ignores case and refuses far-fetched matches', () => {
    expect(closest('EMULATR', ['emulator', 'call'])).toBe('emulator')
    expect(closest('xyz', ['emulator', 'call'])).toBeUndefined()
  })
})
