// Small numeric and table helpers shared by the benchmarks.
import { cpus, totalmem } from 'node:os'

export function median(xs: readonly number[]): number {
  if (!xs.length) return Number.NaN
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

/** A number with thousands separators and `digits` decimals; `—` for NaN. */
export function fmt(n: number, digits = 0): string {
  if (!Number.isFinite(n)) return '—'
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
}

export function ratio(n: number, of: number): string {
  return Number.isFinite(n) && Number.isFinite(of) && of > 0 ? `${(n / of).toFixed(2)}×` : '—'
}

/** A Markdown table. */
export function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [head, ...rows]
  const widths = head.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)))
  const line = (r: readonly string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n')
}

/** One line describing the machine, for the record. */
export function machine(): string {
  const cpu = cpus()
  return `${cpu[0]?.model.trim() ?? 'unknown CPU'} × ${cpu.length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}/${process.arch}`
}

/** Reads `--name=value` flags. */
export function flags(argv: readonly string[]): Map<string, string> {
  const out = new Map<string, string>()
  for (const a of argv) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(a)
    if (m) out.set(m[1]!, m[2] ?? 'true')
  }
  return out
}

/** A numeric flag with a default. */
export function num(f: Map<string, string>, name: string, dflt: number): number {
  const v = f.get(name)
  const n = v === undefined ? dflt : Number(v)
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`)
  return n
}

/** The command that reproduces this run: `npm run <script>` plus the flags given. */
export function reproduce(script: string): string {
  const args = process.argv.slice(2)
  return args.length ? `npm run ${script} -- ${args.join(' ')}` : `npm run ${script}`
}
