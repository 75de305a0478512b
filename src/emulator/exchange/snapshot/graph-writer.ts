// Writes an object graph as lines of text (the format is in graph-format.ts): every object reachable from the
// root once, shared references and cycles kept, class instances by their registered class names.
import { SpilledChunk } from '../../engine/history-chunks.js'
import {
  type BytesCodec,
  type Shape,
  SnapshotError,
  TYPED_ARRAYS,
  type TypedArrayName,
} from './graph-format.js'

/** Classes by the names a snapshot gives them. */
export type ClassRegistry = ReadonlyMap<string, abstract new (...args: never[]) => unknown>

/** The shapes met so far, per prototype (a class usually has one). */
interface ShapeTable {
  readonly byProto: Map<object | null, Shape[]>
  readonly container: Map<string, Shape>
  count: number
}

/** Calls `emit` with each line of the graph reachable from `root`, in order; `kept` objects are left out ('!k'). */
export function writeGraph(
  root: object,
  classes: ClassRegistry,
  codec: BytesCodec,
  emit: (line: string) => void,
  kept: ReadonlySet<object> = new Set(),
): void {
  const names = new Map<object, string>()
  for (const [name, cls] of classes) names.set(cls.prototype as object, name)
  const table: ShapeTable = { byProto: new Map(), container: new Map(), count: 0 }
  const ids = new Map<object, number>()
  const queue: object[] = []
  const shapes: Shape[] = []
  const buffers = new Set<ArrayBufferLike>()

  const shapeOf = (o: object): Shape => {
    const frozen = Object.isFrozen(o)
    const kind = Array.isArray(o) ? 'array' : o instanceof Map ? 'map' : o instanceof Set ? 'set' : undefined
    if (kind) {
      const key = `${kind}${frozen}`
      let shape = table.container.get(key)
      if (!shape) {
        shape = { id: table.count++, kind, frozen }
        table.container.set(key, shape)
        emit(JSON.stringify(shape))
      }
      return shape
    }
    const proto = Object.getPrototypeOf(o) as object | null
    const name = proto === Object.prototype || proto === null ? 'Object' : names.get(proto)
    if (name === undefined) {
      const ctor = (proto as { constructor?: { name?: string } }).constructor?.name ?? '?'
      throw new SnapshotError(`a ${ctor} is part of the state, but its class is not registered for snapshots`)
    }
    const keys = Object.keys(o)
    let known = table.byProto.get(proto)
    if (!known) {
      known = []
      table.byProto.set(proto, known)
    }
    for (const shape of known) if (shape.frozen === frozen && sameKeys(shape, keys)) return shape
    const shape: Shape = { id: table.count++, kind: 'object', class: name, keys, frozen }
    known.unshift(shape)
    emit(JSON.stringify(shape))
    return shape
  }

  const value = (v: unknown): unknown => {
    switch (typeof v) {
      case 'number':
        if (Number.isFinite(v)) return Object.is(v, -0) ? '!z' : v
        return Number.isNaN(v) ? '!N' : v > 0 ? '!I' : '!J'
      case 'string': {
        const c = v.charCodeAt(0)
        return c === 64 || c === 33 ? `!s${v}` : v
      }
      case 'boolean':
        return v
      case 'undefined':
        return '!u'
      case 'bigint':
        return `!n${v}`
      case 'function':
        return '!f'
      case 'object': {
        if (v === null) return null
        if (kept.has(v)) return '!k'
        const id = ids.get(v)
        if (id !== undefined) return `@${id}`
        if (v instanceof SpilledChunk) return `!c${v.offset}:${v.length}:${v.crc}`
        if (ArrayBuffer.isView(v)) {
          if (buffers.has(v.buffer)) throw new SnapshotError('two typed arrays of the state share a buffer')
          buffers.add(v.buffer)
          return typedArray(v, codec)
        }
        const shape = shapeOf(v)
        const n = queue.length
        ids.set(v, n)
        queue.push(v)
        shapes.push(shape)
        return `@${n}:${shape.id}`
      }
      default:
        throw new SnapshotError(`a ${typeof v} is part of the state; snapshots hold no ${typeof v}s`)
    }
  }

  ids.set(root, 0)
  queue.push(root)
  shapes.push(shapeOf(root))
  const record: unknown[] = []
  for (let i = 0; i < queue.length; i++) {
    const o = queue[i] as Record<string, unknown>
    const shape = shapes[i] as Shape
    record.length = 0
    record.push(shape.id)
    if (shape.kind === 'object') for (const key of shape.keys) record.push(value(o[key]))
    else if (shape.kind === 'array') for (const item of o as unknown as unknown[]) record.push(value(item))
    else if (shape.kind === 'map') {
      for (const [k, v] of o as unknown as Map<unknown, unknown>) record.push(value(k), value(v))
    } else for (const item of o as unknown as Set<unknown>) record.push(value(item))
    emit(JSON.stringify(record))
  }
}

function sameKeys(shape: Shape, keys: readonly string[]): boolean {
  if (shape.kind !== 'object' || shape.keys.length !== keys.length) return false
  for (let i = 0; i < keys.length; i++) if (shape.keys[i] !== keys[i]) return false
  return true
}

/**
 * A typed array's bytes, without its trailing zero bytes when there are many (a history chunk being filled is
 * allocated whole and mostly zeros): then its length in elements is written too, and the reader pads it again.
 */
function typedArray(v: ArrayBufferView, codec: BytesCodec): string {
  const name = v.constructor.name
  if (!(name in TYPED_ARRAYS)) throw new SnapshotError(`a ${name} is part of the state; snapshots hold none`)
  const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength)
  const used = usedBytes(bytes, (v as Uint8Array).BYTES_PER_ELEMENT)
  if (bytes.length - used < TRIM_FROM) return `!t${name as TypedArrayName}:${codec.encode(bytes)}`
  const elements = bytes.length / (v as Uint8Array).BYTES_PER_ELEMENT
  return `!t${name as TypedArrayName}/${elements}:${codec.encode(bytes.subarray(0, used))}`
}

/** Trailing zero bytes worth leaving out (below this, the length field costs about what it saves). */
const TRIM_FROM = 64

/** The bytes up to the last non-zero one, rounded up to whole elements of `size` bytes. */
function usedBytes(bytes: Uint8Array, size: number): number {
  let end = bytes.length
  while ((end & 3) !== 0 && bytes[end - 1] === 0) end--
  // Four bytes at a time where the view is aligned (a chunk being filled has its zeros at the end).
  if ((end & 3) === 0 && (bytes.byteOffset & 3) === 0) {
    const words = new Uint32Array(bytes.buffer, bytes.byteOffset, end >>> 2)
    let w = words.length
    while (w > 0 && words[w - 1] === 0) w--
    end = w << 2
  }
  while (end > 0 && bytes[end - 1] === 0) end--
  return Math.ceil(end / size) * size
}
