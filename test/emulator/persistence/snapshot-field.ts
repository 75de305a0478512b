// Reading one field out of a snapshot's object graph (src/emulator/exchange/snapshot/graph-format.ts): the tests
// that check what a snapshot holds in full and what it only refers to in the history file.

/** The items of field `key` of the first instance of `className` (the first symbol's), in the graph's `lines`. */
export function snapshotField(lines: readonly string[], className: string, key: string): unknown[] {
  const parsed = lines.map((line) => JSON.parse(line) as unknown)
  const objects = parsed.filter((p): p is unknown[] => Array.isArray(p))
  const shape = parsed.find(
    (p): p is { id: number; keys: string[] } => (p as { class?: string }).class === className,
  )
  const instance = objects.find((o) => o[0] === shape?.id) as unknown[]
  const ref = String(instance[1 + (shape?.keys.indexOf(key) ?? -1)])
  return (objects[Number(ref.slice(1, ref.indexOf(':')))] as unknown[]).slice(1)
}

/** The graph lines of a snapshot file's text (src/emulator/api/persistence/snapshot-file.ts): each line's text. */
export function snapshotLines(text: string): string[] {
  const lines = text.split('\n').map((line) => line.slice(9))
  // Not the header (first), the count (`end <n>`, last) or the empty text after the final newline.
  return lines.slice(
    1,
    lines.findLastIndex((line) => line.startsWith('end ')),
  )
}
