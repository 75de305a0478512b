// The result type a catalogue row carries: a type only; at run time every row holds the same empty marker.

declare const resultType: unique symbol

/** Carries a method's `result` type in its catalogue row; `ResultOf` reads it back. */
export interface Returns<T> {
  readonly [resultType]?: T
}

const MARKER: Returns<never> = Object.freeze({})

/** The `result` field of a row whose method answers `T`. */
export function returns<T>(): Returns<T> {
  return MARKER
}
