// A segment read in chunks gives what the whole file gives: every record and its offset, a record cut by a
// chunk boundary (or larger than a chunk) whole, a torn last record dropped, other damage refused at its offset.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DataDirError } from '../../../src/emulator/api/persistence/data-dir-error.js'
import {
  encodeRecord,
  type ScannedSegment,
  scanSegment,
  scanSegmentFile,
} from '../../../src/emulator/api/persistence/record-codec.js'
import { lastSectorUnwritten } from './torn-sector.js'

const dir = mkdtempSync(join(tmpdir(), 'bsw-codec-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Records of 1 to ~600 bytes, some with non-ASCII text (a character may straddle a chunk boundary). */
const payloads = Array.from({ length: 300 }, (_, i) =>
  JSON.stringify({ i, pad: 'x'.repeat((i * 37) % 600), name: i % 7 === 0 ? 'ordre №€' : 'plain' }),
)
const whole = Buffer.concat(payloads.map(encodeRecord))

type Seen = { records: [string, number][]; scanned: ScannedSegment & { size?: number } }

function scanBuffer(bytes: Buffer): Seen {
  const records: [string, number][] = []
  const scanned = scanSegment(bytes, 'seg', (p, at) => records.push([p, at]))
  return { records, scanned }
}

async function scanFile(bytes: Buffer, chunk: number): Promise<Seen> {
  const path = join(dir, 'seg')
  writeFileSync(path, bytes)
  const records: [string, number][] = []
  const scanned = await scanSegmentFile(path, (p, at) => records.push([p, at]), chunk)
  return { records, scanned }
}

describe('scanSegmentFile', () => {
  it('gives every record and offset the whole-buffer scan gives, for chunks smaller and larger than records', async () => {
    const expected = scanBuffer(whole)
    expect(expected.records.map(([p]) => p)).toEqual(payloads)
    for (const chunk of [3, 64, 257, 1000, 4096, whole.length + 10]) {
      const seen = await scanFile(whole, chunk)
      expect(seen.records).toEqual(expected.records)
      expect(seen.scanned).toEqual({ ...expected.scanned, size: whole.length })
    }
  })

  it('drops a torn last record (cut short, or its checksum wrong) and keeps the rest', async () => {
    const cut = whole.subarray(0, whole.length - 5)
    for (const bytes of [
      cut,
      lastSectorUnwritten(whole, whole.length),
      whole.subarray(0, whole.length - encodeRecord(payloads[299] as string).length + 3),
    ]) {
      const expected = scanBuffer(bytes)
      expect(expected.scanned.count).toBe(299)
      for (const chunk of [5, 300, 1 << 20]) {
        const seen = await scanFile(bytes, chunk)
        expect(seen.records).toEqual(expected.records)
        expect(seen.scanned).toEqual({ ...expected.scanned, size: bytes.length })
      }
    }
  })

  it('refuses a whole last record with a bit flipped at its offset, at any chunk size', async () => {
    const flipped = Buffer.from(whole)
    flipped.writeUInt8((flipped.at(-1) as number) ^ 1, flipped.length - 1)
    const at = whole.length - encodeRecord(payloads[299] as string).length
    for (const chunk of [7, 500, 1 << 20]) {
      const error = await scanFile(flipped, chunk).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(DataDirError)
      expect((error as DataDirError).offset).toBe(at)
    }
  })

  it('refuses a record damaged in the middle at its offset, at any chunk size', async () => {
    const damaged = Buffer.from(whole)
    const at = encodeRecord(payloads[0] as string).length + encodeRecord(payloads[1] as string).length
    damaged.writeUInt8((damaged[at + 12] as number) ^ 1, at + 12)
    for (const chunk of [7, 500, 1 << 20]) {
      const error = await scanFile(damaged, chunk).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(DataDirError)
      expect((error as Error).message).toBe(
        `${join(dir, 'seg')} is damaged at byte ${at}: a record's checksum does not match`,
      )
    }
  })
})
