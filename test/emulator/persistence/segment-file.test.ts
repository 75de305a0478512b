// A journal segment keeps zeros written ahead of its records while it is open (so that a durable write finds its blocks
// allocated), and is cut back to its records when closed; the journal writer starts over a segment that holds only
// zeros (a crash right after it was made).
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { JournalWriter, segmentName } from '../../../src/emulator/api/persistence/journal-writer.js'
import { scanSegment } from '../../../src/emulator/api/persistence/record-codec.js'
import { TempDirs } from '../../support/temp-dirs.js'

const dirs = new TempDirs()
afterEach(() => dirs.removeAll())

const MB = 1 << 20
const record = (i: number) => JSON.stringify({ o: i, pad: 'x'.repeat(1000) })

function scanned(path: string): string[] {
  const seen: string[] = []
  const r = scanSegment(readFileSync(path), path, (p) => seen.push(p))
  expect(r.torn).toBeUndefined()
  return seen
}

async function writer(dir: string, next = 0): Promise<JournalWriter> {
  return JournalWriter.open(dir, next, (error) => {
    throw error
  })
}

describe('a journal segment', () => {
  it('is zero-filled ahead of its records while open, in growing steps, and cut to them at close', async () => {
    const dir = dirs.make('bsw-segment-')
    const path = join(dir, segmentName(0))
    const journal = await writer(dir)
    const sizes = new Set<number>()
    let n = 0
    // ~5 MB of records, a turn of 100 at a time: the file stays ahead of them by whole steps.
    while (n < 5_000) {
      for (let k = 0; k < 100; k++) journal.append(record(n++))
      await journal.settled()
      const size = statSync(path).size
      expect(size % MB).toBe(0)
      expect(size).toBeGreaterThan(journal.segmentBytes)
      sizes.add(size)
    }
    expect(Math.max(...sizes)).toBeGreaterThanOrEqual(8 * MB)
    expect(scanned(path)).toEqual(Array.from({ length: n }, (_, i) => record(i)))
    await journal.close()
    expect(statSync(path).size).toBe(journal.segmentBytes)
    expect(scanned(path)).toHaveLength(n)
  })

  it('is made again over a segment that holds only zeros', async () => {
    const dir = dirs.make('bsw-segment-')
    const path = join(dir, segmentName(7))
    writeFileSync(path, Buffer.alloc(3 * MB))
    const journal = await writer(dir, 7)
    journal.append(record(7))
    await journal.close()
    expect(readdirSync(dir)).toEqual([segmentName(7)])
    expect(scanned(path)).toEqual([record(7)])
  })
})

/** The whole records at the start of `bytes`, counted up to `upTo`; what follows them is not read. */
function wholeRecords(bytes: Buffer, path: string, upTo: number): number {
  let count = 0
  try {
    scanSegment(bytes, path, () => {
      if (++count === upTo) throw REACHED
    })
  } catch (err) {
    if (err !== REACHED) return count
  }
  return count
}
const REACHED = Symbol('reached')

describe('batches written at once', () => {
  it('reports records durable only once they and all before them are on disk, in order, across zero steps', async () => {
    const dir = dirs.make('bsw-segment-')
    const path = join(dir, segmentName(0))
    const journal = await writer(dir)
    const reported: number[] = []
    let behind = 0
    journal.onDurable((durable) => {
      reported.push(durable)
      // Every record reported durable is on disk, whole, after every record before it. Only those are read: the
      // batches after them may be half written at this moment, with their later pages already in the file.
      if (wholeRecords(readFileSync(path), path, durable) < durable) behind++
    })
    let n = 0
    // Turns of a few records each, several issued before the first is written; ~3 MB crosses zero steps.
    for (let turn = 0; turn < 300; turn++) {
      for (let k = 0; k <= turn % 7; k++) journal.append(record(n++))
      await new Promise((resolve) => setImmediate(resolve))
    }
    await journal.settled()
    expect(behind).toBe(0)
    expect(reported).toEqual([...reported].sort((a, b) => a - b))
    expect(reported.at(-1)).toBe(n)
    expect(new Set(reported).size).toBe(reported.length)
    expect(scanned(path)).toEqual(Array.from({ length: n }, (_, i) => record(i)))
    await journal.close()
  })
})

describe('batches while commands wait to run', () => {
  it('are written one at a time, each holding the turns that came while the one before was written', async () => {
    const dir = dirs.make('bsw-segment-')
    const path = join(dir, segmentName(0))
    const journal = await writer(dir)
    journal.backlog = () => true
    const ends: number[] = []
    let overlapping = 0
    journal.beforeBatch = (upTo) => {
      // Issued only once the batch before it is durable: never two written at once.
      if (journal.durable !== (ends.at(-1) ?? 0)) overlapping++
      ends.push(upTo)
    }
    const turns = 300
    for (let n = 0; n < turns; n++) {
      journal.append(record(n))
      await new Promise((resolve) => setImmediate(resolve))
    }
    await journal.settled()
    expect(overlapping).toBe(0)
    expect(ends.at(-1)).toBe(turns)
    // A durable write takes several turns of one record each: those turns share the next batch.
    expect(ends.length).toBeLessThan(turns / 2)
    expect(scanned(path)).toEqual(Array.from({ length: turns }, (_, i) => record(i)))
    await journal.close()
  })
})
