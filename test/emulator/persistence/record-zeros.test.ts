// The scan of a journal segment (src/emulator/api/persistence/record-codec.ts, docs/persistence.md "Guarantees"):
// the zeros written ahead of the records end the segment; a record cut short before them is torn; anything else
// that is not a record is damage named by file and offset.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  encodeRecord,
  hasUnwrittenSector,
  RecordBatch,
  scanSegment,
  scanSegmentFile,
} from '../../../src/emulator/api/persistence/record-codec.js'
import { DataDirError } from '../../../src/emulator/index.js'
import { lastSectorUnwritten } from './torn-sector.js'

const PATH = '/data/journal-000000000000.log'
const payloads = ['{"c":{"kind":"a"},"t":1}', '{"l":{"x":"é€"}}', '{"o":-5}']
const records = Buffer.concat(payloads.map(encodeRecord))

function scan(bytes: Buffer) {
  const seen: string[] = []
  const scanned = scanSegment(bytes, PATH, (p) => seen.push(p))
  return { ...scanned, seen }
}

const zeros = (n: number) => Buffer.alloc(n)

describe('scanSegment', () => {
  it('reads every record of a file that ends with its last record', () => {
    expect(scan(records)).toEqual({ count: 3, intact: records.length, torn: undefined, seen: payloads })
  })

  it('takes the zeros written ahead as the end, however many', () => {
    for (const n of [1, 7, 8, 9, 70_000, 1 << 20]) {
      const r = scan(Buffer.concat([records, zeros(n)]))
      expect(r).toEqual({ count: 3, intact: records.length, torn: undefined, seen: payloads })
    }
    expect(scan(zeros(1 << 20))).toEqual({ count: 0, intact: 0, torn: undefined, seen: [] })
  })

  it('drops a last record whose sector after its header was never written (zeros)', () => {
    const last = encodeRecord(`{"c":{"kind":"placeOrder","pad":"${'x'.repeat(600)}"},"t":2}`)
    const end = records.length + last.length
    const r = scan(lastSectorUnwritten(Buffer.concat([records, last, zeros(4096)]), end))
    expect(r).toMatchObject({ count: 3, torn: 'a last record with a sector never written', seen: payloads })
  })

  it('refuses a whole last record with a wrong checksum and every sector written, naming the file and offset', () => {
    const last = Buffer.from(encodeRecord('{"o":7}'))
    last[10] = 0x41
    let error: unknown
    try {
      scan(Buffer.concat([records, last, zeros(100)]))
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(DataDirError)
    expect(error).toMatchObject({
      path: PATH,
      offset: records.length,
      message: `${PATH} is damaged at byte ${records.length}: the last record's checksum does not match, and every sector of it was written (not a write a crash cut short)`,
    })
  })

  it('refuses bytes that are not zeros after the zeros, naming the file and the offset', () => {
    const bytes = Buffer.concat([records, zeros(5000), Buffer.from([1]), zeros(10)])
    let error: DataDirError | undefined
    try {
      scan(bytes)
    } catch (err) {
      error = err as DataDirError
    }
    expect(error).toBeInstanceOf(DataDirError)
    expect(error?.path).toBe(PATH)
    expect(error?.offset).toBe(records.length)
    expect(error?.message).toBe(`${PATH} is damaged at byte ${records.length}: a record of length 0`)
  })

  it('refuses a record with a wrong checksum that has more records after it, zeros or not', () => {
    const bad = Buffer.from(records)
    bad[20] = (bad[20] as number) ^ 0x01
    for (const tail of [zeros(0), zeros(64)]) {
      expect(() => scan(Buffer.concat([bad, tail]))).toThrow(`${PATH} is damaged at byte 0`)
    }
  })
})

describe('scanSegmentFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bsw-zeros-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const last = encodeRecord('{"c":{"kind":"placeOrder"},"t":2}')
  const badSum = Buffer.from(encodeRecord('{"o":7}'))
  badSum[10] = 0x41
  const cases = [
    Buffer.concat([records, zeros(70_000)]),
    Buffer.concat([records, last.subarray(0, 12), zeros(4096)]),
    Buffer.concat([records, badSum, zeros(100)]),
    Buffer.concat([records, zeros(5000), Buffer.from([1]), zeros(10)]),
    zeros(9),
  ]

  it('reads in chunks what the whole-buffer scan reads, the zeros ahead included', async () => {
    const path = join(dir, 'journal-000000000000.log')
    for (const bytes of cases) {
      let expected: unknown
      try {
        expected = scan(bytes)
      } catch (err) {
        expected = (err as Error).message.replace(PATH, path)
      }
      writeFileSync(path, bytes)
      for (const chunk of [5, 300, 1 << 20]) {
        const seen: string[] = []
        let got: unknown
        try {
          const { size: _, ...scanned } = await scanSegmentFile(path, (p) => seen.push(p), chunk)
          got = { ...scanned, seen }
        } catch (err) {
          got = (err as Error).message
        }
        expect(got).toEqual(expected)
      }
    }
  })
})

describe('RecordBatch', () => {
  it('encodes records as encodeRecord does after its marker, growing past its first capacity', () => {
    const batch = new RecordBatch(16)
    const many = Array.from({ length: 500 }, (_, i) => `{"i":${i},"s":"${'ü'.repeat(i % 40)}"}`)
    for (const p of many) batch.append(p)
    batch.marked(7)
    expect(batch.records).toBe(500)
    const bytes = batch.bytes.subarray(0, batch.length)
    const records = Buffer.concat(many.map(encodeRecord))
    expect(bytes.subarray(bytes.length - records.length)).toEqual(records)
    const seen: string[] = []
    expect(scanSegment(bytes, PATH, (p) => seen.push(p))).toEqual({
      count: 500,
      intact: bytes.length,
      torn: undefined,
    })
    expect(seen).toEqual(many)
    batch.clear()
    batch.append(many[3] as string)
    const one = batch.bytes.subarray(0, batch.length)
    expect(one.subarray(one.length - encodeRecord(many[3] as string).length)).toEqual(
      encodeRecord(many[3] as string),
    )
  })
})

describe('hasUnwrittenSector', () => {
  const full = (n: number) => Buffer.alloc(n, 0x41)

  it('finds a 512-byte file block whose part of the record is all zeros', () => {
    // A record at file offset 500: blocks [500, 512), [512, 1024), [1024, 1100).
    const record = full(600)
    expect(hasUnwrittenSector(record, 0, 600, 500)).toBe(false)
    expect(hasUnwrittenSector(Buffer.from(record).fill(0, 12, 524), 0, 600, 500)).toBe(true)
    expect(hasUnwrittenSector(Buffer.from(record).fill(0, 524), 0, 600, 500)).toBe(true)
    expect(hasUnwrittenSector(Buffer.from(record).fill(0, 0, 12), 0, 600, 500)).toBe(true)
  })

  it('takes zeros that do not fill a block part as written (a bit flip, not a lost sector)', () => {
    const record = full(600)
    expect(hasUnwrittenSector(Buffer.from(record).fill(0, 13, 524), 0, 600, 500)).toBe(false)
    expect(hasUnwrittenSector(Buffer.from(record).fill(0, 599), 0, 600, 500)).toBe(false)
  })

  it('reads the record at `from` in a larger buffer', () => {
    const bytes = Buffer.concat([full(100), full(600).fill(0, 12, 524)])
    expect(hasUnwrittenSector(bytes, 100, 700, 500)).toBe(true)
    expect(hasUnwrittenSector(bytes, 100, 700, 0)).toBe(false)
  })
})
