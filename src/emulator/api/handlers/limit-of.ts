// The `limit` param of the list methods: `fallback` when absent, out-of-range values clamped into [1, max].
export const limitOf = (n: number | undefined, fallback = 500, max = 1000): number =>
  Math.min(Math.max(n ?? fallback, 1), max)
