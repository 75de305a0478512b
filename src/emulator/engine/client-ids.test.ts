import { describe, expect, it } from 'vitest'
import { ClientIdTable, clientIdHash } from './client-ids.js'
import type { Order } from './order.js'

/** Deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const fake = (id: number) => ({ id }) as unknown as Order

describe('ClientIdTable', () => {
  it('agrees with a Map through random sets, deletes and conditional deletes (growing and shrinking)', () => {
    const random = rng(1)
    const table = new ClientIdTable()
    const ref = new Map<string, Order>()
    let next = 0
    for (let step = 0; step < 50_000; step++) {
      const phase = Math.floor(step / 10_000) % 2 === 0 ? 0.65 : 0.3 // grow, then shrink
      const key = `k${Math.floor(random() * 3000)}`
      const x = random()
      if (x < phase) {
        const o = fake(++next)
        table.set(key, o)
        ref.set(key, o)
      } else if (x < 0.9) {
        table.delete(key)
        ref.delete(key)
      } else {
        const other = ref.get(key)
        const only = random() < 0.5 && other ? other : fake(-1)
        table.delete(key, only)
        if (ref.get(key) === only) ref.delete(key)
      }
      if (step % 997 === 0) {
        const values: Order[] = []
        table.values(values)
        expect(values.map((o) => o.id).sort((a, b) => a - b)).toEqual(
          [...ref.values()].map((o) => o.id).sort((a, b) => a - b),
        )
      }
      const probe = `k${Math.floor(random() * 3000)}`
      expect(table.get(probe)).toBe(ref.get(probe))
      expect(table.has(probe)).toBe(ref.has(probe))
    }
  })

  it('finds ids whose hashes collide in the low bits, and never hashes to 0', () => {
    const table = new ClientIdTable()
    const keys = Array.from({ length: 200 }, (_, i) => `id-${i}`)
    for (const [i, k] of keys.entries()) table.set(k, fake(i))
    for (const [i, k] of keys.entries()) expect(table.get(k)?.id).toBe(i)
    for (const k of keys.slice(0, 150)) table.delete(k)
    for (const [i, k] of keys.entries()) expect(table.get(k)?.id).toBe(i < 150 ? undefined : i)
    for (const k of ['', 'a', 'x'.repeat(36), 'é', keys[0] as string]) expect(clientIdHash(k)).not.toBe(0)
  })
})
