// A snapshot of the exchange read into a fresh one gives the same state: the same snapshot again, and the same
// answers to the same requests afterwards (ids, client ids, fills, balances).
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { SNAPSHOT_FORMAT } from '../../../src/emulator/api/persistence/journal-records.js'
import type { BytesCodec, Shape } from '../../../src/emulator/exchange/snapshot/graph-format.js'
import { type Frame, harness, stateDigest } from '../../support/dispatch-harness.js'
import { runWorkload } from './workload.js'

const codec: BytesCodec = {
  encode: (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
  decode: (text) => Buffer.from(text, 'base64'),
}

function snapshotOf(h: ReturnType<typeof harness>): string[] {
  const lines: string[] = []
  h.exchange.writeSnapshot(codec, (line) => lines.push(line))
  return lines
}

/**
 * The frames without their request ids (the two harnesses number requests apart) and without REQUEST_WEIGHT
 * (the api layer's count of requests, not exchange state).
 */
const answers = (frames: readonly Frame[]) =>
  frames.map(({ id: _, rateLimits, ...rest }) => ({
    ...rest,
    rateLimits: (rateLimits as { rateLimitType: string }[] | undefined)?.filter(
      (r) => r.rateLimitType === 'ORDERS',
    ),
  }))

describe('exchange snapshot', () => {
  it('restores into a fresh exchange that then answers exactly as the original', () => {
    const a = harness()
    const ca = a.connect()
    runWorkload(a, ca, 1, 300)
    const lines = snapshotOf(a)

    const b = harness()
    const reader = b.exchange.readSnapshot(codec)
    for (const line of lines) reader.line(line)
    reader.finish()
    expect(snapshotOf(b)).toEqual(lines)
    expect(stateDigest(b.exchange)).toBe(stateDigest(a.exchange))

    b.now = a.now
    const cb = b.connect()
    const fromA = ca.frames.length
    runWorkload(a, ca, 2, 150)
    runWorkload(b, cb, 2, 150)
    expect(answers(cb.frames)).toEqual(answers(ca.frames.slice(fromA)))
    expect(snapshotOf(b)).toEqual(snapshotOf(a))
  })

  it('pins the shapes of the state to the snapshot format: a changed shape needs a new format number', () => {
    // A reader fills each object with the fields its snapshot lists and drops the others: a snapshot written before
    // a class gained, lost or renamed a field would be read into it wrong, silently. So the shapes a workload's
    // snapshot holds are pinned with the format that reads them; when they change, bump SNAPSHOT_FORMAT
    // (journal-records.ts: an older data dir is then refused by its number) and pin the new digest here. (64 shapes
    // since the default symbols gained MAX_NUM_ORDER_LISTS and MAX_NUM_ORDER_AMENDS: two plain filter objects, no
    // class changed, so format 6 reads them.)
    const a = harness()
    runWorkload(a, a.connect(), 1, 300)
    const shapes = new Set<string>()
    for (const line of snapshotOf(a)) {
      const shape = JSON.parse(line) as Shape | unknown[] | { added: unknown }
      if (Array.isArray(shape) || !('kind' in shape)) continue
      shapes.add(shape.kind === 'object' ? `${shape.class}{${shape.keys.join(',')}}` : shape.kind)
    }
    const digest = createHash('sha256')
      .update([...shapes].sort().join('\n'))
      .digest('hex')
      .slice(0, 16)
    expect({ format: SNAPSHOT_FORMAT, shapes: shapes.size, digest }).toEqual({
      format: 6,
      shapes: 64,
      digest: 'b85e83b640846c37',
    })
  })

  it('refuses a snapshot whose lines are cut short', () => {
    const a = harness()
    runWorkload(a, a.connect(), 3, 50)
    const lines = snapshotOf(a)
    const reader = harness().exchange.readSnapshot(codec)
    for (const line of lines.slice(0, -1)) reader.line(line)
    expect(() => reader.finish()).toThrow(/names \d+ objects but holds/)
  })
})
