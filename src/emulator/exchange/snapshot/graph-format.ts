// The text form of an object graph (a snapshot's body): one line per shape, one line per object.
//
// An object's line is a JSON array: its shape's number, then its values — a class instance's own fields in its
// shape's key order, an array's items, a Map's keys and values alternately, a Set's items. A shape's line is a
// JSON object (`Shape`), written before the first object of that shape. Objects are numbered in the order they
// are first reached (breadth first from the root, 0); their lines come in that order. A value is a JSON
// number, boolean or null as itself, or a string:
//   '@<n>:<shape>'  the object n, first reached here (the reader makes it here)   '@<n>'  the object n again
//   '!u' undefined   '!f' a function (the wiring of a fresh exchange keeps its own)   '!n<digits>' a BigInt
//   '!k' an object the fresh graph keeps (the configuration, which holds secrets and which the reader's graph
//   was built from)
//   '!N' NaN   '!I' Infinity   '!J' -Infinity   '!z' -0   '!t<TypedArray>:<base64>' a typed array (never shared);
//   '!t<TypedArray>/<elements>:<base64>' one of that many elements whose trailing zero bytes are left out
//   '!c<offset>:<length>:<crc32>' a chunk of history in the data dir's history file (its bytes are not here)
//   '!s<text>' a string that starts with '@' or '!'; any other string is itself.

/** How one kind of object is written: a container, or a class instance (or plain object) with its keys. */
export type Shape =
  | { readonly id: number; readonly kind: 'array' | 'map' | 'set'; readonly frozen: boolean }
  | {
      readonly id: number
      readonly kind: 'object'
      /** The registered class name, or 'Object' for a plain object. */
      readonly class: string
      readonly keys: readonly string[]
      readonly frozen: boolean
    }

/** A snapshot that cannot be written (state the format cannot hold) or read (damaged, or not of this exchange). */
export class SnapshotError extends Error {
  override name = 'SnapshotError'
}

/** The typed arrays a snapshot holds, by name. */
export const TYPED_ARRAYS = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
} as const

export type TypedArrayName = keyof typeof TYPED_ARRAYS

/** Bytes to text and back (base64): given by the caller, as this layer uses no built-in module. */
export interface BytesCodec {
  encode(bytes: Uint8Array): string
  decode(text: string): Uint8Array
}
