// Reads an object graph written by writeGraph back into a freshly built graph of the same kind (the root).
// The fresh graph has what text cannot hold — functions, the wiring of a new exchange — and keeps it: an object
// first reached at the place where the fresh graph holds an object of the same class is that fresh object,
// refilled (so what a fresh closure refers to is the restored object); a function in the snapshot is the fresh
// graph's function at the same place, and the read fails if there is none.
import type { ChunkStore } from '../../engine/history-chunks.js'
import {
  type BytesCodec,
  type Shape,
  SnapshotError,
  TYPED_ARRAYS,
  type TypedArrayName,
} from './graph-format.js'
import type { ClassRegistry } from './graph-writer.js'

type Container = Record<string, unknown> | unknown[] | Map<unknown, unknown> | Set<unknown>

export class GraphReader {
  private readonly objects: Container[] = []
  private readonly shapes: Shape[] = []
  private readonly claimed = new Set<object>()
  /** The fresh objects reused, filled from the snapshot (their old content is the candidates of their fields). */
  private readonly reused = new Set<object>()
  /** The number of object lines read. */
  private filled = 0
  /** Per object shape id, the constructor of its empty objects (see `shapeConstructor`). */
  private readonly constructors: (new () => Record<string, unknown>)[] = []

  constructor(
    root: object,
    private readonly classes: ClassRegistry,
    private readonly codec: BytesCodec,
    /** Where the history chunks a snapshot refers to are (a data dir's history file). */
    private readonly chunks?: ChunkStore | undefined,
  ) {
    this.objects.push(root as Container)
    this.claimed.add(root)
    this.reused.add(root)
  }

  /** Reads the next line. */
  line(text: string): void {
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      throw new SnapshotError('a line is not JSON')
    }
    if (Array.isArray(parsed)) this.object(parsed)
    else this.shape(parsed as Shape)
  }

  /** Checks that every object the lines named was read. */
  finish(): void {
    if (this.filled !== this.objects.length || this.filled === 0) {
      throw new SnapshotError(`the snapshot names ${this.objects.length} objects but holds ${this.filled}`)
    }
  }

  private shape(s: Shape): void {
    if (s === null || typeof s !== 'object' || s.id !== this.shapes.length) {
      throw new SnapshotError(`shape ${this.shapes.length} is missing or out of order`)
    }
    if (s.kind === 'object' && s.class !== 'Object' && !this.classes.has(s.class)) {
      throw new SnapshotError(`the snapshot holds a ${s.class}, a class this exchange does not have`)
    }
    this.shapes.push(s)
  }

  private object(record: unknown[]): void {
    const id = this.filled
    const o = this.objects[id]
    const shape = this.shapes[record[0] as number]
    if (o === undefined || shape === undefined) throw new SnapshotError(`object ${id} was never named`)
    if (id === 0 && !this.sameKind(o, shape))
      throw new SnapshotError(`the snapshot is not of a ${shapeName(shape)}`)
    const reused = this.reused.has(o)
    const where = (key: string | number) => `object ${id} (${shapeName(shape)}) at ${key}`
    if (shape.kind === 'object') {
      const target = o as Record<string, unknown>
      const { keys } = shape
      if (record.length !== keys.length + 1) throw new SnapshotError(`${where('its end')}: wrong length`)
      for (let k = 0; k < keys.length; k++) {
        const key = keys[k] as string
        target[key] = this.value(record[k + 1], reused ? target[key] : undefined, where, key)
      }
      if (reused && Object.keys(target).length !== keys.length) {
        const kept = new Set(keys)
        for (const key of Object.keys(target)) if (!kept.has(key)) delete target[key]
      }
    } else if (shape.kind === 'array') {
      const target = o as unknown[]
      const before = reused ? target.slice() : []
      target.length = record.length - 1
      for (let k = 1; k < record.length; k++)
        target[k - 1] = this.value(record[k], before[k - 1], where, k - 1)
    } else if (shape.kind === 'map') {
      const target = o as Map<unknown, unknown>
      const before = reused ? new Map(target) : undefined
      const keys = before ? [...before.keys()] : []
      target.clear()
      for (let k = 1; k + 1 < record.length; k += 2) {
        const key = this.value(record[k], keys[(k - 1) / 2], where, k - 1)
        target.set(key, this.value(record[k + 1], before?.get(key), where, k))
      }
    } else {
      const target = o as Set<unknown>
      const before = reused ? [...target] : []
      target.clear()
      for (let k = 1; k < record.length; k++) target.add(this.value(record[k], before[k - 1], where, k - 1))
    }
    if (shape.frozen) Object.freeze(o)
    this.filled++
  }

  /** One value; `fresh` is what the fresh graph holds at its place. */
  private value(
    raw: unknown,
    fresh: unknown,
    where: (key: string | number) => string,
    key: string | number,
  ): unknown {
    if (typeof raw !== 'string') {
      if (typeof raw === 'number' || typeof raw === 'boolean' || raw === null) return raw
      throw new SnapshotError(`${where(key)}: not a value`)
    }
    const c = raw.charCodeAt(0)
    if (c === 64) return this.reference(raw, fresh, where, key)
    if (c !== 33) return raw
    switch (raw.charCodeAt(1)) {
      case 115: // s
        return raw.slice(2)
      case 117: // u
        return undefined
      case 110: // n
        return BigInt(raw.slice(2))
      case 102: // f
        if (typeof fresh === 'function') return fresh
        throw new SnapshotError(`${where(key)}: a function a fresh exchange does not have`)
      case 107: // k
        if (typeof fresh === 'object' && fresh !== null) return fresh
        throw new SnapshotError(`${where(key)}: an object a fresh exchange does not have`)
      case 78: // N
        return Number.NaN
      case 73: // I
        return Number.POSITIVE_INFINITY
      case 74: // J
        return Number.NEGATIVE_INFINITY
      case 122: // z
        return -0
      case 116: // t
        return this.typedArray(raw)
      case 99: // c
        return this.chunk(raw, where(key))
      default:
        throw new SnapshotError(`${where(key)}: unknown value ${raw.slice(0, 8)}`)
    }
  }

  private reference(
    raw: string,
    fresh: unknown,
    where: (key: string | number) => string,
    key: string | number,
  ): unknown {
    const colon = raw.indexOf(':')
    const id = Number(colon < 0 ? raw.slice(1) : raw.slice(1, colon))
    if (colon < 0) {
      const o = this.objects[id]
      if (o === undefined) throw new SnapshotError(`${where(key)}: object ${id} was never named`)
      return o
    }
    const shape = this.shapes[Number(raw.slice(colon + 1))]
    if (id !== this.objects.length || shape === undefined) {
      throw new SnapshotError(`${where(key)}: object ${raw.slice(1)} out of order`)
    }
    const o = this.claim(fresh, shape) ?? this.make(shape)
    this.objects.push(o)
    return o
  }

  /** The fresh object at the place, if it is of the same kind and not taken yet. */
  private claim(fresh: unknown, shape: Shape): Container | undefined {
    if (typeof fresh !== 'object' || fresh === null || shape.frozen || this.claimed.has(fresh))
      return undefined
    if (Object.isFrozen(fresh)) return undefined
    if (!this.sameKind(fresh, shape)) return undefined
    this.claimed.add(fresh)
    this.reused.add(fresh)
    return fresh as Container
  }

  private sameKind(o: object, shape: Shape): boolean {
    switch (shape.kind) {
      case 'array':
        return Array.isArray(o)
      case 'map':
        return o instanceof Map
      case 'set':
        return o instanceof Set
      case 'object':
        return !Array.isArray(o) && Object.getPrototypeOf(o) === this.prototype(shape.class)
    }
  }

  private make(shape: Shape): Container {
    switch (shape.kind) {
      case 'array':
        return []
      case 'map':
        return new Map()
      case 'set':
        return new Set()
      case 'object': {
        let made = this.constructors[shape.id]
        if (made === undefined) {
          made = shapeConstructor(this.prototype(shape.class), shape.keys)
          this.constructors[shape.id] = made
        }
        return new made()
      }
    }
  }

  private prototype(name: string): object {
    if (name === 'Object') return Object.prototype
    return this.classes.get(name)?.prototype as object
  }

  private chunk(raw: string, where: string): unknown {
    const [offset, length, crc] = raw.slice(2).split(':').map(Number)
    if (!this.chunks)
      throw new SnapshotError(`${where}: a history chunk, but no history file to read it from`)
    if (![offset, length, crc].every((n) => Number.isSafeInteger(n) && (n as number) >= 0)) {
      throw new SnapshotError(`${where}: a damaged history chunk reference`)
    }
    return this.chunks.refer(offset as number, length as number, crc as number)
  }

  /** `!t<Name>:<bytes>`, or `!t<Name>/<elements>:<bytes>` for one whose trailing zeros were left out. */
  private typedArray(raw: string): ArrayBufferView {
    const colon = raw.indexOf(':')
    const slash = raw.lastIndexOf('/', colon)
    const name = raw.slice(2, slash > 0 ? slash : colon)
    const Type = TYPED_ARRAYS[name as TypedArrayName]
    if (!Type) throw new SnapshotError(`unknown typed array ${name}`)
    const bytes = this.codec.decode(raw.slice(colon + 1))
    const elements = slash > 0 ? Number(raw.slice(slash + 1, colon)) : bytes.length / Type.BYTES_PER_ELEMENT
    if (!Number.isSafeInteger(elements) || elements * Type.BYTES_PER_ELEMENT < bytes.length)
      throw new SnapshotError('a typed array of the wrong length')
    const copy = new Uint8Array(elements * Type.BYTES_PER_ELEMENT)
    copy.set(bytes)
    return new Type(copy.buffer, 0, elements)
  }
}

/**
 * A constructor of empty objects of `prototype` that have every key of a shape, in order (undefined until their
 * line fills them), as the class's own constructor makes them: the objects of one shape share one hidden class.
 * Keys added one by one to `Object.create(prototype)` turned an Order (24 fields) into a dictionary-mode object:
 * 1 M of them took ~6× the memory and ~4× the time to read, and stayed slow to use afterwards. The keys go into
 * the source as JSON string literals, so a snapshot's text cannot become code.
 */
function shapeConstructor(prototype: object, keys: readonly string[]): new () => Record<string, unknown> {
  if (!Array.isArray(keys) || keys.some((key) => typeof key !== 'string')) {
    throw new SnapshotError('a shape whose keys are not texts')
  }
  const body = keys.map((key) => `this[${JSON.stringify(key)}] = undefined`).join('\n')
  const made = new Function(body) as unknown as { prototype: object }
  made.prototype = prototype
  return made as unknown as new () => Record<string, unknown>
}

function shapeName(shape: Shape): string {
  return shape.kind === 'object' ? shape.class : shape.kind
}
