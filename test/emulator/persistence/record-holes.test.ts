// Batches written at once (journal-writer.ts): a crash can leave a batch on disk after one that is not. The scan
// (record-codec.ts) drops such a tail only when each batch in it is marked as issued before the missing one was
// durable — none of it was acknowledged; a batch issued later proves the hole is damage, named by file and offset.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  RecordBatch,
  scanSegment,
  scanSegmentFile,
} from '../../../src/emulator/api/persistence/record-codec.js'
import { DataDirError } from '../../../src/emulator/index.js'

const PATH = '/data/journal-000000000100.log'
/** The segment's first record number: markers count from the start of the journal. */
const FIRST = 100

/** A batch of `n` records (payloads `{"o":<tag>}`), marked as issued when `durable` records were on disk. */
function batch(durable: number, tags: number[]): Buffer {
  const b = new RecordBatch()
  for (const t of tags) b.append(`{"o":${t}}`)
  b.marked(durable)
  return Buffer.from(b.bytes.subarray(0, b.length))
}

const zeros = (n: number) => Buffer.alloc(n)
const b1 = batch(100, [1, 2, 3])
const b2 = batch(100, [4, 5])
const b3 = batch(103, [6])
const b4 = batch(103, [7, 8])

function scan(bytes: Buffer) {
  const seen: string[] = []
  return { ...scanSegment(bytes, PATH, (p) => seen.push(p), FIRST), seen }
}

const UNACKED = /never acknowledged/

describe('a hole with batches after it', () => {
  it('drops batches issued before the missing one was durable (the hole all zeros)', () => {
    const bytes = Buffer.concat([b1, zeros(b2.length), b3, zeros(4096)])
    const r = scan(bytes)
    expect(r.seen).toEqual(['{"o":1}', '{"o":2}', '{"o":3}'])
    expect(r).toMatchObject({ count: 3, intact: b1.length })
    expect(r.torn).toMatch(UNACKED)
  })

  it('keeps the whole records of a batch cut short, and drops the rest', () => {
    // b2's first record (its marker, then {"o":4}) reached the disk, its second did not; b3 did.
    const firstOfB2 = b2.length - (8 + 7)
    const bytes = Buffer.concat([b1, b2.subarray(0, firstOfB2 + 5), zeros(10), b3, zeros(100)])
    const r = scan(bytes)
    expect(r.seen).toEqual(['{"o":1}', '{"o":2}', '{"o":3}', '{"o":4}'])
    expect(r).toMatchObject({ count: 4, intact: b1.length + firstOfB2 })
    expect(r.torn).toMatch(UNACKED)
  })

  it('drops several holes and batches, each marked before the first hole', () => {
    const b5 = batch(103, [9])
    const bytes = Buffer.concat([b1, zeros(b2.length), b3, zeros(b4.length), b5, zeros(64)])
    expect(scan(bytes)).toMatchObject({ count: 3, intact: b1.length, torn: expect.stringMatching(UNACKED) })
  })

  it('refuses a batch after the hole issued once the missing batch was durable: the hole lost acknowledged records', () => {
    // b4 (marked 105) was issued after b2's records (103, 104) were durable.
    const late = batch(105, [7, 8])
    for (const bytes of [
      Buffer.concat([b1, zeros(b2.length), late, zeros(64)]),
      Buffer.concat([b1, zeros(b2.length), b3, late, zeros(64)]),
      Buffer.concat([b1, zeros(b2.length), b3, zeros(b4.length), late]),
    ]) {
      expect(() => scan(bytes)).toThrow(DataDirError)
      expect(() => scan(bytes)).toThrow(`${PATH} is damaged at byte ${b1.length}: a record of length 0`)
    }
  })

  it('refuses bytes after the hole that are no marked batch', () => {
    const records = Buffer.from(batch(100, [6]).subarray(24))
    const bytes = Buffer.concat([b1, zeros(b2.length), records, zeros(64)])
    expect(() => scan(bytes)).toThrow(`${PATH} is damaged at byte ${b1.length}: a record of length 0`)
  })

  it('drops a damaged record inside a batch after the hole with it: the marker proves it was never acknowledged', () => {
    const bad = Buffer.from(b3)
    bad[bad.length - 2] = 0
    const r = scan(Buffer.concat([b1, zeros(b2.length), bad]))
    expect(r).toMatchObject({ count: 3, intact: b1.length, torn: expect.stringMatching(UNACKED) })
  })

  it('reads marked batches with no hole as records, the markers not counted', () => {
    const bytes = Buffer.concat([b1, b2, b3, b4, zeros(8)])
    const r = scan(bytes)
    expect(r).toMatchObject({ count: 8, intact: bytes.length - 8, torn: undefined })
    expect(r.seen).toHaveLength(8)
  })
})

describe('scanSegmentFile with holes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bsw-holes-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('judges a file read in chunks as the whole buffer', async () => {
    const cases = [
      Buffer.concat([b1, zeros(b2.length), b3, zeros(70_000)]),
      Buffer.concat([b1, zeros(b2.length), batch(105, [7]), zeros(70_000)]),
      Buffer.concat([b1, b2.subarray(0, 30), zeros(5), b3, b4.subarray(0, 20)]),
    ]
    for (const [i, bytes] of cases.entries()) {
      const path = join(dir, `journal-${i}.log`)
      writeFileSync(path, bytes)
      let expected: unknown
      try {
        expected = scanSegment(bytes, path, () => {}, FIRST)
      } catch (err) {
        expected = err
      }
      for (const chunk of [16, 64, 1000, 1 << 20]) {
        const got = await scanSegmentFile(path, () => {}, chunk, FIRST).then(
          ({ size: _, ...s }) => s,
          (err: unknown) => err,
        )
        expect(got).toEqual(expected)
      }
    }
  })
})
