import { describe, expect, it } from 'vitest'
import { Effects } from './effects.js'

describe('Effects', () => {
  it('reports touched balances per account in first-touch order, however many there are', () => {
    for (const n of [1, 2, 4, 5, 16, 17, 40]) {
      const effects = new Effects()
      const ref = new Map<number, Set<string>>([[50, new Set(['FIRST'])]])
      effects.touch(50, 'FIRST')
      for (let i = 0; i < n; i++) {
        for (const [account, asset] of [
          [i % 7, `A${i}`],
          [i % 3, 'USDT'],
          [i % 7, `A${i}`],
        ] as const) {
          effects.touch(account, asset)
          const assets = ref.get(account) ?? new Set<string>()
          assets.add(asset)
          ref.set(account, assets)
        }
      }
      const each = new Set<number>()
      effects.eachTouchedAccount((a) => each.add(a))
      expect([...each]).toEqual([...ref.keys()])
      const flat = (m: Map<number, Set<string>>) => [...m].map(([a, s]) => [a, [...s]])
      expect(flat(effects.balances)).toEqual(flat(ref))
      const after = new Set<number>()
      effects.eachTouchedAccount((a) => after.add(a))
      expect([...after]).toEqual([...ref.keys()])
      effects.touch(99, 'BNB') // after the map was read, touches still land in it
      expect(flat(effects.balances).at(-1)).toEqual([99, ['BNB']])
    }
  })

  it('makes its collections on first use', () => {
    const effects = new Effects()
    expect(effects.tradeCount).toBe(0)
    expect([effects.executions, effects.trades, effects.firstFills, effects.prevented]).toEqual([
      [],
      [],
      [],
      [],
    ])
    effects.addFirstFill(3)
    expect(effects.firstFills).toEqual([3])
    expect(effects.balances.size).toBe(0)
  })
})
