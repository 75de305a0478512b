// Prometheus's text exposition format (version 0.0.4): each metric family's HELP and TYPE lines, then its samples.

import type { HistogramView } from './histogram.js'

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8'

export type Labels = Readonly<Record<string, string>>

/** One sample of a counter or gauge family. */
export interface Sample {
  readonly labels?: Labels
  readonly value: number
}

/** Builds an exposition, family by family. */
export class PrometheusText {
  private readonly lines: string[] = []

  /** A counter or gauge family; a family without samples is left out. */
  family(name: string, type: 'counter' | 'gauge', help: string, samples: readonly Sample[]): this {
    if (samples.length === 0) return this
    this.head(name, type, help)
    for (const s of samples) this.lines.push(`${name}${labelText(s.labels)} ${number(s.value)}`)
    return this
  }

  /** A histogram family: per series its buckets (`le`), sum and count. */
  histogram(
    name: string,
    help: string,
    series: readonly { readonly labels?: Labels; readonly histogram: HistogramView }[],
  ): this {
    if (series.length === 0) return this
    this.head(name, 'histogram', help)
    for (const { labels = {}, histogram } of series) {
      const counts = histogram.cumulative()
      histogram.bounds.forEach((bound, i) => {
        this.lines.push(`${name}_bucket${labelText({ ...labels, le: number(bound) })} ${counts[i]}`)
      })
      this.lines.push(`${name}_bucket${labelText({ ...labels, le: '+Inf' })} ${histogram.count}`)
      this.lines.push(`${name}_sum${labelText(labels)} ${number(histogram.sum)}`)
      this.lines.push(`${name}_count${labelText(labels)} ${histogram.count}`)
    }
    return this
  }

  text(): string {
    return this.lines.length === 0 ? '' : `${this.lines.join('\n')}\n`
  }

  private head(name: string, type: string, help: string): void {
    this.lines.push(`# HELP ${name} ${help.replaceAll('\\', '\\\\').replaceAll('\n', '\\n')}`)
    this.lines.push(`# TYPE ${name} ${type}`)
  }
}

function labelText(labels: Labels | undefined): string {
  if (!labels) return ''
  const pairs = Object.entries(labels).map(
    ([k, v]) => `${k}="${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"`,
  )
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`
}

function number(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return '+Inf'
  if (value === Number.NEGATIVE_INFINITY) return '-Inf'
  return String(value)
}
