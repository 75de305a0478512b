// A histogram with fixed bucket bounds, in the shape Prometheus reads: per upper bound the observations at or
// under it, their sum and count.

export interface HistogramView {
  /** Upper bounds, ascending; the `+Inf` bucket is implied. */
  readonly bounds: readonly number[]
  /** Per bound, the observations at or under it (cumulative), then the `+Inf` bucket (every observation). */
  cumulative(): number[]
  readonly sum: number
  readonly count: number
}

export class Histogram implements HistogramView {
  /** Per bucket (the last one past every bound), the observations that fell in it. */
  private readonly counts: number[]
  sum = 0
  count = 0

  constructor(readonly bounds: readonly number[]) {
    this.counts = new Array<number>(bounds.length + 1).fill(0)
  }

  observe(value: number): void {
    const { bounds } = this
    let i = 0
    while (i < bounds.length && value > (bounds[i] as number)) i++
    this.counts[i] = (this.counts[i] as number) + 1
    this.sum += value
    this.count++
  }

  cumulative(): number[] {
    let total = 0
    return this.counts.map((n) => (total += n))
  }
}
