// Summarises a V8 .cpuprofile: the functions with the most self time and the most total (inclusive) time.
// Run (after npm run bench:client -- --profile): node <bench build>/bench/profile-top.js bench-profiles/x.cpuprofile [N]
import { readFileSync } from 'node:fs'
import { table } from './lib/stats.js'

interface Node {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
interface Profile {
  nodes: Node[]
  samples: number[]
  timeDeltas: number[]
}

const file = process.argv[2]
if (!file) throw new Error('usage: profile-top <file.cpuprofile> [N]')
const top = Number(process.argv[3] ?? 25)
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile
const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const parent = new Map<number, number>()
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)

const label = (n: Node) => {
  const url = n.callFrame.url.replace(/^.*\/(node_modules\/|bench\/|src\/)/, '$1')
  return `${n.callFrame.functionName || '(anonymous)'} ${url ? `${url}:${n.callFrame.lineNumber + 1}` : ''}`.trim()
}
const self = new Map<string, number>()
const total = new Map<string, number>()
let all = 0
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0
  all += dt
  const node = byId.get(id)
  if (!node) return
  self.set(label(node), (self.get(label(node)) ?? 0) + dt)
  const seen = new Set<string>()
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const l = label(byId.get(cur)!)
    if (seen.has(l)) continue
    seen.add(l)
    total.set(l, (total.get(l) ?? 0) + dt)
  }
})
const rows = (m: Map<string, number>) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, v]) => [((v / all) * 100).toFixed(1) + '%', k])
console.log(`${file}: ${(all / 1e6).toFixed(2)} s sampled\n\nSelf time\n`)
console.log(table(['share', 'function'], rows(self)))
console.log('\nTotal time (inclusive)\n')
console.log(table(['share', 'function'], rows(total)))
