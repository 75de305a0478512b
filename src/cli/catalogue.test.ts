import { describe, expect, it } from 'vitest'
import { METHOD_LIST } from '../protocol/methods.js'
import { closest } from '../protocol/suggest.js'
import { describeWeight, findMethod } from './catalogue.js'
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

describe('describeWeight', () => {
  it('describes fixed weights and every rule kind in the catalogue', () => {
    expect(describeWeight(1)).toBe('1')
    expect(describeWeight(findMethod('depth').weight)).toBe('5-250 by limit')
    expect(describeWeight(findMethod('order.test').weight)).toBe('1, 20 with computeCommissionRates')
    expect(describeWeight(findMethod('openOrders.status').weight)).toBe('6-80 by symbol(s)')
    const texts = METHOD_LIST.map((m) => describeWeight(m.weight))
    expect(texts.every((t) => /^\d/.test(t) && !t.includes('NaN') && !t.includes('Infinity'))).toBe(true)
  })
})

describe('closest', () => {
  it('ignores case and refuses far-fetched matches', () => {
    expect(closest('EMULATR', ['emulator', 'call'])).toBe('emulator')
    expect(closest('xyz', ['emulator', 'call'])).toBeUndefined()
  })
})
