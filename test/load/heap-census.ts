// A V8 heap snapshot (`v8.writeHeapSnapshot`) counted by constructor: how many objects of each and their own bytes.
// Diffing two censuses, early and late in a load, names what grows.
import { readFileSync } from 'node:fs'

/** Objects and their own (shallow) bytes, by constructor or node type. */
export type Census = Map<string, { count: number; bytes: number }>

interface Snapshot {
  readonly snapshot: { readonly meta: { readonly node_fields: string[]; readonly node_types: [string[]] } }
  readonly nodes: number[]
  readonly strings: string[]
}

/** Reads a .heapsnapshot file; objects are named by constructor, the rest by node type ('(string)', '(code)'…). */
export function heapCensus(file: string): Census {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot
  const fields = snap.snapshot.meta.node_fields
  const types = snap.snapshot.meta.node_types[0]
  const stride = fields.length
  const typeAt = fields.indexOf('type')
  const nameAt = fields.indexOf('name')
  const sizeAt = fields.indexOf('self_size')
  const census: Census = new Map()
  for (let i = 0; i < snap.nodes.length; i += stride) {
    const type = types[snap.nodes[i + typeAt] as number] as string
    const key = type === 'object' ? (snap.strings[snap.nodes[i + nameAt] as number] as string) : `(${type})`
    const size = snap.nodes[i + sizeAt] as number
    const entry = census.get(key)
    if (entry) {
      entry.count++
      entry.bytes += size
    } else census.set(key, { count: 1, bytes: size })
  }
  return census
}

/** What grew from `early` to `late`, largest first: bytes and objects per `per` (e.g. per command). */
export function censusGrowth(
  early: Census,
  late: Census,
  per: number,
  top = 25,
): { name: string; bytesPer: number; objectsPer: number }[] {
  const rows = [...late].map(([name, l]) => {
    const e = early.get(name) ?? { count: 0, bytes: 0 }
    return { name, bytesPer: (l.bytes - e.bytes) / per, objectsPer: (l.count - e.count) / per }
  })
  rows.sort((a, b) => b.bytesPer - a.bytesPer)
  return rows.slice(0, top).map((r) => ({
    name: r.name,
    bytesPer: Math.round(r.bytesPer * 10) / 10,
    objectsPer: Math.round(r.objectsPer * 1000) / 1000,
  }))
}
