// Small DOM helpers of the dashboard: elements by id, table bodies from rows, number and time texts.

/** The element with `id`; the page has it (index.html). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id)
  if (!el) throw new Error(`the page has no #${id}`)
  return el as T
}

/** One table cell: its text and an optional class. */
export type Cell = string | { readonly text: string; readonly className: string }

/** Replaces the rows of `table`'s body; `empty` shows when there are none. */
export function fillTable(
  table: HTMLTableElement,
  rows: readonly (readonly Cell[])[],
  empty: string,
  rowClass?: (i: number) => string,
) {
  const body = table.tBodies[0] ?? table.createTBody()
  const trs = rows.map((cells, i) => {
    const tr = document.createElement('tr')
    const cls = rowClass?.(i)
    if (cls) tr.className = cls
    for (const cell of cells) {
      const td = document.createElement('td')
      if (typeof cell === 'string') td.textContent = cell
      else {
        td.textContent = cell.text
        td.className = cell.className
      }
      tr.append(td)
    }
    return tr
  })
  if (trs.length === 0) {
    const tr = document.createElement('tr')
    tr.className = 'empty'
    const td = document.createElement('td')
    td.colSpan = table.tHead?.rows[0]?.cells.length ?? 1
    td.textContent = empty
    tr.append(td)
    trs.push(tr)
  }
  body.replaceChildren(...trs)
}

/** A decimal text without its trailing zeros, keeping at least `min` decimals ("60000.10000000" → "60000.10"). */
export function trim(text: string, min = 2): string {
  const dot = text.indexOf('.')
  if (dot < 0) return text
  let end = text.length
  while (end > dot + 1 + min && text[end - 1] === '0') end--
  return text.slice(0, end === dot + 1 ? dot : end)
}

/** A decimal text with `n` decimals: cut, or padded with zeros ("0.05022500", 6 → "0.050225"; "60000.1", 2 → "60000.10"). */
export function places(text: string, n: number): string {
  const [whole = '', decimals = ''] = text.split('.')
  return n === 0 ? whole : `${whole}.${decimals.padEnd(n, '0').slice(0, n)}`
}

/** HH:MM:SS (UTC) of a time in ms; with `ms`, also the milliseconds. */
export function clockText(time: number, ms = false): string {
  const iso = new Date(time).toISOString()
  return iso.slice(11, ms ? 23 : 19)
}
