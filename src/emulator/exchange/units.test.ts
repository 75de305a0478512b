import { describe, expect, it } from 'vitest'
import { toUnits, UnitsOverflow } from '../engine/decimal.js'
import { SeededRandom } from './random.js'
import { safeUnitsOf, unitsOf } from './units.js'

/** A decimal text matching DECIMAL_PATTERN: 1–20 integer digits, and 0–20 decimals. */
function decimalText(random: SeededRandom): string {
  const digits = (n: number) => Array.from({ length: n }, () => String(random.next() % 10)).join('')
  const int = digits(1 + (random.next() % 20))
  const decimals = random.next() % 21
  return decimals === 0 ? int : `${int}.${digits(decimals)}`
}

describe('unitsOf and safeUnitsOf', () => {
  it('give toUnits of every decimal text, at every scale, short or long', () => {
    const random = new SeededRandom(16)
    const texts = ['0', '0.0', '00012.3400', '999999999999999', '9999999.99999999', '0.000000001', '1.5']
    for (let i = 0; i < 20_000; i++) texts.push(decimalText(random))
    for (const text of texts) {
      for (const scale of [0, 2, 5, 8, 12]) {
        const expected = toUnits(text, scale)
        expect(unitsOf(text, scale)).toBe(expected)
        if (Number.isSafeInteger(Number(expected))) expect(safeUnitsOf(text, scale)).toBe(Number(expected))
        else expect(() => safeUnitsOf(text, scale, 'price')).toThrow(UnitsOverflow)
      }
    }
  })
})
