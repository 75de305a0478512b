// A strict reader of Prometheus's text format (0.0.4), for tests: every line must parse, every sample belong to a
// family whose TYPE came first, and a histogram's buckets must rise to its `+Inf` bucket, equal to its count.

export interface Exposition {
  /** Family name → its TYPE. */
  readonly types: ReadonlyMap<string, string>
  /** The value of the sample `name` whose labels are exactly `labels`; undefined if there is none. */
  value(name: string, labels?: Record<string, string>): number | undefined
  /** Every sample of `name`. */
  samples(name: string): { readonly labels: Record<string, string>; readonly value: number }[]
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*'
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)$`)
const LABEL = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(?:,|$)/
const SUFFIXES = { histogram: ['_bucket', '_sum', '_count'] } as Record<string, string[]>

function labelsOf(text: string, line: string): Record<string, string> {
  const out: Record<string, string> = {}
  let rest = text
  while (rest !== '') {
    const m = LABEL.exec(rest)
    if (!m) throw new Error(`bad labels in: ${line}`)
    out[m[1] as string] = (m[2] as string).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c))
    rest = rest.slice(m[0].length)
  }
  return out
}

function numberOf(text: string, line: string): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY
  if (text === '-Inf') return Number.NEGATIVE_INFINITY
  if (!/^-?[0-9]+(\.[0-9]+)?(e[+-]?[0-9]+)?$/.test(text)) throw new Error(`bad value in: ${line}`)
  return Number(text)
}

const key = (labels: Record<string, string>) =>
  JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)))

export function parseExposition(text: string): Exposition {
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a newline')
  const types = new Map<string, string>()
  const helped = new Set<string>()
  const byName = new Map<string, { labels: Record<string, string>; value: number }[]>()
  let family: string | undefined
  for (const line of text.slice(0, -1).split('\n')) {
    const help = new RegExp(`^# HELP (${NAME}) (.+)$`).exec(line)
    const type = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`).exec(line)
    if (help) {
      if (helped.has(help[1] as string)) throw new Error(`HELP twice for ${help[1]}`)
      helped.add(help[1] as string)
      continue
    }
    if (type) {
      if (types.has(type[1] as string)) throw new Error(`TYPE twice for ${type[1]}`)
      family = type[1] as string
      types.set(family, type[2] as string)
      continue
    }
    const m = SAMPLE.exec(line)
    if (!m) throw new Error(`not a sample, HELP or TYPE line: ${line}`)
    const name = m[1] as string
    const allowed = family && [
      family,
      ...(SUFFIXES[types.get(family) as string] ?? []).map((s) => family + s),
    ]
    if (!allowed?.includes(name)) throw new Error(`sample ${name} outside its family (${family})`)
    const list = byName.get(name) ?? []
    list.push({ labels: labelsOf(m[2] ?? '', line), value: numberOf(m[3] as string, line) })
    byName.set(name, list)
  }
  for (const [name, type] of types) if (type === 'histogram') checkHistogram(name, byName)
  const samples = (name: string) => byName.get(name) ?? []
  return {
    types,
    samples,
    value: (name, labels = {}) => samples(name).find((s) => key(s.labels) === key(labels))?.value,
  }
}

function checkHistogram(
  name: string,
  byName: Map<string, { labels: Record<string, string>; value: number }[]>,
) {
  const series = new Map<string, { le: number; value: number }[]>()
  for (const { labels, value } of byName.get(`${name}_bucket`) ?? []) {
    const { le, ...rest } = labels
    if (le === undefined) throw new Error(`${name}_bucket without le`)
    const list = series.get(key(rest)) ?? []
    list.push({ le: numberOf(le, name), value })
    series.set(key(rest), list)
  }
  for (const [labels, buckets] of series) {
    for (let i = 1; i < buckets.length; i++) {
      const [a, b] = [buckets[i - 1], buckets[i]] as [
        { le: number; value: number },
        { le: number; value: number },
      ]
      if (!(a.le < b.le && a.value <= b.value)) throw new Error(`${name}${labels}: buckets do not rise`)
    }
    const last = buckets.at(-1)
    const count = byName.get(`${name}_count`)?.find((s) => key(s.labels) === labels)?.value
    if (last?.le !== Number.POSITIVE_INFINITY || last.value !== count)
      throw new Error(`${name}${labels}: the +Inf bucket is not the count`)
  }
}
