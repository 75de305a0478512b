// Deterministic randomness from a seed: generated ids repeat run after run.

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/** A mulberry32 generator: uniform 32-bit unsigned integers. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }
}

/** A base62 string of `length` characters drawn from `next`. */
export function base62(next: () => number, length: number): string {
  let out = ''
  for (let i = 0; i < length; i++) out += BASE62[next() % 62]
  return out
}

/** Generator of 22-character client order ids, like the exchange's own (`BqtFCj5odMoWtSqGk2X9tU`). */
export function clientOrderIds(seed: number): () => string {
  const next = seededRandom(seed)
  return () => base62(next, 22)
}
