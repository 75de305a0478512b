// Binary search over a sorted list.

/** The first index whose element satisfies `ok` (which must be monotonic over the array). */
export function lowerBound<T>(list: readonly T[], ok: (item: T) => boolean): number {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (ok(list[mid] as T)) hi = mid
    else lo = mid + 1
  }
  return lo
}
