// Terminal styling that degrades to plain text when output is not a terminal (or NO_COLOR is set).
import { styleText } from 'node:util'

type Style = Parameters<typeof styleText>[0]

const enabled = process.stdout.isTTY === true && !process.env['NO_COLOR']

/** `text` in `style` on a colour terminal, plain otherwise. */
export function paint(style: Style, text: string): string {
  return enabled ? styleText(style, text) : text
}

/** Left-aligned columns with a dim header row. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()
  return [paint('dim', line(header)), ...rows.map(line)].map((l) => `    ${l}`).join('\n')
}
