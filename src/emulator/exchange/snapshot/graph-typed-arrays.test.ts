// Typed arrays through a snapshot's text: any kind, length and content (trailing zeros left out or not) reads back
// as the same type, length and bytes.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type BytesCodec, TYPED_ARRAYS, type TypedArrayName } from './graph-format.js'
import { GraphReader } from './graph-reader.js'
import { writeGraph } from './graph-writer.js'

const codec: BytesCodec = {
  encode: (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
  decode: (text) => Buffer.from(text, 'base64'),
}

const NAMES = Object.keys(TYPED_ARRAYS) as TypedArrayName[]

/** A typed array of `name` whose bytes are `head` then `zeros` zero bytes (whole elements). */
function arrayOf(name: TypedArrayName, head: Uint8Array, zeros: number) {
  const Type = TYPED_ARRAYS[name]
  const size = Type.BYTES_PER_ELEMENT
  const elements = Math.ceil((head.length + zeros) / size)
  const out = new Type(elements)
  new Uint8Array(out.buffer).set(head)
  return out
}

function roundTrip(root: { arrays: unknown[] }): { lines: string[]; read: { arrays: unknown[] } } {
  const lines: string[] = []
  writeGraph(root, new Map(), codec, (line) => lines.push(line))
  const read = { arrays: [] as unknown[] }
  const reader = new GraphReader(read, new Map(), codec)
  for (const line of lines) reader.line(line)
  reader.finish()
  return { lines, read }
}

describe('typed arrays in a snapshot', () => {
  it('read back with their type, length and bytes, trailing zeros or not', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            name: fc.constantFrom(...NAMES),
            head: fc.uint8Array({ maxLength: 40 }),
            zeros: fc.oneof(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 60, max: 3000 })),
          }),
          { maxLength: 6 },
        ),
        (specs) => {
          const arrays = specs.map((s) => arrayOf(s.name, s.head, s.zeros))
          const { read } = roundTrip({ arrays })
          expect(read.arrays).toHaveLength(arrays.length)
          read.arrays.forEach((got, k) => {
            const want = arrays[k] as Uint8Array
            expect((got as object).constructor).toBe(want.constructor)
            expect(Buffer.from((got as Uint8Array).buffer)).toEqual(Buffer.from(want.buffer))
          })
        },
      ),
      { numRuns: 300 },
    )
  })

  it('leaves out the zeros of a chunk being filled', () => {
    const chunk = new Float64Array(4096)
    chunk.set([1.5, -0, 7])
    const { lines } = roundTrip({ arrays: [chunk] })
    const line = lines.find((l) => l.includes('!tFloat64Array')) as string
    expect(line).toContain('!tFloat64Array/4096:')
    expect(line.length).toBeLessThan(200)
    const whole = new Float64Array(4096).fill(2)
    expect(roundTrip({ arrays: [whole] }).lines.join('\n')).toContain('!tFloat64Array:')
  })

  it('refuses a length that does not hold the bytes', () => {
    const reader = new GraphReader({ arrays: [] }, new Map(), codec)
    reader.line(JSON.stringify({ id: 0, kind: 'object', class: 'Object', keys: ['arrays'], frozen: false }))
    reader.line(JSON.stringify({ id: 1, kind: 'array', frozen: false }))
    reader.line(JSON.stringify([0, '@1:1']))
    expect(() =>
      reader.line(JSON.stringify([1, `!tUint32Array/1:${codec.encode(new Uint8Array(8).fill(1))}`])),
    ).toThrow(/wrong length/)
  })
})
