// The CSV entries of a `.zip` as Binance publishes them, read from its central directory and streamed through
// node:zlib (stored or deflated, zip64 too), each checked against its CRC-32 and size. No dependency.
import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { crc32, createInflateRaw } from 'node:zlib'
import { ReplayInputError } from './replay-input-error.js'

export interface ZipEntry {
  readonly name: string
  /** Uncompressed bytes. */
  readonly size: number
  /** The entry's uncompressed bytes, in chunks; rejects on a truncated or corrupt entry. */
  chunks(): AsyncIterable<Buffer>
}

const EOCD = 0x06054b50
const ZIP64_LOCATOR = 0x07064b50
const ZIP64_EOCD = 0x06064b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50
const U32_MAX = 0xffffffff

/** The entries of the zip at `path` whose name ends in `.csv`, in directory order. */
export async function zipCsvEntries(path: string): Promise<ZipEntry[]> {
  const fail = (why: string): never => {
    throw new ReplayInputError(path, 0, why)
  }
  const handle = await open(path, 'r')
  try {
    const size = (await handle.stat()).size
    const read = async (position: number, length: number): Promise<Buffer> => {
      if (position < 0 || position + length > size) fail('truncated zip (a record points past the end)')
      const buf = Buffer.alloc(length)
      await handle.read(buf, 0, length, position)
      return buf
    }
    const tailLength = Math.min(size, 22 + 0xffff)
    const tail = await read(size - tailLength, tailLength)
    let at = -1
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD) {
        at = i
        break
      }
    }
    if (at < 0) fail('truncated zip (no end of central directory record)')
    let count = tail.readUInt16LE(at + 10)
    let dirSize = tail.readUInt32LE(at + 12)
    let dirOffset = tail.readUInt32LE(at + 16)
    const eocdPosition = size - tailLength + at
    if (dirOffset === U32_MAX || count === 0xffff) {
      const locator = await read(eocdPosition - 20, 20)
      if (locator.readUInt32LE(0) !== ZIP64_LOCATOR) fail('corrupt zip64 (no locator)')
      const z = await read(Number(locator.readBigUInt64LE(8)), 56)
      if (z.readUInt32LE(0) !== ZIP64_EOCD) fail('corrupt zip64 (no end of central directory)')
      count = Number(z.readBigUInt64LE(32))
      dirSize = Number(z.readBigUInt64LE(40))
      dirOffset = Number(z.readBigUInt64LE(48))
    }
    const dir = await read(dirOffset, dirSize)
    const entries: ZipEntry[] = []
    let p = 0
    for (let n = 0; n < count; n++) {
      if (p + 46 > dir.length || dir.readUInt32LE(p) !== CENTRAL) fail('corrupt zip (central directory)')
      const method = dir.readUInt16LE(p + 10)
      const crc = dir.readUInt32LE(p + 16)
      let compressed = dir.readUInt32LE(p + 20)
      let uncompressed = dir.readUInt32LE(p + 24)
      const nameLength = dir.readUInt16LE(p + 28)
      const extraLength = dir.readUInt16LE(p + 30)
      const commentLength = dir.readUInt16LE(p + 32)
      let local = dir.readUInt32LE(p + 42)
      const name = dir.toString('utf8', p + 46, p + 46 + nameLength)
      const zip64 = zip64Sizes(dir.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength))
      if (uncompressed === U32_MAX) uncompressed = zip64.shift() ?? fail(`corrupt zip64 sizes of ${name}`)
      if (compressed === U32_MAX) compressed = zip64.shift() ?? fail(`corrupt zip64 sizes of ${name}`)
      if (local === U32_MAX) local = zip64.shift() ?? fail(`corrupt zip64 offset of ${name}`)
      p += 46 + nameLength + extraLength + commentLength
      if (!name.toLowerCase().endsWith('.csv')) continue
      if (method !== 0 && method !== 8) fail(`${name}: compression method ${method} is not supported`)
      const header = await read(local, 30)
      if (header.readUInt32LE(0) !== LOCAL) fail(`corrupt zip (local header of ${name})`)
      const start = local + 30 + header.readUInt16LE(26) + header.readUInt16LE(28)
      if (start + compressed > size) fail(`truncated zip (${name} ends past the end of the file)`)
      entries.push({
        name,
        size: uncompressed,
        chunks: () =>
          entryChunks(path, name, { start, compressed, uncompressed, crc, deflated: method === 8 }),
      })
    }
    return entries
  } finally {
    await handle.close()
  }
}

/** The 64-bit values of a zip64 extra field (id 1), in the order the spec lists them. */
function zip64Sizes(extra: Buffer): number[] {
  for (let i = 0; i + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(i)
    const length = extra.readUInt16LE(i + 2)
    if (id === 1) {
      const values: number[] = []
      for (let j = i + 4; j + 8 <= i + 4 + length; j += 8) values.push(Number(extra.readBigUInt64LE(j)))
      return values
    }
    i += 4 + length
  }
  return []
}

interface EntryPlace {
  readonly start: number
  readonly compressed: number
  readonly uncompressed: number
  readonly crc: number
  readonly deflated: boolean
}

/** Inflating runs on libuv's thread pool: chunks buffered ahead (zlib passes highWaterMark to its stream) let it
 * overlap the parsing. */
const INFLATE = { chunkSize: 1 << 20, highWaterMark: 8 << 20 }

async function* entryChunks(path: string, name: string, e: EntryPlace): AsyncIterable<Buffer> {
  const raw = createReadStream(path, {
    start: e.start,
    end: e.start + e.compressed - 1,
    highWaterMark: 1 << 20,
  })
  const source = e.deflated ? raw.pipe(createInflateRaw(INFLATE)) : raw
  raw.on('error', (err) => source.destroy(err))
  let crc = 0
  let length = 0
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      crc = crc32(chunk, crc)
      length += chunk.length
      yield chunk
    }
  } catch (err) {
    throw new ReplayInputError(path, 0, `truncated or corrupt zip entry ${name} (${(err as Error).message})`)
  }
  if (length !== e.uncompressed || crc !== e.crc)
    throw new ReplayInputError(path, 0, `truncated or corrupt zip entry ${name} (size or CRC-32 differs)`)
}
