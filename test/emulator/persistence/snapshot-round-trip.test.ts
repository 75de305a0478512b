// A snapshot of the exchange read into a fresh one gives the same state: the same snapshot again, and the same
// answers to the same requests afterwards (ids, client ids, fills, balances).
import { describe, expect, it } from 'vitest'
import type { BytesCodec } from '../../../src/emulator/exchange/snapshot/graph-format.js'
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

  it('refuses a snapshot whose lines are cut short', () => {
    const a = harness()
    runWorkload(a, a.connect(), 3, 50)
    const lines = snapshotOf(a)
    const reader = harness().exchange.readSnapshot(codec)
    for (const line of lines.slice(0, -1)) reader.line(line)
    expect(() => reader.finish()).toThrow(/names \d+ objects but holds/)
  })
})
