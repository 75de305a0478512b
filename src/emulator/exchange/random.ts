// Deterministic randomness from a seed: generated ids repeat run after run. The generators keep their position
// in a field (not in a closure), so a snapshot of the exchange keeps it and a restored exchange goes on from it.

const BASE62 = Array.from('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', (c) =>
  c.charCodeAt(0),
)
/** The character codes of the last string base62 made, reused (one flat string made from them, no concatenation). */
let codes: number[] = []

/** A mulberry32 generator: uniform 32-bit unsigned integers. */
export class SeededRandom {
  /** The generator's position. */
  state: number

  constructor(seed: number) {
    this.state = seed >>> 0
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }
}

/** A base62 string of `length` characters drawn from `random`. */
export function base62(random: SeededRandom, length: number): string {
  if (codes.length !== length) codes = new Array<number>(length).fill(0)
  for (let i = 0; i < length; i++) codes[i] = BASE62[random.next() % 62] as number
  return String.fromCharCode.apply(null, codes)
}

/** Generator of 22-character client order ids, like the exchange's own (`BqtFCj5odMoWtSqGk2X9tU`). */
export class ClientOrderIds {
  readonly random: SeededRandom

  constructor(seed: number) {
    this.random = new SeededRandom(seed)
  }

  /** The next id (a bound function: the engine and the list desk are given it). */
  readonly next = (): string => base62(this.random, 22)
}
